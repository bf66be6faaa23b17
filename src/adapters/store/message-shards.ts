/**
 * Message metadata in fixed-size shards (messages/000000.json holds seqs 0…shardSize-1, and so on).
 * Appending mail rewrites only the newest shard. Entries at or past the committed `nextSeq` are
 * leftovers of an interrupted commit: they are ignored on read and overwritten by the next commit.
 */
import { Low } from 'lowdb';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageMeta } from '../../core/domain/message.js';
import { ensurePrivateDir } from './atomic-file.js';
import { DurableJsonFile } from './durable-json-file.js';
import { currentSchemaVersion, shardName, type ShardFile } from './store-schema.js';

export class MessageShards {
  private readonly cache = new Map<number, MessageMeta[]>();
  /** Shards whose every entry was committed when loaded: nothing will ever rewrite them. */
  private readonly final = new Set<number>();
  private readonly dir: string;

  constructor(
    dataDir: string,
    readonly shardSize: number,
  ) {
    this.dir = join(dataDir, 'messages');
  }

  private db(shard: number): Low<ShardFile> {
    // Shards are append-only and re-derivable from mail.json's commit point: no .bak needed.
    return new Low(new DurableJsonFile<ShardFile>(join(this.dir, shardName(shard)), { backup: false }), {
      schemaVersion: currentSchemaVersion,
      shard,
      messages: [],
    });
  }

  async hasAny(): Promise<boolean> {
    try {
      return (await readdir(this.dir)).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  }

  /** Committed messages of one shard (index = seq - shard * shardSize). */
  async shard(shard: number, committedSeq: number): Promise<MessageMeta[]> {
    let messages = this.cache.get(shard);
    if (!messages) {
      const db = this.db(shard);
      await db.read();
      messages = db.data.messages;
      this.cache.set(shard, messages);
      if ((shard + 1) * this.shardSize <= committedSeq && messages.length === this.shardSize) this.final.add(shard);
    }
    const committedHere = Math.max(0, Math.min(this.shardSize, committedSeq - shard * this.shardSize));
    return messages.length > committedHere ? messages.slice(0, committedHere) : messages;
  }

  async get(seqs: number[], committedSeq: number): Promise<MessageMeta[]> {
    const out: MessageMeta[] = [];
    for (const seq of seqs) {
      const shard = Math.floor(seq / this.shardSize);
      const message = (await this.shard(shard, committedSeq))[seq - shard * this.shardSize];
      if (message) out.push(message);
    }
    return out;
  }

  async all(committedSeq: number): Promise<MessageMeta[]> {
    const out: MessageMeta[] = [];
    for (let shard = 0; shard * this.shardSize < committedSeq; shard++) out.push(...(await this.shard(shard, committedSeq)));
    return out;
  }

  /** Writes new messages (consecutive seqs starting at `committedSeq`) into their shards. */
  async append(messages: MessageMeta[], committedSeq: number): Promise<void> {
    if (messages.length === 0) return;
    await ensurePrivateDir(this.dir);
    const byShard = new Map<number, MessageMeta[]>();
    for (const m of messages) {
      const shard = Math.floor(m.seq / this.shardSize);
      byShard.set(shard, [...(byShard.get(shard) ?? []), m]);
    }
    for (const [shard, added] of byShard) {
      const existing = await this.shard(shard, committedSeq);
      const merged = [...existing, ...added];
      merged.forEach((m, i) => {
        if (m.seq !== shard * this.shardSize + i) throw new Error(`message shard ${shard} out of order at seq ${m.seq}`);
      });
      const db = this.db(shard);
      db.data = { schemaVersion: currentSchemaVersion, shard, messages: merged };
      await db.write();
      this.cache.set(shard, merged);
      // Final once the commit that follows lands; until then another refresh must re-read it.
      this.final.delete(shard);
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
