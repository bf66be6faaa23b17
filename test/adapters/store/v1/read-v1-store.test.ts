/**
 * The v1 reader against stores written by the released v1 code (test/fixtures/v1-store, made by
 * make-v1-store.sh from tag v1-store): everything it reads must be what the released CLI showed for
 * the same store (expected/*), and the sync positions what the IMAP server itself held.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { StoreLock } from '../../../../src/adapters/store/v1/store-lock.js';
import { readV1Store, v1WriterRunning, type V1Message, type V1Store } from '../../../../src/adapters/store/v1/read-v1-store.js';
import { StoreBusyError, StoreCorruptError } from '../../../../src/core/errors.js';
import { DurableJsonFile } from '../../../../src/adapters/store/v1/durable-json-file.js';
import type { StateFile } from '../../../../src/adapters/store/v1/store-schema.js';
import { suiteDir, tempDir } from '../../../helpers/temp-dir.js';

const fixtures = join(import.meta.dirname, '../../../fixtures/v1-store');
const expected = <T>(fixture: string, name: string): T => JSON.parse(readFileSync(join(fixtures, 'expected', fixture, name), 'utf8')) as T;

type Addr = { name: string; email: string };
type ExportMessage = { id: string; messageId: string; direction: string; date: string; from: Addr | null; to: Addr[]; cc: Addr[]; subject: string; inReplyTo: string[]; references: string[]; attachments: unknown[]; sha256: string; text: string };
type ExportNote = { id: string; text: string; at: string; author?: string };
type ExportConversation = { id: string; status: string; snoozedUntil: string | null; tags: string[]; notes: ExportNote[]; customer: { email: string; notes: ExportNote[] }; messages: ExportMessage[] };
type ListRow = { id: string; status: string; snoozedUntil: string | null; tags: string[]; unread: boolean; messageCount: number; customer: { email: string; name: string; firstName: string | null } };
type CustomerRow = { email: string; name: string; firstName: string | null; conversationIds: string[]; notes: ExportNote[] };
type OutboxRow = { id: string; conversationId: string; messageId: string; to: string[]; subject: string; status: string; attempts: number; queuedAt: string; notBefore: string; lastError: string | null };
type ServerFolder = { uidValidity: string; uidNext: number; highestModseq: string; uids: Record<string, { sha256: string; size: number; flags: string[] }> };

const exported = (fixture: string) =>
  gunzipSync(readFileSync(join(fixtures, 'expected', fixture, 'expected-export.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExportConversation);

/** Unpacks a fixture as the released code left it (modes, mtimes: the killed import's lock is old, hence stale). */
function unpack(name: string, into = suiteDir()): string {
  execFileSync('tar', ['-xzf', join(fixtures, `${name}.tar.gz`), '-C', into]);
  return join(into, 'data');
}

async function all(store: V1Store): Promise<V1Message[]> {
  const out: V1Message[] = [];
  for await (const m of store.messages()) out.push(m);
  return out;
}

/** Every file and folder with its size, mode and mtime: what "read without writing" must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      out[p] = `${s.mode}:${s.size}:${s.mtimeMs}`;
      if (s.isDirectory()) walk(p);
    }
  };
  const s = statSync(dir);
  out[dir] = `${s.mode}:${s.mtimeMs}`;
  walk(dir);
  return out;
}

const sortNotes = (notes: ExportNote[] = []) => notes.map(({ id, text, at, author }) => ({ id, text, at, author })).sort((a, b) => a.id.localeCompare(b.id));

function expectMessagesLikeExport(messages: V1Message[], conversations: ExportConversation[]) {
  const byId = new Map(messages.map((m) => [m.meta.id, m]));
  const exportedMessages = conversations.flatMap((c) => c.messages);
  expect(new Set(messages.map((m) => m.meta.id))).toEqual(new Set(exportedMessages.map((m) => m.id)));
  for (const e of exportedMessages) {
    const m = byId.get(e.id)!;
    expect({ ...e, text: undefined }, e.id).toEqual({
      id: m.meta.id, messageId: m.meta.messageId, direction: m.meta.direction === 'in' ? 'inbound' : 'outbound', date: m.meta.date,
      from: m.meta.from, to: m.meta.to, cc: m.meta.cc, subject: m.meta.subject, inReplyTo: m.meta.inReplyTo, references: m.meta.references,
      attachments: m.meta.attachments, sha256: m.meta.hash, text: undefined,
    });
    // The export writes the text v1 kept; where none was kept it parsed the raw file (not the reader's job).
    if (m.text !== undefined) expect(m.text, e.id).toBe(e.text);
  }
}

describe('a v1 store written by the released code', () => {
  let dataDir: string;
  let store: V1Store;
  let messages: V1Message[];
  let before: Record<string, string>;
  beforeAll(async () => {
    dataDir = unpack('full');
    // FileMailStore.open would tighten this: a reader must not.
    chmodSync(dataDir, 0o750);
    before = snapshot(dataDir);
    store = await readV1Store(dataDir);
    messages = await all(store);
  });

  it('reads without writing a byte, a mode or a time', () => {
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('yields every committed message once, in seq order, with the metadata and kept texts the released export showed', () => {
    expect(messages.map((m) => m.meta.seq)).toEqual(Array.from({ length: store.committedSeq }, (_, i) => i));
    expectMessagesLikeExport(messages, exported('full'));
    expect(messages.filter((m) => m.split !== undefined).length).toBeGreaterThan(0);
  });

  it('gives each message’s kept quote split and off-server mark as the released show printed them', () => {
    const shown = expected<Record<string, { messages: { id: string; text: string; fragments: { kind: string; text: string }[]; warnings: string[]; deletedOnServer: boolean }[] }>>('full', 'expected-show.json');
    const byId = new Map(messages.map((m) => [m.meta.id, m]));
    const offServer = new Set(store.sync.offServer);
    const shownMessages = Object.values(shown).flatMap((c) => c.messages);
    for (const s of shownMessages) {
      const m = byId.get(s.id)!;
      expect(offServer.has(m.meta.seq), s.id).toBe(s.deletedOnServer);
      expect(m.text, s.id).toBe(s.text);
      if (m.split) expect(m.split, s.id).toEqual({ fragments: s.fragments, warnings: s.warnings });
    }
    expect(shownMessages.some((s) => s.deletedOnServer)).toBe(true);
    expect(shownMessages.filter((s) => byId.get(s.id)!.split).length).toBeGreaterThan(0);
  });

  it('gives every conversation with its messages, status, snooze, tags, notes and read marks', () => {
    const list = expected<ListRow[]>('full', 'expected-list.json');
    const exportById = new Map(exported('full').map((c) => [c.id, c]));
    const idOfSeq = new Map(messages.map((m) => [m.meta.seq, m.meta.id]));
    expect(store.conversations.map((c) => c.record.id).sort()).toEqual(list.map((c) => c.id).sort());
    for (const row of list) {
      const { record, state } = store.conversations.find((c) => c.record.id === row.id)!;
      const e = exportById.get(row.id)!;
      expect(new Set(record.seqs.map((s) => idOfSeq.get(s)))).toEqual(new Set(e.messages.map((m) => m.id)));
      // v1's status rule (effectiveStatus in core/domain/conversation.ts at v1-store): customer mail after a decision reopens.
      const decided = state.status && !(state.status !== 'open' && record.lastInboundSeq > (state.statusSeq ?? -1)) ? state.status : undefined;
      expect(decided ?? (state.status || !record.lastIsOutbound ? 'open' : 'waiting'), row.id).toBe(row.status);
      expect(decided === 'snoozed' ? state.snoozedUntil : null, row.id).toBe(row.snoozedUntil);
      expect(state.tags ?? [], row.id).toEqual(row.tags);
      expect(sortNotes(state.notes), row.id).toEqual(sortNotes(e.notes));
      expect(!!state.markedUnread || record.lastUnseenInboundSeq > (state.readSeq ?? -1), row.id).toBe(row.unread);
    }
    // The fixture holds what it was built to hold (make-v1-store.ts).
    const states = store.conversations.map((c) => c.state);
    expect(new Set(states.map((s) => s.status))).toEqual(new Set([undefined, 'closed', 'waiting', 'snoozed']));
    expect(states.flatMap((s) => s.tags ?? [])).toEqual(expect.arrayContaining(['épicerie', '返品', 'vip']));
    expect(states.some((s) => s.markedUnread) && states.some((s) => s.readSeq !== undefined)).toBe(true);
    // Two conversations merged after decisions on each: the survivor shows both, the stored entries stay apart.
    const merged = store.conversations.find((c) => Object.keys(c.aliasStates).length > 0)!;
    expect(Object.keys(store.aliases)).toEqual(expect.arrayContaining(Object.keys(merged.aliasStates)));
    expect(merged.state.tags).toContain('merged');
    expect(merged.state.notes?.map((n) => n.text)).toContain('Invoice corrected by hand');
    expect(store.orphanStates).toEqual({});
  });

  it('gives every customer with name, first name and notes', () => {
    const rows = expected<CustomerRow[]>('full', 'expected-customers.json');
    // The released list leaves out customers no conversation is with (people the shop wrote to); the reader keeps them.
    expect(store.customers.filter((c) => c.record).map((c) => c.email)).toEqual(expect.arrayContaining(rows.map((r) => r.email)));
    for (const row of rows) {
      const c = store.customers.find((x) => x.email === row.email)!;
      expect(c.record!.name).toBe(row.name);
      if (c.state?.firstName) expect(c.state.firstName).toBe(row.firstName);
      expect(sortNotes(c.state?.notes)).toEqual(sortNotes(row.notes));
    }
    expect(store.customers.some((c) => c.state?.firstName === 'Annie')).toBe(true);
    expect(store.customers.some((c) => c.state?.notes?.length)).toBe(true);
  });

  it('gives the draft, the outbox and the undo entry', () => {
    const { draft } = expected<{ draft: { conversationId: string; text: string } }>('full', 'expected-draft.json');
    expect(store.drafts.map((d) => [d.conversationId, d.text])).toEqual([[draft.conversationId, draft.text]]);
    const outbox = expected<OutboxRow[]>('full', 'expected-outbox.json');
    expect(store.outbox.map((o) => ({ id: o.id, conversationId: o.conversationId, messageId: o.messageId, to: o.to, subject: o.subject, status: o.status, attempts: o.attempts, queuedAt: o.queuedAt, notBefore: o.notBefore, lastError: o.lastError ?? null })).sort((a, b) => a.id.localeCompare(b.id)))
      .toEqual([...outbox].map(({ sentAt: _s, filedInSent: _f, ...o }: OutboxRow & { sentAt?: unknown; filedInSent?: unknown }) => o).sort((a, b) => a.id.localeCompare(b.id)));
    // The queued reply's bytes are in the raw store, as v1 keeps them from the moment it is queued.
    for (const o of store.outbox) expect(statSync(store.rawPath(o.hash)).isFile()).toBe(true);
    const undo = expected<{ action: string; restored: string[] }>('full', 'expected-undo.json');
    expect(store.undo?.action).toBe(undo.action);
    expect(store.undo?.changes.map((c) => c.id).sort()).toEqual([...undo.restored].sort());
  });

  it('gives the sync positions the server holds: UIDVALIDITY, UIDNEXT, modseq, each UID’s message and flags, too-large and expunged mail', () => {
    const server = expected<{ account: string; folders: Record<string, ServerFolder>; expunged: { sha256: string }[] }>('full', 'expected-sync.json');
    expect(store.sync.account).toBe(server.account);
    expect(Object.keys(store.sync.folders).sort()).toEqual(Object.keys(server.folders).sort());
    const bySeq = new Map(messages.map((m) => [m.meta.seq, m.meta]));
    for (const [path, s] of Object.entries(server.folders)) {
      const f = store.sync.folders[path];
      expect({ uidValidity: f.uidValidity, uidNext: f.uidNext, highestModseq: f.highestModseq }, path).toEqual({ uidValidity: s.uidValidity, uidNext: s.uidNext, highestModseq: s.highestModseq });
      const tooLarge = Object.fromEntries(Object.entries(s.uids).filter(([, u]) => u.size > 100 * 1024 * 1024).map(([uid, u]) => [uid, u.size]));
      expect(f.tooLarge ?? {}, path).toEqual(tooLarge);
      expect(Object.keys(f.uids).sort(), path).toEqual(Object.keys(s.uids).filter((uid) => !(uid in tooLarge)).sort());
      for (const [uid, [seq, ...flags]] of Object.entries(f.uids)) {
        const meta = bySeq.get(seq)!;
        // A UID holds the message's own bytes or one of its kept copies (same Message-ID, other bytes).
        expect([meta.hash, ...(store.copies[seq] ?? [])], `${path} ${uid}`).toContain(s.uids[uid].sha256);
        // Recorded are the flags whose meaning v1 applies: \Seen and tag keywords (not \Flagged, not $-keywords).
        expect(flags.sort(), `${path} ${uid}`).toEqual(s.uids[uid].flags.filter((x) => x === '\\Seen' || !/^[\\$]/.test(x)).sort());
      }
    }
    expect(Object.values(store.sync.folders).some((f) => Object.values(f.uids).some(([, ...flags]) => flags.includes('backorder')))).toBe(true);
    expect(store.sync.offServer.map((seq) => bySeq.get(seq)!.hash).sort()).toEqual(server.expunged.map((x) => x.sha256).sort());
    expect(Object.keys(store.copies).length).toBeGreaterThan(0);
  });
});

describe('a v1 store killed mid-import by SIGKILL', () => {
  const killPoint = expected<{ committedSeq: number; openShard: number; entriesOnDisk: number; leftovers: string[] }>('killed', 'kill-point.json');

  it('gives exactly what the released code shows after the kill: the committed batches, not the shard tail past them', async () => {
    const dataDir = unpack('killed');
    // The kill this fixture caught: past the first shard, with the open shard's tail written and not committed.
    expect(killPoint.openShard).toBeGreaterThan(0);
    expect(killPoint.entriesOnDisk).toBeGreaterThan(killPoint.committedSeq);
    expect(killPoint.leftovers).toContain('write.lock');
    const store = await readV1Store(dataDir);
    expect(store.committedSeq).toBe(killPoint.committedSeq);
    const messages = await all(store);
    expect(messages).toHaveLength(killPoint.committedSeq);
    expectMessagesLikeExport(messages, exported('killed'));
    const list = expected<ListRow[]>('killed', 'expected-list.json');
    expect(store.conversations.map((c) => c.record.id).sort()).toEqual(list.map((c) => c.id).sort());
    for (const row of list) expect(store.conversations.find((c) => c.record.id === row.id)!.record.seqs).toHaveLength(row.messageCount);
    expect(store.outbox).toEqual([]);
    expect(store.drafts).toEqual([]);
  });

  it('reads past the lock a killed import left, and refuses while a live v1 writer holds it', async () => {
    const dataDir = unpack('killed', tempDir());
    expect(await v1WriterRunning(dataDir)).toBe(false);
    // v1's own lock, held as a running v1 import holds it.
    const lock = new StoreLock(dataDir, { staleMs: 5_000, waitMs: 10_000 });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const run = lock.run(async () => {
      held();
      await released;
    });
    await holding;
    try {
      expect(await v1WriterRunning(dataDir)).toBe(true);
      await expect(readV1Store(dataDir)).rejects.toBeInstanceOf(StoreBusyError);
    } finally {
      release();
      await run;
    }
    expect((await readV1Store(dataDir)).committedSeq).toBe(killPoint.committedSeq);
  });
});

describe('a v1 store the reader must not take at face value', () => {
  it('reports a v1 commit made after it read (the migration must read again)', async () => {
    const dataDir = unpack('full', tempDir());
    const store = await readV1Store(dataDir);
    expect(await store.unchanged()).toBe(true);
    // A v1 process commits the owner's half, as v1 writes it (temp file, rename, .bak).
    const file = new DurableJsonFile<StateFile>(join(dataDir, 'state.json'));
    await file.write((await file.read())!);
    expect(await store.unchanged()).toBe(false);
  });

  it('refuses a damaged mail.json, and a lost one, as v1 does, instead of reading an empty store', async () => {
    const damaged = unpack('full', tempDir());
    writeFileSync(join(damaged, 'mail.json'), '{"schemaVersion":1,"nextSeq":');
    await expect(readV1Store(damaged)).rejects.toBeInstanceOf(StoreCorruptError);
    const lost = unpack('full', tempDir());
    rmSync(join(lost, 'mail.json'));
    await expect(readV1Store(lost)).rejects.toBeInstanceOf(StoreCorruptError);
  });

  it('refuses a shard that holds fewer messages than mail.json committed, instead of losing them', async () => {
    const dataDir = unpack('killed', tempDir());
    const shard = join(dataDir, 'messages/000001.json');
    const doc = JSON.parse(readFileSync(shard, 'utf8')) as { messages: unknown[] };
    writeFileSync(shard, JSON.stringify({ ...doc, messages: doc.messages.slice(0, 10) }));
    await expect(all(await readV1Store(dataDir))).rejects.toBeInstanceOf(StoreCorruptError);
  });
});

