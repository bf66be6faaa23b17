/**
 * Full-text search over message text with FlexSearch, one index segment per metadata shard
 * (Lucene-style): a sealed shard's segment is never written again, so adding mail rewrites only the
 * newest, small segment. Segments load lazily on the first free-text query.
 *
 * The index is derived data. Each segment records how far it got (`upToSeq`); a crash between the
 * mail commit and the segment write leaves a gap that `search` fills from `missingText` (re-parsing
 * the raw messages) before it answers.
 */
import type FlexSearchModule from 'flexsearch';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreCorruptError } from '../../core/errors.js';
import { ensurePrivateDir, writeFileAtomic } from '../store/atomic-file.js';
import { currentSchemaVersion, shardName } from '../store/store-schema.js';

type Index = InstanceType<typeof FlexSearchModule.Index>;

// Loaded on first use: listing and tagging never touch the full-text index.
let flexsearch: Promise<typeof FlexSearchModule> | undefined;
const loadFlexSearch = () => (flexsearch ??= import('flexsearch').then((m) => m.default));
type SegmentFile = { schemaVersion: number; shard: number; upToSeq: number; chunks: Record<string, string> };
type Segment = { shard: number; upToSeq: number; index: Index; dirty: boolean };

const indexOptions = { tokenize: 'strict' as const, resolution: 1, fastupdate: false, cache: false };
const maxResults = 10_000_000;
/** Per-message cap on indexed text: the start of a message is what people search for. */
const maxTextPerMessage = 16_000;

// Scripts written without spaces (CJK, Thai) are indexed character by character, so a word inside a sentence is found.
const unsegmentedScripts = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}])/gu;

export function searchableText(text: string): string {
  return text.slice(0, maxTextPerMessage).replace(unsegmentedScripts, ' $1 ');
}

export class SegmentedTextIndex {
  private readonly segments = new Map<number, Segment>();
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly shardSize: number,
  ) {
    this.dir = join(dataDir, 'fts');
  }

  private fileOf(shard: number): string {
    return join(this.dir, shardName(shard));
  }

  private async segment(shard: number): Promise<Segment> {
    const cached = this.segments.get(shard);
    if (cached) return cached;
    const index = new (await loadFlexSearch()).Index(indexOptions);
    let upToSeq = shard * this.shardSize;
    try {
      const file = JSON.parse(await readFile(this.fileOf(shard), 'utf8')) as SegmentFile;
      for (const [key, data] of Object.entries(file.chunks)) index.import(key, data);
      upToSeq = file.upToSeq;
    } catch (error) {
      // A missing or damaged segment is rebuilt from the messages: it holds nothing that is not elsewhere.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError) && !(error instanceof StoreCorruptError)) throw error;
    }
    const segment = { shard, upToSeq, index, dirty: false };
    this.segments.set(shard, segment);
    return segment;
  }

  /** Adds messages in seq order; they must continue where each segment stopped. */
  async add(docs: { seq: number; text: string }[]): Promise<void> {
    for (const doc of docs) {
      const segment = await this.segment(Math.floor(doc.seq / this.shardSize));
      if (doc.seq < segment.upToSeq) continue; // already indexed (a retried commit)
      segment.index.add(doc.seq, searchableText(doc.text));
      segment.upToSeq = doc.seq + 1;
      segment.dirty = true;
    }
  }

  /**
   * Writes changed segments. Segments before the newest one are sealed (their shard is full) and are
   * dropped from memory once written: an import of 100,000 messages keeps one segment, not fifty.
   * Queries load them again on demand.
   */
  async flush(): Promise<void> {
    const dirty = [...this.segments.values()].filter((s) => s.dirty);
    if (dirty.length === 0) return;
    const newest = Math.max(...dirty.map((s) => s.shard));
    await ensurePrivateDir(this.dir);
    for (const segment of dirty) {
      const chunks: Record<string, string> = {};
      segment.index.export((key, data) => {
        chunks[key] = data;
      });
      const file: SegmentFile = { schemaVersion: currentSchemaVersion, shard: segment.shard, upToSeq: segment.upToSeq, chunks };
      await writeFileAtomic(this.fileOf(segment.shard), JSON.stringify(file), { syncDir: false });
      segment.dirty = false;
      if (segment.shard < newest && this.isSealed(segment)) this.segments.delete(segment.shard);
    }
  }

  /**
   * Seqs (below `committedSeq`) whose text holds every word of `text`.
   * `missingText` supplies the text of committed messages a segment lacks.
   */
  async search(text: string, committedSeq: number, missingText: (seqs: number[]) => Promise<{ seq: number; text: string }[]>): Promise<Set<number>> {
    const shards = Math.ceil(committedSeq / this.shardSize);
    const missing: number[] = [];
    for (let shard = 0; shard < shards; shard++) {
      const segment = await this.segment(shard);
      const end = Math.min(committedSeq, (shard + 1) * this.shardSize);
      for (let seq = segment.upToSeq; seq < end; seq++) missing.push(seq);
    }
    if (missing.length > 0) {
      await this.add(await missingText(missing));
      await this.flush().catch(() => {}); // healing is best effort: a read-only store still answers
    }
    const query = searchableText(text);
    const hits = new Set<number>();
    for (let shard = 0; shard < shards; shard++) {
      const segment = this.segments.get(shard)!;
      for (const id of segment.index.search(query, { limit: maxResults }) as number[]) if (id < committedSeq) hits.add(id);
    }
    return hits;
  }

  /**
   * Forgets segments another process may have extended. A segment holding its whole shard is final
   * and stays loaded, so new mail does not make the next search reload the whole index.
   */
  forgetOpenSegments(): void {
    for (const [shard, segment] of this.segments) if (!this.isSealed(segment)) this.segments.delete(shard);
  }

  /** The segment indexes its whole shard: nothing will be added to it again. */
  private isSealed(segment: Segment): boolean {
    return segment.upToSeq >= (segment.shard + 1) * this.shardSize;
  }
}
