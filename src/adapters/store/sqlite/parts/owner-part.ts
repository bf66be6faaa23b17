/** The owner part of the SQLite MailStore (ports/store/owner-store.ts). */
import type { OwnerReads, OwnerWrites } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

export function ownerPart(ctx: StoreContext): StorePart<OwnerReads, OwnerWrites> {
  void ctx;
  throw new Error('not built yet');
}
