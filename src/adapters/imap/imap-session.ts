/**
 * The MailServer port over imapflow. One connection per session; folders are selected one at a
 * time. Fetches go in chunks of UIDs so memory stays bounded however large the folder is.
 */
import type { ImapFlow } from 'imapflow';
import { scrubSecrets } from '../secure-connection/scrub-secrets.js';
import { secretsOf, type Credentials } from '../secure-connection/server-settings.js';
import type { ImapSettings } from './imap-settings.js';
import type { FolderChange, StoreResult, MailServer, MailServerSession, MissingMessage, OpenedFolder, ServerFolder, ServerMessage } from '../../core/ports/mail-server.js';
import { connectImap, describeImapError } from './imap-connect.js';
import { compactUids, isUid } from './uid-set.js';
import { commandDeadline, withDeadline } from './imap-deadline.js';
import { FetchMemory, ImapFetcher } from './imap-fetch.js';
import { ImapIdle } from './imap-idle.js';

/** UIDs per FETCH of flags or envelopes (small answers). */
const fetchChunk = 500;

export class ImapMailServer implements MailServer {
  readonly identity: string;

  constructor(
    private readonly server: ImapSettings,
    private readonly credentials: () => Promise<Credentials>,
  ) {
    this.identity = `${server.user}@${server.host}:${server.port}`;
  }

  /** Kept across reconnects: which UIDs hold a literal over the cap (see imap-fetch.ts). */
  private readonly fetchMemory = new FetchMemory();

  async connect(): Promise<MailServerSession> {
    const credentials = await this.credentials();
    const client = await connectImap(this.server, credentials);
    return new ImapSession(client, this.server, secretsOf(credentials), this.fetchMemory);
  }
}

class ImapSession implements MailServerSession {
  readonly closed: Promise<void>;
  readonly capabilities: { condstore: boolean; qresync: boolean; idle: boolean };
  private readonly idle: ImapIdle;
  private readonly fetcher: ImapFetcher;
  private folderKey = '';

  constructor(
    private readonly client: ImapFlow,
    private readonly server: ImapSettings,
    /** Never echoed: a server's error text is scrubbed of them. */
    private readonly secrets: readonly string[],
    fetchMemory: FetchMemory,
  ) {
    this.fetcher = new ImapFetcher(client, (what, fn) => this.guard(fn, what), fetchMemory, () => this.folderKey, (error) => describeImapError(error, server, secrets));
    this.closed = new Promise((resolve) => client.once('close', () => resolve()));
    this.capabilities = {
      condstore: client.enabled.has('CONDSTORE') || client.capabilities.has('CONDSTORE'),
      qresync: client.enabled.has('QRESYNC'),
      idle: client.capabilities.has('IDLE'),
    };
    this.idle = new ImapIdle(client, this.closed, (fn) => this.guard(fn), () => describeImapError(Object.assign(new Error('the server closed the connection'), { code: 'EConnectionClosed' }), server, secrets));
  }

  async listFolders(): Promise<ServerFolder[]> {
    return this.guard(async () => (await this.client.list()).map((f) => ({ path: f.path, ...(f.specialUse ? { specialUse: f.specialUse } : {}) })));
  }

  async open(path: string, since?: { uidValidity: string; modseq: string }): Promise<OpenedFolder> {
    return this.guard(async () => {
      const vanished: number[] = [];
      const flags = new Map<number, string[]>();
      const onExpunge = (e: { path: string; uid?: number; vanished?: boolean }) => {
        if (e.path === path && e.vanished && e.uid) vanished.push(e.uid);
      };
      const onFlags = (e: { path: string; uid?: number; flags: Set<string> }) => {
        if (e.path === path && e.uid) flags.set(e.uid, [...e.flags]);
      };
      this.client.on('expunge', onExpunge);
      this.client.on('flags', onFlags);
      try {
        const useQresync = !!since && this.capabilities.qresync;
        const box = await this.client.mailboxOpen(path, useQresync ? { uidValidity: since!.uidValidity, changedSince: since!.modseq } : {});
        const qresync = useQresync && (box as { qresync?: boolean }).qresync === true;
        this.folderKey = `${box.path}/${box.uidValidity}`;
        return {
          path: box.path,
          uidValidity: box.uidValidity.toString(),
          uidNext: isUid(box.uidNext) ? box.uidNext : await this.askUidNext(path, box.exists),
          exists: box.exists,
          ...(box.highestModseq !== undefined && !box.noModseq ? { highestModseq: box.highestModseq.toString() } : {}),
          keywordsAllowed: !box.permanentFlags || box.permanentFlags.has('\\*'),
          ...(qresync ? { changesSince: { vanished, flags } } : {}),
        };
      } finally {
        this.client.off('expunge', onExpunge);
        this.client.off('flags', onFlags);
        this.idle.forget();
      }
    });
  }

  /**
   * Courier's SELECT has no UIDNEXT: ask STATUS, else derive it from the highest UID. A position
   * that is still not a UID is an error, never NaN in a command or the store.
   */
  private async askUidNext(path: string, exists: number): Promise<number> {
    const status = await this.client.status(path, { uidNext: true }).catch(() => undefined);
    if (status && isUid(status.uidNext)) return status.uidNext;
    if (exists === 0) return 1;
    for await (const m of this.client.fetch('*', { uid: true })) if (isUid(m.uid)) return m.uid + 1;
    throw new Error(`the server gave no UIDNEXT for ${path} (neither in SELECT nor STATUS)`);
  }

  async uidsFrom(from: number): Promise<number[]> {
    return this.guard(async () => {
      const found = await this.client.search({ uid: `${compactUids([Math.max(1, from)])}:*` }, { uid: true });
      // "n:*" always matches the highest UID, even one below n.
      return (found || []).filter((uid) => isUid(uid) && uid >= from).sort((a, b) => a - b);
    });
  }

  fetchMessages(uids: number[]): AsyncIterable<ServerMessage | MissingMessage> {
    return this.fetcher.fetchMessages(uids);
  }

  async fetchFlags(belowUid: number, changedSince?: string): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    if (belowUid <= 1) return out;
    const range = `1:${compactUids([belowUid - 1])}`;
    await this.guard(async () => {
      const options = changedSince && this.capabilities.condstore ? { uid: true, changedSince: BigInt(changedSince) } : { uid: true };
      for await (const m of this.client.fetch(range, { uid: true, flags: true }, options)) if (isUid(m.uid) && m.uid < belowUid) out.set(m.uid, [...(m.flags ?? [])]);
    });
    return out;
  }

  async fetchMessageIds(uids: number[]): Promise<Map<number, string | null>> {
    const out = new Map<number, string | null>();
    for (let i = 0; i < uids.length; i += fetchChunk * 10) {
      await this.guard(async () => {
        const asked = new Set(uids.slice(i, i + fetchChunk * 10));
        for await (const m of this.client.fetch(compactUids([...asked]), { uid: true, envelope: true }, { uid: true })) {
          if (asked.has(m.uid)) out.set(m.uid, m.envelope?.messageId ?? null);
        }
      });
    }
    return out;
  }

  async fetchIdentities(uids: number[]): Promise<Map<number, { messageId: string | null; size: number; flags: string[] }>> {
    const out = new Map<number, { messageId: string | null; size: number; flags: string[] }>();
    for (let i = 0; i < uids.length; i += fetchChunk * 10) {
      await this.guard(async () => {
        for await (const m of this.client.fetch(compactUids(uids.slice(i, i + fetchChunk * 10)), { uid: true, envelope: true, size: true, flags: true }, { uid: true })) {
          if (typeof m.size === 'number') out.set(m.uid, { messageId: m.envelope?.messageId ?? null, size: m.size, flags: [...(m.flags ?? [])] });
        }
      });
    }
    return out;
  }

  async storeFlags(uids: number[], change: { add?: string[]; remove?: string[] }): Promise<StoreResult> {
    if (uids.length === 0) return { ok: true };
    return this.guard(async () => {
      const range = compactUids(uids);
      for (const [op, flags] of [['add', change.add], ['remove', change.remove]] as const) {
        if (!flags?.length) continue;
        // imapflow answers a refused STORE (or flags the folder does not take) with `false` and
        // puts the why only in its log: catch it there for the owner's warning.
        const log = this.client.log;
        const warn = log.warn;
        let why = '';
        log.warn = (entry: { err?: { responseText?: string; message?: string }; dropped?: string[] }) => {
          why = entry.err?.responseText || entry.err?.message || (entry.dropped?.length ? `the folder does not accept ${entry.dropped.join(' ')}` : why);
          return warn.call(log, entry);
        };
        try {
          const ok = op === 'add' ? await this.client.messageFlagsAdd(range, flags, { uid: true }) : await this.client.messageFlagsRemove(range, flags, { uid: true });
          if (!ok) return { ok: false, reason: serverSaid(why || 'the server refused the change', this.secrets) };
        } finally {
          log.warn = warn;
        }
      }
      return { ok: true };
    });
  }

  async expunge(uids: number[]): Promise<StoreResult> {
    if (uids.length === 0) return { ok: true };
    if (!this.client.capabilities.has('UIDPLUS')) return { ok: false, reason: 'the server has no UIDPLUS: deleting only these messages is not possible there' };
    return this.guard(async () => {
      // imapflow's messageDelete sets \Deleted and, with UIDPLUS, expunges exactly these UIDs (UID EXPUNGE).
      const ok = await this.client.messageDelete(compactUids(uids), { uid: true });
      return ok ? { ok: true } : { ok: false, reason: 'the server refused to delete the messages' };
    });
  }

  async hasMessageId(messageId: string): Promise<boolean> {
    return (await this.uidsWithMessageId(messageId)).length > 0;
  }

  async uidsWithMessageId(messageId: string): Promise<number[]> {
    return this.uidsWithHeader('message-id', messageId);
  }

  async uidsWithHeader(name: string, value: string): Promise<number[]> {
    return this.guard(async () => {
      const found = await this.client.search({ header: { [name]: value } }, { uid: true });
      return Array.isArray(found) ? found.filter(isUid) : [];
    });
  }

  async move(uids: number[], target: string): Promise<StoreResult> {
    if (uids.length === 0) return { ok: true };
    // Without MOVE, imapflow copies and then deletes with a plain EXPUNGE, which would also remove
    // what other clients marked deleted: only with UIDPLUS (UID EXPUNGE of exactly these) is that safe.
    if (!this.client.capabilities.has('MOVE') && !this.client.capabilities.has('UIDPLUS')) return { ok: false, reason: 'the server has neither MOVE nor UIDPLUS: moving only these messages is not possible there' };
    return this.guard(async () => {
      const moved = await this.client.messageMove(compactUids(uids), target, { uid: true });
      return moved ? { ok: true } : { ok: false, reason: `the server refused to move the messages to ${target}` };
    });
  }

  async createFolder(path: string): Promise<void> {
    await this.guard(async () => {
      await this.client.mailboxCreate(path);
    });
  }

  async append(path: string, raw: Uint8Array, flags: string[], date?: Date): Promise<{ uid?: number; uidValidity?: string }> {
    return this.guard(async () => {
      const result = await this.client.append(path, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), flags, date);
      if (!result) throw new Error(`the server did not take the message into ${path}`);
      return { ...(typeof result.uid === 'number' ? { uid: result.uid } : {}), ...(result.uidValidity !== undefined ? { uidValidity: String(result.uidValidity) } : {}) };
    });
  }

  waitForChange(maxMs: number, signal?: AbortSignal, pollMs = maxMs): Promise<FolderChange> {
    return this.idle.waitForChange(maxMs, signal, pollMs);
  }

  async folderStatus(path: string): Promise<{ uidNext: number; uidValidity: string } | null> {
    return this.guard(async () => {
      // A folder that is not there (NO) is null; a connection lost is an error like any other.
      const status = await this.client.status(path, { uidNext: true, uidValidity: true }).catch((error: unknown) => {
        if (!this.client.usable) throw error;
        return null;
      });
      if (!status || !isUid(Number(status.uidNext)) || status.uidValidity === undefined) return null;
      return { uidNext: Number(status.uidNext), uidValidity: String(status.uidValidity) };
    }, 'STATUS');
  }

  async close(): Promise<void> {
    try {
      await withDeadline(commandDeadline(this.client, this.server), 'LOGOUT', () => this.client.logout());
    } catch {
      this.client.close();
    }
  }

  /** Every command within its deadline; imapflow errors become h2h's one-line errors (auth vs unreachable). */
  private async guard<T>(fn: (progress: () => void) => Promise<T>, what = 'a command'): Promise<T> {
    try {
      return await withDeadline(commandDeadline(this.client, this.server), what, fn);
    } catch (error) {
      throw describeImapError(error, this.server, this.secrets);
    }
  }
}

/** A server's own words for the owner: secrets scrubbed, one line, no control characters, bounded. */
function serverSaid(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}
