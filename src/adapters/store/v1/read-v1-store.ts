/**
 * Reads a store in the v1 layout (mail.json, state.json, messages/ and texts/ shards, raw/; see
 * store-schema.ts) without writing a byte, for the migration to v2: everything the owner has, in
 * the core's own types, messages streamed one shard at a time.
 *
 * Why not FileMailStore.open: it writes on open (it creates a missing data folder and chmods one
 * others can enter). So the files are read here with v1's own readers instead of a copy of them:
 * DurableJsonFile (schema check, v1 migrations, damaged-file errors), SeqShards.shard (entries at
 * or past the committed nextSeq — an interrupted import's shard tail — are cut off exactly as v1
 * cuts them), readTextEntry (kept texts and quote splits) and the null-prototype maps of store-maps.
 * Left alone, as v1 leaves them: raw files no committed message points at, fts/ (derived),
 * *.bak, temp files of an interrupted write, and a lock a killed process left behind.
 */
import lockfile from 'proper-lockfile';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeStates, type ConversationRecord, type ConversationState } from '../../../core/domain/conversation.js';
import type { MessageMeta, QuoteSplit } from '../../../core/domain/message.js';
import { StoreBusyError, StoreCorruptError } from '../../../core/errors.js';
import type { CustomerRecord, CustomerState, Draft, FolderSync, MailData, OutboxEntry, StateData, UndoRecord } from '../../../core/ports/store/v1-documents.js';
import { DurableJsonFile } from './durable-json-file.js';
import { MessageShards, readTextEntry, TextShards } from './message-shards.js';
import { RawStore } from '../raw-store.js';
import { emptyMail, emptyState, type MailFile, type StateFile } from './store-schema.js';
import { withSafeMailMaps, withSafeStateMaps } from './store-maps.js';

/** v1's lock counts as stale after this long without a refresh (StoreLock's default; its holder refreshes every second). */
const v1StaleMs = 5_000;

/** One committed message: its metadata and, when v1 kept them, its full text and quote split. */
export type V1Message = { meta: MessageMeta; text?: string; split?: QuoteSplit };

/**
 * `state` is the owner's state as v1 shows it: its own merged with those left under the ids of
 * conversations merged into it (v1 keeps them apart in state.json and merges on read, with
 * mergeStates). `ownState` and `aliasStates` are the entries as stored.
 */
export type V1Conversation = { record: ConversationRecord; state: ConversationState; ownState: ConversationState; aliasStates: Record<string, ConversationState> };
export type V1Customer = { email: string; record?: CustomerRecord; state?: CustomerState };

export type V1Sync = { account?: string; folders: Record<string, FolderSync>; offServer: number[] };

export type V1Store = {
  readonly dataDir: string;
  readonly schemaVersion: number;
  readonly shardSize: number;
  /** Every committed message has a lower seq; shard entries at or past it were never committed. */
  readonly committedSeq: number;
  readonly copiesReviewed: boolean;
  /** Every conversation record with the owner's state of it (empty when never decided). */
  readonly conversations: V1Conversation[];
  /** Decisions under an id that is neither a conversation nor merged into one (v1 never shows them): kept, not dropped. */
  readonly orphanStates: Record<string, ConversationState>;
  /** Merged conversation id → survivor. */
  readonly aliases: Record<string, string>;
  /** Everyone with a record (from mail) or a state (notes, first name), by address. */
  readonly customers: V1Customer[];
  /** seq → sha256 of the extra raw copies of that message. */
  readonly copies: Record<string, string[]>;
  readonly sync: V1Sync;
  readonly drafts: Draft[];
  readonly outbox: OutboxEntry[];
  readonly undo: UndoRecord | undefined;
  /** The documents as read (null-prototype maps), for anything above does not name. */
  readonly mail: MailData;
  readonly state: StateData;
  /** Every committed message in seq order, one shard in memory at a time. */
  messages(): AsyncGenerator<V1Message>;
  /** Where a raw file is (content-addressed, `<hash>.eml`). */
  rawPath(hash: string): string;
  /** False once a v1 process has committed since this was read: the migration must read again. */
  unchanged(): Promise<boolean>;
};

/** Identity of a file version (v1 writes by rename: a new inode is new content), as FileMailStore stamps them. */
async function stampOf(file: string): Promise<string> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

/**
 * Whether a live v1 process holds the store's write lock (a lock not refreshed for 5 s is one a
 * killed process left: v1 itself takes it over, so it does not stop a migration either).
 */
export async function v1WriterRunning(dataDir: string): Promise<boolean> {
  return lockfile.check(dataDir, { lockfilePath: join(dataDir, 'write.lock'), stale: v1StaleMs, realpath: false });
}

/**
 * Opens a v1 data folder read-only. Refuses (StoreBusyError) while a live v1 writer holds the lock,
 * and reads the two documents again if one was committed while they were being read.
 * `lockHeld`: the caller holds v1's lock itself (the migration), so no v1 writer can be running.
 */
export async function readV1Store(dataDir: string, options: { lockHeld?: boolean } = {}): Promise<V1Store> {
  const lockPath = join(dataDir, 'write.lock');
  const writerRunning = async () => !options.lockHeld && (await v1WriterRunning(dataDir));
  if (await writerRunning()) throw new StoreBusyError(lockPath, 0);
  const mailFile = join(dataDir, 'mail.json');
  const stateFile = join(dataDir, 'state.json');
  const stamps = () => Promise.all([stampOf(mailFile), stampOf(stateFile)]).then((s) => s.join('|'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await stamps();
    const mail = await readMail(dataDir, mailFile);
    const state = withSafeStateMaps((await new DurableJsonFile<StateFile>(stateFile).read()) ?? emptyState());
    if ((await stamps()) !== before) continue;
    return view(dataDir, mail, state, async () => (await stamps()) === before && !(await writerRunning()));
  }
  throw new StoreBusyError(lockPath, 0);
}

async function readMail(dataDir: string, mailFile: string): Promise<MailFile> {
  const read = await new DurableJsonFile<MailFile>(mailFile).read();
  if (read) return withSafeMailMaps(read);
  // As FileMailStore.open: shards without mail.json are a first commit that never landed (nothing
  // committed), unless a .bak shows the store had committed before, and mail.json was lost.
  const shards = new MessageShards(dataDir, emptyMail().shardSize);
  if ((await shards.hasAny()) && (await stampOf(`${mailFile}.bak`)) !== 'absent') {
    throw new StoreCorruptError(mailFile, 'it is missing while messages/ holds mail', `${mailFile}.bak`);
  }
  return withSafeMailMaps(emptyMail());
}

function view(dataDir: string, mail: MailFile, state: StateFile, unchanged: () => Promise<boolean>): V1Store {
  const committedSeq = mail.nextSeq;
  // As FileMailStore: v1 reads shards by its constant size, whatever mail.json records.
  const shardSize = emptyMail().shardSize;
  const raw = new RawStore(join(dataDir, 'raw'));
  // v1's merge write points every alias at the final survivor (import-service), so one level is all there is.
  const aliasesOf = new Map<string, string[]>();
  for (const [alias, target] of Object.entries(mail.aliases)) aliasesOf.set(target, [...(aliasesOf.get(target) ?? []), alias]);
  const conversations = Object.values(mail.conversations).map((record) => {
    const ownState = state.conversations[record.id] ?? {};
    const aliasStates = Object.fromEntries((aliasesOf.get(record.id) ?? []).filter((a) => Object.hasOwn(state.conversations, a)).map((a) => [a, state.conversations[a]]));
    const merged = Object.keys(aliasStates).length ? mergeStates([ownState, ...Object.values(aliasStates)]) : ownState;
    return { record, state: merged, ownState, aliasStates };
  });
  const shown = (id: string) => Object.hasOwn(mail.conversations, id) || Object.hasOwn(mail.conversations, mail.aliases[id] ?? '');
  const orphanStates = Object.fromEntries(Object.entries(state.conversations).filter(([id]) => !shown(id)));
  const emails = [...new Set([...Object.keys(mail.customers), ...Object.keys(state.customers)])];
  const customers = emails.map((email) => ({ email, ...(Object.hasOwn(mail.customers, email) ? { record: mail.customers[email] } : {}), ...(Object.hasOwn(state.customers, email) ? { state: state.customers[email] } : {}) }));
  return {
    dataDir,
    schemaVersion: mail.schemaVersion,
    shardSize,
    committedSeq,
    copiesReviewed: mail.copiesReviewed === true,
    conversations,
    orphanStates,
    aliases: mail.aliases,
    customers,
    copies: mail.copies,
    sync: { ...(mail.sync.account !== undefined ? { account: mail.sync.account } : {}), folders: mail.sync.folders ?? {}, offServer: mail.sync.offServer ?? [] },
    drafts: Object.values(state.drafts ?? {}),
    outbox: Object.values(state.outbox ?? {}),
    undo: state.undo,
    mail,
    state,
    messages: () => streamMessages(dataDir, shardSize, committedSeq),
    rawPath: (hash) => raw.pathOf(hash),
    unchanged,
  };
}

async function* streamMessages(dataDir: string, shardSize: number, committedSeq: number): AsyncGenerator<V1Message> {
  const metas = new MessageShards(dataDir, shardSize);
  const texts = new TextShards(dataDir, shardSize);
  for (let shard = 0; shard * shardSize < committedSeq; shard++) {
    // keep=false: read past the cache, so a store of any size holds one shard at a time.
    const entries = await metas.shard(shard, committedSeq, false);
    const kept = await texts.shard(shard, committedSeq, false);
    if (entries.length < Math.min(shardSize, committedSeq - shard * shardSize)) {
      throw new StoreCorruptError(join(dataDir, 'messages'), `shard ${shard} holds ${entries.length} committed messages, mail.json says more`);
    }
    for (const [i, meta] of entries.entries()) {
      const entry = kept[i];
      yield entry === null || entry === undefined ? { meta } : { meta, ...readTextEntry(entry) };
    }
  }
}
