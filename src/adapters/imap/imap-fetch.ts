/**
 * Whole messages by UID over imapflow, with the accounting the sync relies on: only the UIDs asked
 * for are taken (an unsolicited FETCH for another UID is dropped), each UID that did not come
 * with a body is said so (MissingMessage), and memory stays bounded against any server: chunks
 * are cut by the sizes the server announces (RFC822.SIZE) as well as by count, a message above the
 * literal cap is never downloaded, and a server that sends more than it announced is cut off.
 */
import type { ImapFlow } from 'imapflow';
import type { MissingMessage, ServerMessage } from '../../core/ports/mail-server.js';
import { isUid } from '../../core/domain/uid.js';
import { compactUids } from './uid-set.js';

export type FetchLimits = {
  /** The largest message accepted; also imapflow's maxLiteralSize, so a larger literal is refused before it is read. */
  maxMessageBytes: number;
  /** Announced bytes per FETCH command. */
  chunkBytes: number;
  /** UIDs per FETCH command: large enough to keep the pipe full. */
  chunkMessages: number;
};

export const defaultFetchLimits: FetchLimits = { maxMessageBytes: 100 * 1024 * 1024, chunkBytes: 50_000_000, chunkMessages: 500 };

/**
 * What one ImapMailServer learned across reconnects: a literal over the cap kills the connection
 * (imapflow refuses it without reading it), so the UIDs it may belong to are fetched one by one
 * on the next try, and the one found is never asked for again.
 */
export class FetchMemory {
  readonly suspects = new Set<string>();
  readonly tooLarge = new Set<string>();
}

/** Runs one command under the session's deadline and error rules; `progress` restarts the time. */
export type CommandRunner = <T>(what: string, fn: (progress: () => void) => Promise<T>) => Promise<T>;

type ChunkResult = { messages: (ServerMessage | MissingMessage)[]; error?: unknown };

export class ImapFetcher {
  /** imapflow reports a literal over the cap as an 'error' event; the command itself only sees the connection close. */
  private overCap?: unknown;

  constructor(
    private readonly client: ImapFlow,
    private readonly run: CommandRunner,
    private readonly memory: FetchMemory,
    /** "folder/uidvalidity" of the open folder, to key what memory holds. */
    private readonly folderKey: () => string,
    /** imapflow's errors as h2h's one-line errors. */
    private readonly describe: (error: unknown) => Error,
    private readonly limits: FetchLimits = defaultFetchLimits,
  ) {
    client.on('error', (error: unknown) => {
      if (isOverCap(error)) this.overCap = error;
    });
  }

  /** Chunk after chunk, the next one already on the wire while the caller works through this one. */
  async *fetchMessages(uids: number[]): AsyncIterable<ServerMessage | MissingMessage> {
    const wanted = [...new Set(uids.filter(isUid))].sort((a, b) => a - b);
    if (wanted.length === 0) return;
    const key = (uid: number) => `${this.folderKey()}/${uid}`;
    const sizes = await this.sizes(wanted);
    const chunks: number[][] = [];
    let chunk: number[] = [];
    let bytes = 0;
    for (const uid of wanted) {
      const size = sizes.get(uid);
      if ((size ?? 0) > this.limits.maxMessageBytes || this.memory.tooLarge.has(key(uid))) {
        yield { uid, missing: 'too-large', ...(size !== undefined ? { size } : {}) };
        continue;
      }
      if (this.memory.suspects.has(key(uid))) {
        chunks.push([uid]);
        continue;
      }
      if (chunk.length > 0 && (chunk.length >= this.limits.chunkMessages || bytes + (size ?? 0) > this.limits.chunkBytes)) {
        chunks.push(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(uid);
      bytes += size ?? 0;
    }
    if (chunk.length > 0) chunks.push(chunk);
    let next = chunks.length ? this.fetchChunk(chunks[0]) : undefined;
    for (let i = 0; i < chunks.length; i++) {
      const got = await next!;
      next = i + 1 < chunks.length && !got.error ? this.fetchChunk(chunks[i + 1]) : undefined;
      yield* got.messages;
      if (got.error) throw got.error;
    }
  }

  /** RFC822.SIZE of each UID asked for (those the server names; others count as small). */
  private async sizes(uids: number[]): Promise<Map<number, number>> {
    const wanted = new Set(uids);
    const out = new Map<number, number>();
    for (let i = 0; i < uids.length; i += 5000) {
      await this.run('FETCH (RFC822.SIZE)', async (progress) => {
        for await (const m of this.client.fetch(compactUids(uids.slice(i, i + 5000)), { uid: true, size: true }, { uid: true })) {
          if (!wanted.has(m.uid) || out.has(m.uid)) continue;
          if (typeof m.size === 'number' && Number.isSafeInteger(m.size) && m.size >= 0) out.set(m.uid, m.size);
          progress();
        }
      });
    }
    return out;
  }

  /**
   * One FETCH: requested messages in ascending UID order, then a MissingMessage for each UID that
   * did not come. A failure comes back with what had arrived before it.
   */
  private async fetchChunk(chunk: number[]): Promise<ChunkResult> {
    const waiting = new Set(chunk);
    const messages: ServerMessage[] = [];
    const missing: MissingMessage[] = [];
    let received = 0;
    const budget = this.limits.chunkBytes + this.limits.maxMessageBytes;
    try {
      await this.run('FETCH (BODY[])', async (progress) => {
        for await (const m of this.client.fetch(compactUids(chunk), { uid: true, flags: true, source: true, internalDate: true }, { uid: true })) {
          if (!waiting.delete(m.uid)) continue; // unsolicited, or a second answer for the same UID
          if (!m.source || m.source.length === 0) {
            missing.push({ uid: m.uid, missing: 'no-body', detail: 'the server answered BODY[] NIL' });
            continue;
          }
          received += m.source.length;
          if (received > budget) {
            // More than the sizes announced: what comes after this is left for the next sync.
            waiting.add(m.uid);
            break;
          }
          const date = m.internalDate ? new Date(m.internalDate).getTime() : undefined;
          messages.push({ uid: m.uid, flags: [...(m.flags ?? [])], raw: m.source, ...(date !== undefined && !Number.isNaN(date) ? { internalDate: date } : {}) });
          progress();
        }
      });
    } catch (error) {
      if (!this.overCap && !isOverCap(error)) return { messages: sorted(messages), error };
      const culprit = this.blame([...waiting]);
      // The one found is said now, so the store records it even though this try fails.
      return { messages: [...sorted(messages), ...(culprit !== undefined ? [{ uid: culprit, missing: 'too-large' as const, detail: 'its literal is over the limit' }] : [])], error: this.describe(this.overCap ?? error) };
    }
    for (const uid of waiting) missing.push({ uid, missing: 'no-body', detail: received > budget ? 'the server sent more than it announced; left for the next sync' : 'the server sent no body for it' });
    return { messages: [...sorted(messages), ...missing] };
  }

  /** A literal over the cap belongs to one of `uids`: one alone is the culprit (returned); several are fetched singly next time. */
  private blame(uids: number[]): number | undefined {
    const key = (uid: number) => `${this.folderKey()}/${uid}`;
    if (uids.length === 1) {
      this.memory.tooLarge.add(key(uids[0]));
      return uids[0];
    }
    for (const uid of uids) this.memory.suspects.add(key(uid));
    return undefined;
  }
}

const sorted = (messages: ServerMessage[]) => messages.sort((a, b) => a.uid - b.uid);

/** imapflow's codes for a literal or response over its caps (the connection is closed after them). */
export const isOverCap = (error: unknown): boolean => {
  const code = (error as { code?: string } | null)?.code ?? (error as { cause?: { code?: string } } | null)?.cause?.code;
  return code === 'LiteralTooLarge' || code === 'ResponseTooLarge';
};
