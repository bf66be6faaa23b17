/**
 * Per-message records in fixed-size shards, by seq: messages/000000.json holds the metadata of seqs
 * 0…shardSize-1, texts/000000.json their text, and so on. Appending mail rewrites only the newest
 * shard. Entries at or past the committed `nextSeq` are leftovers of an interrupted commit: they are
 * ignored on read and overwritten by the next commit.
 */
import { Low } from 'lowdb';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageMeta, QuoteSplit } from '../../../core/domain/message.js';
import { StoreCorruptError } from '../../../core/errors.js';
import { ensurePrivateDir } from '../atomic-file.js';
import { DurableJsonFile } from './durable-json-file.js';
import { currentSchemaVersion, shardName } from './store-schema.js';

type ShardDoc<K extends string, T> = { schemaVersion: number; shard: number } & Record<K, T[]>;

/** Shards kept in memory (most recently used): 16,000 messages' worth, so memory does not grow with the store. */
const cachedShards = 8;

export class SeqShards<K extends string, T> {
  /** In least-recently-used order (a Map keeps insertion order: a hit moves to the end). */
  private readonly cache = new Map<number, T[]>();
  /** Shards whose every entry was committed when loaded: nothing will ever rewrite them. */
  private readonly final = new Set<number>();
  private readonly dir: string;

  /**
   * `key` names the array in each file; `gap`, when given, fills entries a shard never had (texts
   * of mail stored before texts were kept); without it an entry out of order is an error.
   * `keepFull`: whether full shards join the cache once read (metadata: conversations are opened and
   * re-summarised from them; texts: only exports read them, one shard at a time, past the cache).
   */
  constructor(
    dataDir: string,
    folder: string,
    private readonly key: K,
    readonly shardSize: number,
    private readonly gap?: T,
    private readonly keepFull = true,
  ) {
    this.dir = join(dataDir, folder);
  }

  private db(shard: number): Low<ShardDoc<K, T>> {
    // Shards are append-only and re-derivable from mail.json's commit point: no .bak needed.
    return new Low(new DurableJsonFile<ShardDoc<K, T>>(join(this.dir, shardName(shard)), { backup: false }), this.doc(shard, []));
  }

  private doc(shard: number, entries: T[]): ShardDoc<K, T> {
    return { schemaVersion: currentSchemaVersion, shard, [this.key]: entries } as ShardDoc<K, T>;
  }

  async hasAny(): Promise<boolean> {
    try {
      return (await readdir(this.dir)).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  }

  /** Committed entries of one shard (index = seq - shard * shardSize); `keep: false` reads without caching. */
  async shard(shard: number, committedSeq: number, keep = true): Promise<T[]> {
    let entries = this.cache.get(shard);
    if (entries && keep) this.remember(shard, entries);
    if (!entries) {
      const db = this.db(shard);
      try {
        await db.read();
        entries = db.data[this.key];
      } catch (error) {
        // Derived entries (texts): a damaged shard reads as none kept, and the next append rewrites it.
        if (this.gap === undefined || !(error instanceof StoreCorruptError)) throw error;
        entries = [];
      }
      if (keep && (this.keepFull || entries.length < this.shardSize)) {
        this.remember(shard, entries);
        if ((shard + 1) * this.shardSize <= committedSeq && entries.length === this.shardSize) this.final.add(shard);
      }
    }
    const committedHere = Math.max(0, Math.min(this.shardSize, committedSeq - shard * this.shardSize));
    return entries.length > committedHere ? entries.slice(0, committedHere) : entries;
  }

  async get(seqs: number[], committedSeq: number): Promise<T[]> {
    const out: T[] = [];
    for (const seq of seqs) {
      const shard = Math.floor(seq / this.shardSize);
      const entry = (await this.shard(shard, committedSeq))[seq - shard * this.shardSize];
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  /** Every committed entry in seq order, one shard in memory at a time (shards already cached are used, none added). */
  async scan(committedSeq: number, visit: (entry: T) => void): Promise<void> {
    for (let shard = 0; shard * this.shardSize < committedSeq; shard++) for (const entry of await this.shard(shard, committedSeq, false)) visit(entry);
  }

  /** Writes new entries (consecutive seqs from `committedSeq` on) into their shards. */
  async append(added: { seq: number; entry: T }[], committedSeq: number): Promise<void> {
    if (added.length === 0) return;
    await ensurePrivateDir(this.dir);
    const byShard = new Map<number, { seq: number; entry: T }[]>();
    for (const a of added) {
      const shard = Math.floor(a.seq / this.shardSize);
      byShard.set(shard, [...(byShard.get(shard) ?? []), a]);
    }
    for (const [shard, entries] of byShard) {
      const merged = [...(await this.shard(shard, committedSeq))];
      for (const { seq, entry } of entries) {
        const at = seq - shard * this.shardSize;
        if (this.gap !== undefined) while (merged.length < at) merged.push(this.gap);
        if (at !== merged.length) throw new Error(`${this.key} shard ${shard} out of order at seq ${seq}`);
        merged.push(entry);
      }
      const db = this.db(shard);
      db.data = this.doc(shard, merged);
      await db.write();
      if (this.keepFull || merged.length < this.shardSize) this.remember(shard, merged);
      else this.cache.delete(shard);
      // Final once the commit that follows lands; until then another refresh must re-read it.
      this.final.delete(shard);
    }
  }

  private remember(shard: number, entries: T[]): void {
    this.cache.delete(shard);
    this.cache.set(shard, entries);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= cachedShards) break;
      this.cache.delete(oldest);
      this.final.delete(oldest);
    }
  }

  /**
   * Forgets shards that may have changed on disk. A shard that was full and wholly committed never
   * changes again and stays cached; one that was not may since have been rewritten by another
   * process (its uncommitted tail, left by an interrupted import, replaced by new mail).
   */
  forgetOpenShards(): void {
    for (const shard of this.cache.keys()) if (!this.final.has(shard)) this.cache.delete(shard);
  }
}

export class MessageShards extends SeqShards<'messages', MessageMeta> {
  constructor(dataDir: string, shardSize: number) {
    super(dataDir, 'messages', 'messages', shardSize);
  }
}

/**
 * A kept text with its quote split (see QuoteSplit): `f` lists the fragments as [kind, text], left
 * out when the split is the text itself, as one fragment of the sender's own (or none, for a blank
 * text); `w` the split's warnings. A plain
 * string is a text kept before splits were (its split is made again when shown).
 */
export type TextEntry = string | { t: string; f?: [QuoteSplit['fragments'][number]['kind'], string][]; w?: string[] };

/** The text and split to keep for a message (see TextEntry). */
export function textEntry(text: string, split: QuoteSplit | undefined): TextEntry {
  if (!split) return text;
  const [first] = split.fragments;
  const whole = split.fragments.length === 0 ? text.trim() === '' : split.fragments.length === 1 && first.kind === 'text' && first.text === text;
  return { t: text, ...(whole ? {} : { f: split.fragments.map((x) => [x.kind, x.text] as [typeof x.kind, string]) }), ...(split.warnings.length ? { w: split.warnings } : {}) };
}

const kinds = new Set(['text', 'quote', 'signature']);

/** A kept entry read back: the text, and its split when one was kept (nothing from an entry of another shape: the raw file is parsed instead). */
export function readTextEntry(entry: TextEntry): { text?: string; split?: QuoteSplit } {
  if (typeof entry === 'string') return { text: entry };
  if (typeof entry?.t !== 'string') return {};
  if (entry.f !== undefined && !(Array.isArray(entry.f) && entry.f.every((x) => Array.isArray(x) && kinds.has(x[0]) && typeof x[1] === 'string'))) return { text: entry.t };
  if (entry.w !== undefined && !(Array.isArray(entry.w) && entry.w.every((x) => typeof x === 'string'))) return { text: entry.t };
  const fragments = entry.f ? entry.f.map(([kind, text]) => ({ kind, text })) : entry.t.trim() === '' ? [] : [{ kind: 'text' as const, text: entry.t }];
  return { text: entry.t, split: { fragments, warnings: entry.w ?? [] } };
}

/** The full text of each message (HTML-only mail as text), null where none was kept: exports and `show` read it instead of parsing every message again. */
export class TextShards extends SeqShards<'texts', TextEntry | null> {
  constructor(dataDir: string, shardSize: number) {
    super(dataDir, 'texts', 'texts', shardSize, null, false);
  }
}
