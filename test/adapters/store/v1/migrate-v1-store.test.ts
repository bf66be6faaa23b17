/**
 * The v1 → v2 migration on stores written by the released v1 code (test/fixtures/v1-store): every
 * row of the new index against what the v1 reader reads and what the released CLI printed
 * (expected/*), with v2's own rules (dates, not arrival) giving the statuses and read marks the
 * released CLI showed. Kills in the middle of a migration are in migrate-v1-kill.test.ts.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../../src/adapters/mime/postal-mime-parser.js';
import { conversationEntries } from '../../../../src/adapters/store/sqlite/conversation-entries.js';
import { openMailIndex } from '../../../../src/adapters/store/sqlite/mail-index.js';
import type { UndoRecord } from '../../../../src/core/ports/mail-store.js';
import { migrateV1Store, migrationDirName, v1BackupDirName, type MigrationReport } from '../../../../src/adapters/store/v1/migrate-v1-store.js';
import { readV1Store, type V1Message, type V1Store } from '../../../../src/adapters/store/v1/read-v1-store.js';
import { v1MigrationOptions } from '../../../../src/app/open-store.js';
import { suiteDir, tempDir } from '../../../helpers/temp-dir.js';

const fixtures = join(import.meta.dirname, '../../../fixtures/v1-store');
const expected = <T>(fixture: string, name: string): T => JSON.parse(readFileSync(join(fixtures, 'expected', fixture, name), 'utf8')) as T;
type Note = { id: string; text: string; at: string; author?: string };
type ListRow = { id: string; status: string; snoozedUntil: string | null; tags: string[]; unread: boolean; messageCount: number; customer: { email: string; name: string; firstName: string | null } };
type CustomerRow = { email: string; name: string; firstName: string | null; notes: Note[] };
type ExportConversation = { id: string; notes: Note[]; messages: { id: string }[] };

function unpack(name: string, into = suiteDir()): string {
  execFileSync('tar', ['-xzf', join(fixtures, `${name}.tar.gz`), '-C', into]);
  return join(into, 'data');
}

const exported = (fixture: string) =>
  gunzipSync(readFileSync(join(fixtures, 'expected', fixture, 'expected-export.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExportConversation);

/** What the v1 store held, read before the migration moves it away: the reader's view and every file's bytes. */
async function before(dataDir: string) {
  const v1 = await readV1Store(dataDir);
  const messages: V1Message[] = [];
  for await (const m of v1.messages()) messages.push(m);
  const files = new Map(['mail.json', 'state.json', 'messages/000000.json'].filter((f) => existsSync(join(dataDir, f))).map((f) => [f, readFileSync(join(dataDir, f))]));
  return { v1, messages, files };
}

const migrate = async (dataDir: string) => migrateV1Store(dataDir, await v1MigrationOptions(new PostalMimeParser()));
const sortNotes = (notes: Note[] = []) => notes.map(({ id, text, at, author }) => ({ id, text, at, ...(author ? { author } : {}) })).sort((a, b) => a.id.localeCompare(b.id));

describe('migrating the full v1 store (sync, imports, decisions, notes, draft, outbox, undo)', () => {
  let dataDir: string;
  let v1: V1Store;
  let messages: V1Message[];
  let files: Map<string, Buffer>;
  let report: MigrationReport | undefined;
  let db: Database.Database;
  beforeAll(async () => {
    dataDir = unpack('full');
    chmodSync(dataDir, 0o700);
    ({ v1, messages, files } = await before(dataDir));
    report = await migrate(dataDir);
    db = new Database(join(dataDir, 'index.sqlite'), { readonly: true });
    return () => db.close();
  });

  it('keeps every message under its v1 seq as its rowid, with the same metadata, kept text and quote split', () => {
    expect(report?.messages).toBe(v1.committedSeq);
    const index = openMailIndex(dataDir, { readonly: true });
    try {
      const rows = index.messages.byRowids(messages.map((m) => m.meta.seq));
      expect(rows).toEqual(messages.map((m) => m.meta));
      for (const m of messages) expect(index.messages.text(m.meta.seq), m.meta.id).toEqual({ ...(m.text !== undefined ? { text: m.text } : {}), ...(m.split ? { split: m.split } : {}) });
    } finally {
      index.close();
    }
    // Every message has its search tokens: one FTS row each.
    expect(db.prepare('SELECT count(*) FROM message_fts').pluck().get()).toBe(v1.committedSeq);
  });

  it('finds each message by a word of its subject through the search index', () => {
    const find = db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').pluck();
    const subjects = messages.filter((m) => /^[A-Za-z]{5,}$/.test(m.meta.subject.split(' ').at(-1) ?? '')).slice(0, 20);
    expect(subjects.length).toBeGreaterThan(0);
    for (const m of subjects) expect(find.all(`"${m.meta.subject.split(' ').at(-1)}"`), m.meta.subject).toContain(m.meta.seq);
  });

  it('keeps every conversation id, its messages and aliases, and v1 creation order', () => {
    const list = expected<ListRow[]>('full', 'expected-list.json');
    const rows = db.prepare('SELECT id, message_count, created_rev FROM conversations').all() as { id: string; message_count: number; created_rev: number }[];
    expect(rows.map((r) => r.id).sort()).toEqual(list.map((r) => r.id).sort());
    for (const row of list) expect(rows.find((r) => r.id === row.id)?.message_count, row.id).toBe(row.messageCount);
    const seqsOf = db.prepare('SELECT rowid FROM messages WHERE conversation_id = ? ORDER BY rowid').pluck();
    for (const c of v1.conversations) {
      expect(seqsOf.all(c.record.id), c.record.id).toEqual([...c.record.seqs].sort((a, b) => a - b));
      expect(rows.find((r) => r.id === c.record.id)?.created_rev).toBe(c.record.createdSeq);
    }
    expect(Object.keys(v1.aliases).length).toBeGreaterThan(0);
    expect(Object.fromEntries(db.prepare('SELECT id, survivor FROM conversation_aliases').all().map((r) => [(r as { id: string }).id, (r as { survivor: string }).survivor]))).toEqual({ ...v1.aliases });
    // Later revisions are above every v1 createdSeq: a conversation created after the migration is younger than all of them.
    expect(Number(db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get())).toBeGreaterThanOrEqual(v1.committedSeq);
  });

  it('gives, by v2’s date rules, the status, snooze, tags, read marks and notes the released CLI listed', () => {
    const list = expected<ListRow[]>('full', 'expected-list.json');
    const notes = new Map(exported('full').map((c) => [c.id, c.notes]));
    const row = db.prepare(
      `SELECT status, status_at, snoozed_until, read_at, marked_unread, last_inbound_at, last_unseen_inbound_at, last_is_outbound FROM conversations WHERE id = ?`,
    );
    const tags = db.prepare('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag').pluck();
    const notesOf = db.prepare('SELECT id, text, at, author FROM notes WHERE conversation_id = ?');
    for (const c of list) {
      const r = row.get(c.id) as Record<string, number | string | null>;
      // docs/store-v2.md: a decision holds until customer mail dated after it; read marks likewise.
      const reopened = r.status !== null && r.status !== 'open' && r.last_inbound_at !== null && (r.last_inbound_at as number) > (r.status_at as number);
      const status = r.status === null ? (r.last_is_outbound ? 'waiting' : 'open') : reopened ? 'open' : r.status;
      expect(status, c.id).toBe(c.status);
      expect(status === 'snoozed' ? new Date(r.snoozed_until as number).toISOString() : null, c.id).toBe(c.snoozedUntil);
      const unread = r.marked_unread === 1 || (r.last_unseen_inbound_at !== null && (r.read_at === null || (r.last_unseen_inbound_at as number) > (r.read_at as number)));
      expect(unread, c.id).toBe(c.unread);
      expect(tags.all(c.id), c.id).toEqual([...c.tags].sort());
      const kept = (notesOf.all(c.id) as { id: string; text: string; at: number; author: string | null }[]).map((n) => ({ id: n.id, text: n.text, at: new Date(n.at).toISOString(), ...(n.author ? { author: n.author } : {}) }));
      expect(sortNotes(kept), c.id).toEqual(sortNotes(notes.get(c.id)));
    }
    // The fixture holds what this test is about.
    expect(new Set(list.map((c) => c.status))).toEqual(new Set(['open', 'waiting', 'closed', 'snoozed']));
    expect(list.some((c) => c.unread) && list.some((c) => !c.unread)).toBe(true);
  });

  it('keeps every customer’s name, first name and notes', () => {
    const rows = expected<CustomerRow[]>('full', 'expected-customers.json');
    const get = db.prepare('SELECT name, first_name FROM customers WHERE email = ?');
    const notesOf = db.prepare('SELECT id, text, at, author FROM notes WHERE customer = ?');
    for (const c of rows) {
      const r = get.get(c.email) as { name: string; first_name: string | null };
      expect(r.name, c.email).toBe(c.name);
      if (r.first_name !== null) expect(r.first_name, c.email).toBe(c.firstName);
      const kept = (notesOf.all(c.email) as { id: string; text: string; at: number; author: string | null }[]).map((n) => ({ id: n.id, text: n.text, at: new Date(n.at).toISOString(), ...(n.author ? { author: n.author } : {}) }));
      expect(sortNotes(kept), c.email).toEqual(sortNotes(c.notes));
    }
    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(v1.customers.length);
    expect(db.prepare("SELECT count(*) FROM customers WHERE first_name = 'Annie'").pluck().get()).toBe(1);
  });

  it('keeps the sync position: account, folders, each UID with its message and flags, too-large and off-server mail, copies', () => {
    expect(db.prepare("SELECT value FROM meta WHERE key = 'account'").pluck().get()).toBe(v1.sync.account);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'copies_reviewed'").pluck().get()).toBe(v1.copiesReviewed ? '1' : undefined);
    const folder = db.prepare('SELECT uid_validity, uid_next, highest_modseq FROM folders WHERE path = ?');
    const uids = db.prepare('SELECT uid, message_rowid, flags FROM folder_uids WHERE path = ? ORDER BY uid');
    const tooLarge = db.prepare('SELECT uid, size FROM folder_too_large WHERE path = ? ORDER BY uid');
    expect(db.prepare('SELECT path FROM folders ORDER BY path').pluck().all()).toEqual(Object.keys(v1.sync.folders).sort());
    for (const [path, f] of Object.entries(v1.sync.folders)) {
      expect(folder.get(path), path).toEqual({ uid_validity: f.uidValidity, uid_next: f.uidNext, highest_modseq: f.highestModseq ?? null });
      const kept = Object.fromEntries((uids.all(path) as { uid: number; message_rowid: number; flags: string }[]).map((u) => [String(u.uid), [u.message_rowid, ...(u.flags ? u.flags.split(' ') : [])]]));
      expect(kept, path).toEqual({ ...f.uids });
      expect(Object.fromEntries((tooLarge.all(path) as { uid: number; size: number }[]).map((t) => [String(t.uid), t.size])), path).toEqual({ ...(f.tooLarge ?? {}) });
    }
    expect(Object.values(v1.sync.folders).some((f) => Object.keys(f.tooLarge ?? {}).length)).toBe(true);
    expect(db.prepare('SELECT rowid FROM messages WHERE off_server = 1 ORDER BY rowid').pluck().all()).toEqual([...v1.sync.offServer].sort((a, b) => a - b));
    expect(v1.sync.offServer.length).toBeGreaterThan(0);
    const copies = db.prepare('SELECT message_rowid, hash FROM message_copies').all() as { message_rowid: number; hash: string }[];
    expect(copies.map((c) => `${c.message_rowid} ${c.hash}`).sort()).toEqual(Object.entries(v1.copies).flatMap(([seq, hashes]) => hashes.map((h) => `${seq} ${h}`)).sort());
  });

  it('keeps the draft, the outbox and the undo record in owner.json, their seqs naming the same messages', () => {
    const owner = JSON.parse(readFileSync(join(dataDir, 'owner.json'), 'utf8')) as { drafts: Record<string, unknown>; outbox: Record<string, unknown>; undo: unknown };
    expect(Object.values(owner.drafts)).toEqual(v1.drafts);
    expect(Object.values(owner.outbox)).toEqual(expect.arrayContaining(v1.outbox));
    expect(Object.keys(owner.outbox)).toHaveLength(v1.outbox.length);
    // The undo record's states as v2 reads them back (dates): `after` is each conversation's state now, so undo restores it.
    const undo = owner.undo as UndoRecord;
    expect({ ...undo, changes: undo.changes.map((c) => c.id) }).toEqual({ ...v1.undo, changes: v1.undo!.changes.map((c) => c.id) });
    const entries = conversationEntries(db);
    for (const c of undo.changes) expect(c.after, c.id).toEqual(entries.byId(c.id)?.state);
    expect(undo.changes.map((c) => c.before.status)).toEqual(v1.undo!.changes.map((c) => c.before.status));
    const byId = db.prepare('SELECT conversation_id FROM messages WHERE rowid = ?').pluck();
    for (const e of v1.outbox) expect(byId.get(e.answersSeq), e.id).toBe(e.conversationId);
    expect(statSync(join(dataDir, 'owner.json')).mode & 0o777).toBe(0o600);
  });

  it('moves the v1 files, byte for byte, to v1-backup/ (0700) once committed, and leaves raw/ where v2 reads it', () => {
    const backup = join(dataDir, v1BackupDirName);
    expect(report?.backupDir).toBe(backup);
    for (const [file, bytes] of files) {
      expect(existsSync(join(dataDir, file)), file).toBe(false);
      expect(readFileSync(join(backup, file)).equals(bytes), file).toBe(true);
    }
    expect(readdirSync(dataDir).sort()).toEqual(['index.sqlite', 'owner.json', 'raw', 'v1-backup'].filter((n) => existsSync(join(dataDir, n))).sort());
    expect(statSync(backup).mode & 0o777).toBe(0o700);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'index.sqlite')).mode & 0o777).toBe(0o600);
    for (const m of messages) expect(statSync(v1.rawPath(m.meta.hash)).size, m.meta.id).toBe(m.meta.size);
    expect(existsSync(join(dataDir, migrationDirName))).toBe(false);
  });

  it('migrates once: opening again finds index.sqlite and changes nothing', async () => {
    const stamp = () => { const s = statSync(join(dataDir, 'index.sqlite')); return `${s.ino}:${s.size}:${s.mtimeMs}`; };
    const was = stamp();
    expect(await migrate(dataDir)).toBeUndefined();
    expect(stamp()).toBe(was);
  });
});

describe('migrating a v1 store killed mid-import', () => {
  const killPoint = expected<{ committedSeq: number; entriesOnDisk: number }>('killed', 'kill-point.json');

  it('copies exactly the committed messages, not the shard tail past them, and takes over the lock the kill left', async () => {
    const dataDir = unpack('killed', tempDir());
    expect(existsSync(join(dataDir, 'write.lock'))).toBe(true);
    const report = await migrate(dataDir);
    expect(report?.messages).toBe(killPoint.committedSeq);
    const db = new Database(join(dataDir, 'index.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*), min(rowid), max(rowid) FROM messages').raw().get()).toEqual([killPoint.committedSeq, 0, killPoint.committedSeq - 1]);
      const list = expected<ListRow[]>('killed', 'expected-list.json');
      const counts = new Map((db.prepare('SELECT id, message_count FROM conversations').all() as { id: string; message_count: number }[]).map((r) => [r.id, r.message_count]));
      expect(new Map(list.map((r) => [r.id, r.messageCount]))).toEqual(counts);
    } finally {
      db.close();
    }
    expect(existsSync(join(dataDir, 'write.lock'))).toBe(false);
    expect(existsSync(join(dataDir, v1BackupDirName, 'messages', '000001.json'))).toBe(true);
  });
});

describe('a v1 store with what v2 holds to be unique twice', () => {
  it('migrates all of it: a note id met twice and a short id met twice get suffixes, a copy of an uncommitted seq is dropped', async () => {
    const dataDir = unpack('full', tempDir());
    const read = (f: string) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')) as Record<string, any>;
    const write = (f: string, doc: unknown) => writeFileSync(join(dataDir, f), JSON.stringify(doc));
    // The same note restored into a second conversation; two messages under one short id; a copy past nextSeq.
    const state = read('state.json');
    const [withNote, other] = [Object.keys(state.conversations).find((id) => state.conversations[id].notes?.length)!, Object.keys(read('mail.json').conversations)[0]];
    const note = state.conversations[withNote].notes[0];
    const target = other === withNote ? Object.keys(read('mail.json').conversations)[1] : other;
    state.conversations[target] = { ...(state.conversations[target] ?? {}), notes: [...(state.conversations[target]?.notes ?? []), note] };
    write('state.json', state);
    const shard = read('messages/000000.json');
    shard.messages[1].id = shard.messages[0].id;
    write('messages/000000.json', shard);
    const mail = read('mail.json');
    mail.copies[String(mail.nextSeq + 5)] = ['0'.repeat(64)];
    write('mail.json', mail);

    expect((await migrate(dataDir))?.messages).toBe(mail.nextSeq);
    const db = new Database(join(dataDir, 'index.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT short_id FROM messages WHERE rowid IN (0, 1) ORDER BY rowid').pluck().all()).toEqual([shard.messages[0].id, `${shard.messages[0].id}1`]);
      expect(db.prepare('SELECT id, conversation_id FROM notes WHERE id IN (?, ?) ORDER BY id').all(note.id, `${note.id}-1`).map((r) => (r as { conversation_id: string }).conversation_id).sort()).toEqual([withNote, target].sort());
      expect(db.prepare('SELECT count(*) FROM message_copies WHERE message_rowid >= ?').pluck().get(mail.nextSeq)).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('a v1 store v1 itself refuses', () => {
  it('is refused in the same words, and nothing is written beside it', async () => {
    const dataDir = unpack('full', tempDir());
    writeFileSync(join(dataDir, 'mail.json'), '{"schemaVersion":1,"nextSeq":');
    const before = readdirSync(dataDir).sort();
    await expect(migrate(dataDir)).rejects.toThrow(/mail\.json is damaged/);
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });
});
