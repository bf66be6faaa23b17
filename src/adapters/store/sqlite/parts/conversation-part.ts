/** The conversation part of the SQLite MailStore (ports/store/conversation-store.ts). */
import { NotFoundError } from '../../../../core/errors.js';
import type { ConversationReads, ConversationWrites, SharedCustomerWrite } from '../../../../core/ports/mail-store.js';
import type { ConversationState, Note } from '../../../../core/domain/conversation.js';
import { conversationEntries } from '../conversation-entries.js';
import { customerQueries } from '../customer-queries.js';
import { customerAddresses, personAddressesSql } from '../customer-addresses.js';
import { isEmailAddress, normaliseAddress } from '../../../../core/domain/address.js';
import { conversationFinder } from '../find-conversations.js';
import type { ConversationRow } from '../map-conversation.js';
import { registerQueryFunctions, type OwnerMarks } from '../query-sql.js';
import type { StoreContext, StorePart } from './store-context.js';
import type { SharedJournal } from './shared-part.js';
import { conversationDelta } from '../../../../core/domain/shared-state/state-mapping.js';
import { emptyShared } from '../../../../core/domain/shared-state/shared-state.js';
import { parseHlc } from '../../../../core/domain/shared-state/hlc.js';

// A JSON array bound as one parameter: one prepared statement whatever the number of ids.
const inJson = 'SELECT value FROM json_each(?)';

/** `ownerMarks`: the conversations with a saved draft or a reply that did not go (the owner part's), for is:draft and is:failed. */
export function conversationPart(
  ctx: StoreContext,
  journal: SharedJournal,
  ownerMarks: () => OwnerMarks = () => ({}),
): StorePart<ConversationReads, ConversationWrites> & {
  applyShared: (states: Map<string, ConversationState>) => void;
  applySharedCustomer: (email: string, c: SharedCustomerWrite) => void;
} {
  const { db } = ctx.index;
  registerQueryFunctions(db);
  const entries = conversationEntries(db);
  const finder = conversationFinder(db, entries, undefined, ownerMarks);
  const customers = customerQueries(db);
  const addresses = customerAddresses(db);
  const sameAsEntries = db.prepare("SELECT key, json_extract(doc, '$.sameAs.v') AS person, json_extract(doc, '$.sameAs.at') AS at FROM shared_entries WHERE kind = 'u' AND json_type(doc, '$.sameAs') IS NOT NULL");
  const mergeWords = () =>
    (sameAsEntries.all() as { key: string; person: string | null; at: string }[]).flatMap((r) => {
      const wall = parseHlc(r.at)?.wall;
      if (wall === undefined || (r.person !== null && !isEmailAddress(r.person))) return [];
      return [{ address: r.key, person: r.person === null ? null : normaliseAddress(r.person), at: r.at, wall }];
    });
  const ofCustomer = db.prepare(`SELECT * FROM conversations WHERE customer IN ${personAddressesSql('@e')} ORDER BY first_at, id`);
  const noteOwner = db.prepare(`SELECT customer FROM notes WHERE id = @id AND customer IN ${personAddressesSql('@e')}`).pluck();
  const prefixed = db.prepare("SELECT id FROM conversations WHERE id >= ? AND id < ? || char(0x10FFFF) ORDER BY id LIMIT ?").pluck();
  // A customer's name changes with their mail, which rewrites one of their conversations: their others show the name too.
  // One indexed SELECT per reason, named (an OR over them, or a UNION sorting by id, scans every
  // conversation: the planner cannot know that few rows are newer than @since); duplicates go in JS.
  const changed = db.prepare(
    `SELECT id FROM conversations INDEXED BY conversations_rev WHERE rev > @since
     UNION ALL SELECT id FROM conversations INDEXED BY conversations_state_rev WHERE state_rev > @since
     UNION ALL SELECT id FROM conversations INDEXED BY conversations_status_last WHERE status = 'snoozed' AND snoozed_until > @after AND snoozed_until <= @upTo
     UNION ALL SELECT id FROM conversations INDEXED BY conversations_customer WHERE customer IN (SELECT customer FROM conversations INDEXED BY conversations_rev WHERE rev > @since)`,
  ).pluck();
  // Conversations go away by merging (their id lives on as an alias of one that changed) or, rarely, by
  // forget and reindex, which note the revision (meta removed_rev).
  const removedAt = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'removed_rev'").pluck();
  const mergedInto = db.prepare(`SELECT id FROM conversation_aliases WHERE survivor IN (${inJson})`).pluck();
  const tagsInUse = db.prepare('SELECT tag FROM conversation_tags GROUP BY tag ORDER BY count(*) DESC, tag').pluck();
  const byMessageIds = db.prepare(
    `SELECT message_id AS messageId, conversation_id AS conversationId FROM messages
     WHERE message_id IN (${inJson}) AND conversation_id IS NOT NULL ORDER BY rowid`,
  );

  const reads: ConversationReads = {
    findConversations: (q) => finder.find(q),
    listConversations: (q) => finder.items(q),
    changedConversations: (since, snoozes) => [...new Set(changed.all({ since, after: snoozes.after, upTo: snoozes.upTo }) as string[])],
    removedConversations(since, changed) {
      if (((removedAt.get() as number | undefined) ?? 0) > since) return null;
      return changed.length === 0 ? [] : (mergedInto.all(JSON.stringify(changed)) as string[]);
    },
    conversation(id) {
      const current = ctx.index.conversations.resolve(id);
      return current === undefined ? undefined : entries.byId(current);
    },
    conversationIdsWithPrefix: (prefix, max) => prefixed.all(prefix, prefix, max) as string[],
    conversationsOfCustomer: (email) => entries.entries(ofCustomer.all({ e: email }) as ConversationRow[]),
    customer: (email) => customers.person(email),
    customerNames: (emails) => customers.names(emails),
    customers: () => customers.customers(),
    tagsInUse: () => tagsInUse.all() as string[],
    conversationsOfMessageIds(messageIds) {
      const out = new Map<string, string>();
      for (const hit of byMessageIds.all(JSON.stringify(messageIds)) as { messageId: string; conversationId: string }[]) {
        if (!out.has(hit.messageId)) out.set(hit.messageId, hit.conversationId);
      }
      return out;
    },
  };

  const writes: ConversationWrites = {
    writeStates(states) {
      const rev = ctx.rev();
      for (const [id, state] of states) {
        const before = entries.byId(id)?.state;
        if (!before || !entries.writeState(rev, id, state)) throw new NotFoundError(`no conversation "${id}"`);
        // Shared with the other machines: what this write changed, under the conversation's anchor.
        const delta = conversationDelta(before, entries.byId(id)!.state, journal.now());
        const anchor = delta && journal.anchorOf(id);
        if (delta && anchor) journal.record({ ...emptyShared(), conversations: { [anchor]: delta } });
      }
    },
    addCustomerNote(address, note) {
      ctx.rev();
      // Written after a merge, a note is about the person: a split leaves it with them.
      const email = addresses.personOf(address);
      if (!customers.addNote(email, note)) throw new NotFoundError(`no customer "${email}"`);
      journal.record({ ...emptyShared(), customers: { [email]: { notes: { [note.id]: [{ at: journal.now(), text: note.text, written: note.at, ...(note.author ? { author: note.author } : {}) }] } } } });
    },
    removeCustomerNote(address, noteId) {
      ctx.rev();
      // A person's notes include those about the addresses merged into them: removed (and shared) under the address it is about.
      const email = (noteOwner.get({ e: addresses.personOf(address), id: noteId }) as string | undefined) ?? address;
      const removed = customers.removeNote(email, noteId);
      if (removed) journal.record({ ...emptyShared(), customers: { [email]: { notes: { [noteId]: [{ at: journal.now(), text: null, written: new Date().toISOString() }] } } } });
      return removed;
    },
    setFirstName(email, firstName) {
      ctx.rev();
      customers.setFirstName(email, firstName);
      journal.record({ ...emptyShared(), customers: { [email]: { greeting: { v: firstName, at: journal.now() } } } });
    },
    setCustomerRegister(email, register) {
      ctx.rev();
      customers.setRegister(email, register);
      journal.record({ ...emptyShared(), customers: { [email]: { register: { v: register, at: journal.now() } } } });
    },
  };

  /** Decisions that came from the shared state: written, not recorded again. */
  const applyShared = (states: Map<string, ConversationState>) => {
    const rev = ctx.rev();
    for (const [id, state] of states) entries.writeState(rev, id, state);
  };
  const applySharedCustomer = (email: string, c: SharedCustomerWrite) => {
    ctx.rev();
    // Who is who, again from every machine's words (the entries hold them all, this one's too): one
    // hop, and the same people on every machine whatever order the words came in.
    if (c.sameAs !== undefined) addresses.rebuild(mergeWords());
    if (c.notes) {
      const keep = new Set(c.notes.map((n) => n.id));
      for (const n of customers.customer(email)?.notes ?? []) if (!keep.has(n.id)) customers.removeNote(email, n.id);
      for (const n of c.notes) customers.addNote(email, n);
    }
    if (c.firstName !== undefined) customers.setFirstName(email, c.firstName);
    if (c.language !== undefined) customers.setLanguage(email, c.language);
    if (c.register !== undefined) customers.setRegister(email, c.register);
  };
  return { reads, writes, applyShared, applySharedCustomer };
}
