/**
 * The store documents' maps as null-prototype objects (core/domain/dict.ts), on load and in every
 * transaction: their keys come from mail (addresses, folder names) or from files a user imports
 * (`import --state`), and a key like `__proto__` or `constructor` must read and write as an entry.
 */
import { dict } from '../../../core/domain/dict.js';
import type { MailData, StateData } from '../../../core/ports/store/v1-documents.js';

export function withSafeMailMaps<T extends MailData>(mail: T): T {
  return {
    ...mail,
    conversations: dict(mail.conversations),
    aliases: dict(mail.aliases),
    customers: dict(mail.customers),
    copies: dict(mail.copies),
    sync: { ...mail.sync, ...(mail.sync.folders ? { folders: dict(mail.sync.folders) } : {}) },
  };
}

export function withSafeStateMaps<T extends StateData>(state: T): T {
  return {
    ...state,
    conversations: dict(state.conversations),
    customers: dict(state.customers),
    ...(state.outbox ? { outbox: dict(state.outbox) } : {}),
    ...(state.drafts ? { drafts: dict(state.drafts) } : {}),
  };
}
