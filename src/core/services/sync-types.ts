/** What a sync reports and the settings and options it takes; shared by the sync modules and the front ends. */
import type { SettingsFix } from '../errors.js';
import type { RetryOptions } from '../retry.js';

export type FolderRole = 'inbox' | 'sent' | 'extra';

export type FolderReport = {
  folder: string;
  role: FolderRole;
  /** New messages stored. */
  added: number;
  /** Messages on the server that the store already had (another folder, an earlier import, a resumed sync). */
  known: number;
  /** Messages whose flags another client changed, applied here. */
  pulled: number;
  /** Messages whose flags were changed on the server to match decisions made here. */
  pushed: number;
  /** Messages expunged on the server since the last sync (kept here, marked gone). */
  vanished: number;
  /** How changes to known messages were found. */
  mode: 'first' | 'qresync' | 'condstore' | 'full';
  uidValidityChanged: boolean;
  /** Messages that came without their body this time (warned; asked for again next sync). */
  missing?: number;
  /** Messages found larger than the IMAP adapter accepts (warned; recorded, not fetched). */
  tooLarge?: number;
  /** Conversations the owner's rules acted on, by rule (absent when none did). */
  rules?: RuleCount[];
};

export type RuleCount = { name: string; conversations: number };

export type SyncReport = {
  account: string;
  folders: FolderReport[];
  added: number;
  rules?: RuleCount[];
  /** Spam moved to the server's Junk folder by this sync. */
  junk?: { folder: string; moved: number };
  /** The shared decisions: messages read from the state log, decisions applied here, local ones written. */
  state?: { folder: string; read: number; applied: number; written: number };
};

/** Counts by rule, added up (reports of batches, folders). */
export function addRuleHits(to: RuleCount[] | undefined, more: RuleCount[]): RuleCount[] {
  const out = (to ?? []).map((r) => ({ ...r }));
  for (const r of more) {
    const seen = out.find((o) => o.name === r.name);
    if (seen) seen.conversations += r.conversations;
    else out.push({ ...r });
  }
  return out;
}

export type SyncEvent =
  | { type: 'connected'; account: string }
  | { type: 'folder-start'; folder: string; role: FolderRole; toFetch: number }
  | { type: 'progress'; folder: string; done: number; total: number }
  | { type: 'folder-done'; report: FolderReport }
  /** The decisions shared with the other machines (docs/two-machines.md): read, written here (`applied`), sent (`written`). */
  | { type: 'shared-done'; report: { folder: string; read: number; applied: number; written: number } }
  | { type: 'uidvalidity-changed'; folder: string; matched: number; toFetch: number }
  | { type: 'warning'; folder?: string; message: string }
  | { type: 'retry'; attempt: number; delayMs: number; message: string }
  | { type: 'watching'; folder: string }
  /** `fix`: a setting of the account would end it (see SettingsFix); the front end says which. */
  | { type: 'disconnected'; message: string; fix?: SettingsFix };

export type SyncSettings = {
  /** Folders besides INBOX and Sent. */
  folders: string[];
  /** The Sent folder when the server marks none with \Sent. */
  sentFolder?: string;
  /** A watch asks the server after this long without news from IDLE. @default 5000 */
  pollMs?: number;
};

export type SyncOptions = {
  onEvent?: (event: SyncEvent) => void;
  signal?: AbortSignal;
  /** Tries after the first when the connection fails (`sync` only; a watch retries for as long as it runs). */
  retries?: number;
  /** New messages per commit. @default 2000 */
  batchSize?: number;
};

export type WatchOptions = SyncOptions & {
  /** Registers a callback for "the owner changed something here" (tags, read marks), to send it back at once. */
  localChanges?: (poke: () => void) => void;
  /** Longest wait between two full rounds (Sent and extra folders are not watched by IDLE). @default 60 s */
  roundMs?: number;
  /** Ask the server (NOOP) after this long without news from IDLE. @default 5000 */
  pollMs?: number;
};

/** What a front end needs of a live sync: SyncService's watch (app/threaded-sync.ts runs it on a thread of its own). */
export type LiveSync = { watch(options: WatchOptions): Promise<void> };

/** How hard to try when the connection fails. Tests make the waits short. */
export type SyncRetry = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep'>;
