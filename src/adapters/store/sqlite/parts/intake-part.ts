/** The intake part of the SQLite MailStore (ports/store/intake-store.ts). */
import type { IntakeReads, IntakeWrites } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

export function intakePart(ctx: StoreContext): StorePart<IntakeReads, IntakeWrites> {
  void ctx;
  throw new Error('not built yet');
}
