/** A customer's language in the SQLite store (ports/store/language-store.ts): a JSON column on messages, one on customers. */
import type { LanguageReads, LanguageWrites, MessageLanguageRead } from '../../../../core/ports/mail-store.js';
import { emptyShared } from '../../../../core/domain/shared-state/shared-state.js';
import { customerQueries } from '../customer-queries.js';
import type { StoreContext, StorePart } from './store-context.js';
import type { SharedJournal } from './shared-part.js';

export function languagePart(ctx: StoreContext, journal: SharedJournal): StorePart<LanguageReads, LanguageWrites> {
  const { db } = ctx.index;
  // messages_from (schema 5) holds inbound mail only.
  const inputs = db.prepare("SELECT rowid, language_json FROM messages WHERE from_addr = ? AND direction = 'in' ORDER BY date DESC, rowid DESC LIMIT ?");
  const setting = db.prepare('SELECT language FROM customers WHERE email = ?').pluck();
  const setMessage = db.prepare('UPDATE messages SET language_json = ? WHERE rowid = ?');
  const customers = customerQueries(db);
  return {
    reads: {
      languageInputs: (email, limit) =>
        (inputs.all(email, limit) as { rowid: number; language_json: string | null }[]).map((r) => ({
          seq: r.rowid,
          language: r.language_json === null ? null : (JSON.parse(r.language_json) as MessageLanguageRead),
        })),
      customerLanguageSetting: (email) => (setting.get(email) as string | null | undefined) ?? null,
    },
    writes: {
      setMessageLanguages(entries) {
        ctx.rev();
        for (const e of entries) setMessage.run(JSON.stringify(e.language), e.seq);
      },
      setCustomerLanguage(email, language) {
        ctx.rev();
        customers.setLanguage(email, language);
        // The owner's word on a customer travels to the other machines, as a greeting does.
        journal.record({ ...emptyShared(), customers: { [email]: { language: { v: language, at: journal.now() } } } });
      },
    },
  };
}
