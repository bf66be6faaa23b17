/**
 * The tables of the mail index (docs/store-v2.md, "Schema"). Everything whose size grows with the
 * mailbox is a row here, so every write is a small transaction and no write rewrites a growing file.
 *
 * Conventions: dates are epoch milliseconds (the domain date: Date header, else INTERNALDATE, else
 * arrival); `rev` columns carry the revision (meta `revision`) of the transaction that last wrote the
 * row; lists that are only ever read whole (addresses, attachments, references) are JSON text.
 *
 * Refinements of the plan, and why:
 * - `message_fts` has one column: the text the import already assembles for search (subject, the
 *   customer's side of the address lines, attachment names, new text; `messageSearchText`). The query
 *   language has no per-column text terms, so two columns would only cost space.
 * - `message_fts` is contentless (`content=''`) with `contentless_delete=1`: the text is kept once, in
 *   `message_texts`; the index holds only tokens, and `forget` can still delete a message's row.
 * - CJK, Thai and Hangul text goes into the same table one character per token (fts-text.ts) rather
 *   than into a second trigram table: a trigram index cannot match a 2-character word (most Chinese
 *   and Japanese words), while per-character tokens match any length, and a phrase of them matches
 *   the characters side by side (bench/sqlite-cjk-choice.ts measures both: 20,000 documents, per-character
 *   2.0 MiB vs trigram 2.7 MiB; 2-character words: per-character finds them, trigram finds nothing).
 * - `conversation_participants.kind` also has 'subject' (every subject seen, for `subject:`).
 * - `conversations.status_at` / `read_at` are dates, per the plan.
 * - `conversations.created_seq`: the seq of the message that started the conversation. When mail
 *   merges two conversations, the one started first survives (ConversationGrouper): a revision cannot
 *   decide that (one import batch creates many conversations in one revision).
 * - `messages.subject_key`: the key under which the subject rule of grouping looks for partners
 *   (subjectKey in conversation-relation.ts; NULL when the rule does not apply), indexed with the
 *   date, so the nearest partner on each side is one index probe (`subjectNeighbours`).
 * - `meta.copies_reviewed`: set once the copies kept by older versions were reviewed (copy-review.ts).
 * - `meta.removed_rev`: the last revision that removed conversations other than by merging (forget,
 *   reindex). A list kept current from what changed (listSnapshot) is read whole after it; a merged
 *   conversation is found by its alias instead.
 * - `folder_uids.rev` (the revision that last recorded the UID) and `folders.pushed_rev` (the revision
 *   a folder's flags were last pushed at): flag push looks only at UIDs recorded, and conversations
 *   decided about, since then, so a sync with nothing to push does no work per message.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The schema this code writes. Version 1 was the JSON layout (mail.json, state.json). */
export const schemaVersion = 11;

const v2 = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE messages(
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  short_id TEXT NOT NULL UNIQUE,
  message_id TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0,
  hash TEXT NOT NULL,
  content TEXT,
  shares_id INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL,
  date INTEGER NOT NULL,
  from_addr TEXT,
  from_name TEXT,
  to_json TEXT NOT NULL DEFAULT '[]',
  cc_json TEXT NOT NULL DEFAULT '[]',
  reply_to_json TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  base_subject TEXT NOT NULL DEFAULT '',
  references_json TEXT NOT NULL DEFAULT '[]',
  in_reply_to_json TEXT NOT NULL DEFAULT '[]',
  in_reply_to_ok INTEGER NOT NULL DEFAULT 1,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  customer TEXT NOT NULL,
  attachments_json TEXT NOT NULL DEFAULT '[]',
  snippet TEXT NOT NULL DEFAULT '',
  seen_on_arrival INTEGER NOT NULL DEFAULT 0,
  parse_error TEXT,
  source TEXT NOT NULL DEFAULT '',
  conversation_id TEXT,
  subject_key TEXT,
  rev INTEGER NOT NULL,
  off_server INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_hash ON messages(hash);
CREATE INDEX messages_content ON messages(content) WHERE content IS NOT NULL;
CREATE INDEX messages_conversation ON messages(conversation_id, date);
CREATE INDEX messages_customer ON messages(customer, date);
CREATE INDEX messages_rev ON messages(rev);
CREATE INDEX messages_subject ON messages(subject_key, date, conversation_id) WHERE subject_key IS NOT NULL;

CREATE TABLE message_refs(message_rowid INTEGER NOT NULL REFERENCES messages(rowid) ON DELETE CASCADE, ref TEXT NOT NULL,
  PRIMARY KEY(message_rowid, ref)) WITHOUT ROWID;
CREATE INDEX message_refs_ref ON message_refs(ref);

CREATE TABLE message_texts(message_rowid INTEGER PRIMARY KEY REFERENCES messages(rowid) ON DELETE CASCADE, text TEXT, split_json TEXT);

CREATE VIRTUAL TABLE message_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

CREATE TABLE message_copies(message_rowid INTEGER NOT NULL REFERENCES messages(rowid) ON DELETE CASCADE, hash TEXT NOT NULL,
  PRIMARY KEY(message_rowid, hash)) WITHOUT ROWID;
CREATE INDEX message_copies_hash ON message_copies(hash);

CREATE TABLE conversations(
  id TEXT PRIMARY KEY,
  customer TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  base_subject TEXT NOT NULL DEFAULT '',
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  last_inbound_at INTEGER,
  last_unseen_inbound_at INTEGER,
  last_outbound_at INTEGER,
  waiting_since INTEGER,
  last_is_outbound INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  message_count INTEGER NOT NULL DEFAULT 0,
  created_seq INTEGER,
  created_rev INTEGER NOT NULL,
  rev INTEGER NOT NULL,
  status TEXT CHECK (status IN ('open', 'waiting', 'closed', 'snoozed')),
  status_at INTEGER,
  snoozed_until INTEGER,
  read_at INTEGER,
  marked_unread INTEGER NOT NULL DEFAULT 0,
  state_rev INTEGER
) WITHOUT ROWID;
CREATE INDEX conversations_status_last ON conversations(status, last_at);
CREATE INDEX conversations_customer ON conversations(customer);
CREATE INDEX conversations_last ON conversations(last_at);
CREATE INDEX conversations_waiting ON conversations(waiting_since);
CREATE INDEX conversations_rev ON conversations(rev);
CREATE INDEX conversations_state_rev ON conversations(state_rev);

CREATE TABLE conversation_aliases(id TEXT PRIMARY KEY, survivor TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE conversation_tags(conversation_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(conversation_id, tag)) WITHOUT ROWID;
CREATE INDEX conversation_tags_tag ON conversation_tags(tag);

CREATE TABLE conversation_participants(conversation_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('from', 'to', 'subject')), text TEXT NOT NULL,
  PRIMARY KEY(conversation_id, kind, text)) WITHOUT ROWID;

CREATE TABLE notes(id TEXT PRIMARY KEY, conversation_id TEXT, customer TEXT, text TEXT NOT NULL, at INTEGER NOT NULL, author TEXT,
  CHECK ((conversation_id IS NULL) <> (customer IS NULL)));
CREATE INDEX notes_conversation ON notes(conversation_id, at) WHERE conversation_id IS NOT NULL;
CREATE INDEX notes_customer ON notes(customer, at) WHERE customer IS NOT NULL;

CREATE TABLE customers(email TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', name_at INTEGER, first_name TEXT) WITHOUT ROWID;

CREATE TABLE folders(path TEXT PRIMARY KEY, uid_validity TEXT NOT NULL, uid_next INTEGER NOT NULL, highest_modseq TEXT, pushed_rev INTEGER) WITHOUT ROWID;
CREATE TABLE folder_uids(path TEXT NOT NULL REFERENCES folders(path) ON DELETE CASCADE, uid INTEGER NOT NULL, message_rowid INTEGER NOT NULL,
  flags TEXT NOT NULL DEFAULT '', rev INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(path, uid)) WITHOUT ROWID;
CREATE INDEX folder_uids_message ON folder_uids(message_rowid);
CREATE INDEX folder_uids_rev ON folder_uids(path, rev);
CREATE TABLE folder_too_large(path TEXT NOT NULL REFERENCES folders(path) ON DELETE CASCADE, uid INTEGER NOT NULL, size INTEGER NOT NULL,
  PRIMARY KEY(path, uid)) WITHOUT ROWID;

-- Raw files erased by a forget, recorded in the transaction that removed their rows and deleted
-- right after it: a forget killed in between finishes on the next run, never leaving mail behind.
CREATE TABLE pending_raw_deletes(hash TEXT PRIMARY KEY) WITHOUT ROWID;

INSERT INTO meta(key, value) VALUES ('revision', '0');
`;

/**
 * Migrations by the version they produce. A store at version n runs n+1, n+2, … in one
 * transaction each, so a crash leaves it at a whole version. Version 2 creates the index from
 * nothing (the v1 JSON import is the migration step in the store, not a schema change).
 */
export const migrations: Record<number, (db: Database.Database) => void> = {
  2: (db) => db.exec(v2),
  // When the owner last changed a conversation's status, by the clock ("closed on 3 Dec"); NULL for
  // decisions made before (shown without a date).
  3: (db) => db.exec('ALTER TABLE conversations ADD COLUMN status_changed_at INTEGER'),
  // Mail from a machine (core/domain/automated.ts): its kind and what decided it; NULL for a person,
  // and for mail stored before (h2h reindex classifies it).
  // A conversation whose mail from outside is all a machine's, and the kinds of machine mail in it.
  4: (db) =>
    db.exec(
      'ALTER TABLE messages ADD COLUMN automated TEXT; ALTER TABLE messages ADD COLUMN automated_by TEXT; ' +
        'ALTER TABLE conversations ADD COLUMN automated_only INTEGER NOT NULL DEFAULT 0; ALTER TABLE conversations ADD COLUMN automated_kinds TEXT;',
    ),
  // A sender's mail, for the owner's word on them (h2h sender) and blocking: inbound mail only.
  5: (db) => db.exec("CREATE INDEX messages_from ON messages(from_addr) WHERE direction = 'in'"),
  // A bounce's report (which of the shop's messages did not arrive, to whom, why), and a
  // conversation's newest bounce not followed by mail from the shop (is:bounced); NULL for mail stored before.
  6: (db) => db.exec('ALTER TABLE messages ADD COLUMN bounce_json TEXT; ALTER TABLE conversations ADD COLUMN bounced_at INTEGER;'),
  // The owner's decisions as shared with other machines (core/domain/shared-state): the merged state
  // by entry (a conversation's anchor Message-ID, a customer, a sender), and local deltas not yet sent.
  7: (db) =>
    db.exec(
      'CREATE TABLE shared_entries(kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID; ' +
        'CREATE TABLE shared_pending(id INTEGER PRIMARY KEY AUTOINCREMENT, delta TEXT NOT NULL); ' +
        // This store's id among the machines (a copied data folder keeps it; a new store gets its own).
        `INSERT INTO meta(key, value) VALUES ('shared_node', '${randomBytes(8).toString('hex')}'); ` +
        // A store with decisions from before shares them once, at its first sync (state-sync.ts); a new one has none.
        "INSERT INTO meta(key, value) SELECT 'shared_seeded', '1' WHERE NOT EXISTS (SELECT 1 FROM conversations);",
    ),
  // A customer's language (issue 19): each inbound message's, read once when first needed
  // ({"language","reliable","chars"}; NULL: not read yet), and the owner's setting for the customer.
  8: (db) => db.exec('ALTER TABLE messages ADD COLUMN language_json TEXT; ALTER TABLE customers ADD COLUMN language TEXT;'),
  // The owner's promise on a conversation (issue 19): when it comes back, what was promised, when it was made.
  9: (db) =>
    db.exec(
      'ALTER TABLE conversations ADD COLUMN promise_by INTEGER; ALTER TABLE conversations ADD COLUMN promise_text TEXT; ALTER TABLE conversations ADD COLUMN promise_at INTEGER; ' +
        'CREATE INDEX conversations_promise ON conversations(promise_by) WHERE promise_by IS NOT NULL;',
    ),
  // A person with several addresses (issue 19): each address merged into another customer, the person.
  // Nothing else moves on a merge (conversations and notes keep their own address; reads join through
  // this table), so a split is one deleted row and gives back exactly what the address had.
  10: (db) =>
    db.exec(
      'CREATE TABLE customer_addresses(address TEXT PRIMARY KEY, person TEXT NOT NULL, merged_at INTEGER NOT NULL) WITHOUT ROWID; ' +
        'CREATE INDEX customer_addresses_person ON customer_addresses(person);',
    ),
  // The register replies to a customer are written in ('formal', 'informal'; NULL: the shop's), as
  // the owner last wrote to them or set it (issue 19).
  11: (db) => db.exec('ALTER TABLE customers ADD COLUMN register TEXT;'),
};
