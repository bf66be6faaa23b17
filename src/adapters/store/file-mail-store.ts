/**
 * The MailStore on local files: lowdb documents for mail.json and state.json (see store-schema.ts),
 * metadata shards, raw files and full-text segments, all under one private folder (0700, files 0600).
 *
 * Commit order for mail: raw files (fsynced) → metadata shards → mail.json (the commit point) →
 * full-text segments. Each step is an atomic rename, and everything mail.json points at is on disk
 * before mail.json is replaced, so a crash at any instant leaves the last commit whole.
 */
import { Low } from 'lowdb';
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreCorruptError } from '../../core/errors.js';
import type { MessageMeta } from '../../core/domain/message.js';
import type { MailData, MailStore, MailTransaction, NewMessage, StateData, StoredMessage } from '../../core/ports/mail-store.js';
import { SegmentedTextIndex } from '../search/flexsearch-segments.js';
import { ensurePrivateDir, privateDirMode } from './atomic-file.js';
import { DurableJsonFile } from './durable-json-file.js';
import { MessageShards, readTextEntry, textEntry, TextShards, type TextEntry } from './message-shards.js';
import { RawStore, type RawFileTarget } from './raw-store.js';
import { StoreLock, type StoreLockOptions } from './store-lock.js';
import { withSafeMailMaps, withSafeStateMaps } from './store-maps.js';
import { dict } from '../../core/domain/dict.js';
import { emptyMail, emptyState, type MailFile, type StateFile } from './store-schema.js';

/** Identity of a file version: every write is a rename, so a new inode means new content. */
type FileStamp = string;
async function stampOf(file: string): Promise<FileStamp> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

export type FileMailStoreOptions = {
  lock?: StoreLockOptions;
  /** Text of committed messages missing from the full-text index (re-parsed from raw). */
  textOf?: (messages: MessageMeta[]) => Promise<{ seq: number; text: string }[]>;
};

export class FileMailStore implements MailStore {
  private readonly mailFile: string;
  private readonly stateFile: string;
  private readonly mailDb: Low<MailFile>;
  private readonly stateDb: Low<StateFile>;
  private mailStamp: FileStamp = 'unread';
  private stateStamp: FileStamp = 'unread';
  private readonly shards: MessageShards;
  private readonly texts: TextShards;
  private readonly raw: RawStore;
  private readonly text: SegmentedTextIndex;
  private readonly lock: StoreLock;

  private constructor(
    readonly dataDir: string,
    private readonly options: FileMailStoreOptions,
  ) {
    this.mailFile = join(dataDir, 'mail.json');
    this.stateFile = join(dataDir, 'state.json');
    this.mailDb = new Low(new DurableJsonFile<MailFile>(this.mailFile), emptyMail());
    this.stateDb = new Low(new DurableJsonFile<StateFile>(this.stateFile), emptyState());
    this.shards = new MessageShards(dataDir, emptyMail().shardSize);
    this.texts = new TextShards(dataDir, emptyMail().shardSize);
    this.raw = new RawStore(join(dataDir, 'raw'));
    this.text = new SegmentedTextIndex(dataDir, emptyMail().shardSize);
    this.lock = new StoreLock(dataDir, options.lock);
  }

  static async open(dataDir: string, options: FileMailStoreOptions = {}): Promise<FileMailStore> {
    await ensurePrivateDir(dataDir);
    const info = await stat(dataDir);
    // Like aerc and ssh: mail is private. Tighten a folder others can enter rather than leave it open.
    if ((info.mode & 0o077) !== 0) await chmod(dataDir, privateDirMode);
    const store = new FileMailStore(dataDir, options);
    await store.refresh();
    // messages/ without mail.json: a first commit killed before mail.json was written leaves exactly
    // that, and nothing in it was committed (the next import overwrites it). But once a store has
    // committed twice there is a mail.json.bak, and a missing mail.json means it was lost.
    if (store.mailStamp === 'absent' && (await store.shards.hasAny()) && (await stampOf(`${store.mailFile}.bak`)) !== 'absent') {
      throw new StoreCorruptError(store.mailFile, 'it is missing while messages/ holds mail', `${store.mailFile}.bak`);
    }
    return store;
  }

  mail(): MailData {
    return this.mailDb.data;
  }

  state(): StateData {
    return this.stateDb.data;
  }

  async refresh(): Promise<void> {
    const [mailStamp, stateStamp] = await Promise.all([stampOf(this.mailFile), stampOf(this.stateFile)]);
    if (mailStamp !== this.mailStamp) {
      await this.mailDb.read();
      this.mailDb.data = withSafeMailMaps(mailStamp === 'absent' ? emptyMail() : this.mailDb.data);
      this.mailStamp = mailStamp;
      this.shards.forgetOpenShards();
      this.texts.forgetOpenShards();
      this.text.forgetOpenSegments();
    }
    if (stateStamp !== this.stateStamp) {
      await this.stateDb.read();
      this.stateDb.data = withSafeStateMaps(stateStamp === 'absent' ? emptyState() : this.stateDb.data);
      this.stateStamp = stateStamp;
    }
  }

  async changedElsewhere(): Promise<boolean> {
    const [mailStamp, stateStamp] = await Promise.all([stampOf(this.mailFile), stampOf(this.stateFile)]);
    return mailStamp !== this.mailStamp || stateStamp !== this.stateStamp;
  }

  messages(seqs: number[]): Promise<MessageMeta[]> {
    return this.shards.get(seqs, this.mailDb.data.nextSeq);
  }

  scanMessages(visit: (m: MessageMeta) => void): Promise<void> {
    return this.shards.scan(this.mailDb.data.nextSeq, visit);
  }

  async *readGroups(groups: number[][], withText: boolean): AsyncGenerator<StoredMessage[]> {
    const committedSeq = this.mailDb.data.nextSeq;
    const size = this.shards.shardSize;
    const shardsOf = (seqs: number[]) => new Set(seqs.map((seq) => Math.floor(seq / size)));
    const lastUse = new Map<number, number>();
    groups.forEach((seqs, i) => shardsOf(seqs).forEach((shard) => lastUse.set(shard, i)));
    // Read past the shared cache (see SeqShards.shard): an export of every message would otherwise keep all of them.
    const open = new Map<number, { metas: MessageMeta[]; texts: (TextEntry | null)[] }>();
    const load = async (shard: number) => ({
      metas: await this.shards.shard(shard, committedSeq, false),
      texts: withText ? await this.texts.shard(shard, committedSeq, false) : [],
    });
    for (const [i, seqs] of groups.entries()) {
      const out: StoredMessage[] = [];
      for (const seq of seqs) {
        const shard = Math.floor(seq / size);
        let records = open.get(shard);
        if (!records) open.set(shard, (records = await load(shard)));
        const meta = records.metas[seq - shard * size];
        if (!meta) continue;
        const entry = records.texts[seq - shard * size];
        out.push(entry !== null && entry !== undefined ? { meta, ...readTextEntry(entry) } : { meta });
      }
      for (const shard of shardsOf(seqs)) if (lastUse.get(shard) === i) open.delete(shard);
      yield out;
    }
  }

  readRaw(hash: string): Promise<Buffer> {
    return this.raw.read(hash);
  }

  writeRaw(raw: Uint8Array): Promise<string> {
    return this.raw.write(raw);
  }

  /** The raw files, for a writer on another thread (WorkerIntake): what it records there is fsynced before the next commit. */
  get rawFiles(): RawFileTarget {
    return this.raw;
  }

  /** Healing a segment (see SegmentedTextIndex) writes outside the lock: the index is derived, each write is atomic, and a segment that loses a race records how far it got and is healed again. */
  searchText(text: string): Promise<Set<number>> {
    return this.text.search(text, this.mailDb.data.nextSeq, async (seqs) => {
      const messages = await this.messages(seqs);
      return this.options.textOf ? this.options.textOf(messages) : messages.map((m) => ({ seq: m.seq, text: `${m.subject} ${m.from?.name ?? ''} ${m.from?.email ?? ''} ${m.snippet}` }));
    });
  }

  transactMail<T>(fn: (tx: MailTransaction) => Promise<T> | T): Promise<T> {
    return this.lock.run(async (assertHeld) => {
      await this.refresh();
      const committedSeq = this.mailDb.data.nextSeq;
      // Copy-on-write (see MailTransaction): cloning every record of a large store per batch was most of an import's memory.
      const committed = this.mailDb.data;
      const data: MailData = {
        nextSeq: committed.nextSeq,
        conversations: dict(committed.conversations),
        aliases: dict(committed.aliases),
        customers: dict(committed.customers),
        copies: dict(committed.copies),
        sync: structuredClone(committed.sync),
      };
      if (data.sync.folders) data.sync.folders = dict(data.sync.folders);
      const appended: NewMessage[] = [];
      let discarded = false;
      const tx: MailTransaction = {
        data,
        scanMessages: (visit) => this.shards.scan(committedSeq, visit),
        appendMessages: (messages) => appended.push(...messages),
        discard: () => {
          discarded = true;
        },
      };
      const result = await fn(tx);
      if (discarded) return result;
      assertHeld();
      await this.raw.flush();
      await this.shards.append(
        appended.map((a) => ({ seq: a.meta.seq, entry: a.meta })),
        committedSeq,
      );
      await this.texts.append(
        appended.flatMap((a) => (a.text === undefined ? [] : [{ seq: a.meta.seq, entry: textEntry(a.text, a.split) }])),
        committedSeq,
      );
      assertHeld();
      this.mailDb.data = { ...this.mailDb.data, ...data };
      await this.mailDb.write();
      this.mailStamp = await stampOf(this.mailFile);
      if (appended.length > 0) {
        await this.text.add(appended.map((a) => ({ seq: a.meta.seq, text: a.searchText })));
        await this.text.flush();
      }
      return result;
    });
  }

  transactState<T>(fn: (state: StateData, mail: MailData) => T): Promise<T> {
    return this.lock.run(async (assertHeld) => {
      await this.refresh();
      const draft: StateFile = withSafeStateMaps(structuredClone(this.stateDb.data));
      const result = fn(draft, this.mailDb.data);
      assertHeld();
      this.stateDb.data = draft;
      await this.stateDb.write();
      this.stateStamp = await stampOf(this.stateFile);
      return result;
    });
  }

  async close(): Promise<void> {}
}
