/**
 * The outbox's second half: sending what is due over SMTP exactly once, then the message in its
 * conversation at once, the copy in the server's Sent folder and the flag on the message answered
 * (\Answered) or forwarded ($Forwarded). A message is never lost (it stays in the outbox until it is
 * sent or the owner takes it back) and never sent twice (an interrupted send becomes "unknown", the
 * owner decides). ReplyService adds queueing and taking back; ReplyDrafts the drafts.
 */
import { hostname } from 'node:os';
import { NotFoundError, UsageError } from '../errors.js';
import { backoffDelay } from '../retry.js';
import { envelopeRecipients } from '../domain/recipients.js';
import type { Clock } from '../ports/clock.js';
import { SendError, type MailSender } from '../ports/mail-sender.js';
import type { Draft, MailStore, OutboxEntry, StoreTx } from '../ports/mail-store.js';
import { didNotGo } from '../ports/store/owner-store.js';
import type { GreetingService } from './greeting-service.js';
import type { ConversationService } from './conversation-service.js';
import type { ImportService } from './import-service.js';
import type { SnippetStore } from '../ports/snippet-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import { ReplyDrafts, type ReplySettings } from './reply-drafts.js';
import { draftKeyOf } from '../domain/draft-keys.js';

/** Where a sent reply is filed on the IMAP server (SentFilingService implements it). */
export interface SentFiling {
  /**
   * Appends `raw` to Sent (unless the server does that itself) and sets `mark.flag` on the message
   * with seq `mark.seq` (none for new mail). `again`: an earlier try may have appended it before it
   * was recorded as filed (h2h killed in between): the copy with `messageId` there is not appended twice.
   */
  fileSent(raw: Uint8Array, mark: SentMark | null, again?: { messageId: string }): Promise<FilingResult>;
}

/** The flag a sent message puts on the one it answers (\Answered) or forwards ($Forwarded, as other clients set it). */
export type SentMark = { seq: number; flag: '\\Answered' | '$Forwarded' };

/** `marked`: the flag is on the message; `note` says why not when a server refused it. */
export type FilingResult = { marked: boolean; note?: string };

/** `noSender`: no SMTP server is configured (the front end says how to set one up). */
/**
 * `again`: a reply that had already failed and still waits for a retry (not news: the outbox
 * count says it waits and `h2h outbox` shows its last error; a front end retrying in the background
 * stays quiet about it).
 */
/** `cancelled`: a reply to send later, not sent because the conversation got mail first: it is the draft again. */
export type SendResult = { entry: OutboxEntry; outcome: 'sent' | 'retry' | 'rejected' | 'unknown' | 'filing-failed' | 'cancelled'; message?: string; noSender?: true; again?: true };

const retryBaseMs = 30_000;
const retryMaxMs = 30 * 60_000;

export class OutboxSending extends ReplyDrafts {
  constructor(
    store: MailStore,
    conversations: ConversationService,
    protected readonly importer: ImportService,
    /** Null without an SMTP account: messages wait in the outbox. */
    protected readonly sender: MailSender | null,
    protected readonly filing: SentFiling | null,
    settings: ReplySettings,
    clock: Clock,
    snippets: SnippetStore | null = null,
    parser: Pick<MessageParser, 'deliveredTo'> | null = null,
    greeter?: GreetingService,
  ) {
    super(store, conversations, settings, clock, snippets, parser, greeter);
  }

  /** Every reply in the outbox, oldest queued first. */
  async outbox(): Promise<OutboxEntry[]> {
    return this.store.outbox();
  }

  /**
   * Sends what is due (queued or failed, past `notBefore`; `force` ignores the wait, but never a
   * send-later time not yet come), and files
   * sent replies whose filing failed before. Replies another process is sending are left alone; one
   * whose sender died mid-send becomes `unknown`.
   */
  async sendDue(options: { ids?: string[]; force?: boolean } = {}): Promise<SendResult[]> {
    const results: SendResult[] = [];
    for (const entry of await this.outbox()) {
      if (options.ids && !options.ids.includes(entry.id)) continue;
      if (entry.status === 'sent') {
        if (!entry.filedAt && this.filing && (await this.claimFiling(entry.id))) results.push(await this.file(entry, true));
        continue;
      }
      if (entry.status === 'sending' && entry.claimedBy && !isAlive(entry.claimedBy)) {
        await this.update(entry.id, (e) => ({ ...e, status: 'unknown', claimedBy: undefined, lastError: 'h2h stopped while sending it: it may have been delivered' }));
        continue;
      }
      if (entry.status !== 'queued' && entry.status !== 'failed') continue;
      if (!options.force && Date.parse(entry.notBefore) > this.clock.now()) continue;
      // A reply to send later goes at its time, whatever forces the retries of others (outbox --retry).
      if (entry.sendAt && entry.attempts === 0 && Date.parse(entry.sendAt) > this.clock.now()) continue;
      const cancelled = entry.sendAt && (await this.cancelIfNews(entry));
      results.push(cancelled || (await this.sendOne(entry.id)));
    }
    return results;
  }

  /** Replies of a conversation (or of all, without one) that did not go: failed (retried by itself), refused, or of unknown fate. */
  async troubles(conversationId?: string): Promise<OutboxEntry[]> {
    return (await this.outbox()).filter((e) => (conversationId === undefined || e.conversationId === conversationId) && didNotGo(e.status));
  }

  /** Replies of a conversation (or of all) waiting for the time the owner chose (send later), not yet tried. */
  async scheduled(conversationId?: string): Promise<OutboxEntry[]> {
    return (await this.outbox()).filter((e) => (conversationId === undefined || e.conversationId === conversationId) && e.sendAt !== undefined && e.status === 'queued' && e.attempts === 0);
  }

  /**
   * The owner asks to send a reply that failed, was refused or may not have arrived, again now
   * (the caller has asked about one of unknown fate: it may have arrived already).
   */
  async retry(entryId: string): Promise<OutboxEntry> {
    return this.update(entryId, (e) => {
      if (!didNotGo(e.status)) throw new UsageError(`reply ${entryId} is ${e.status}, not waiting to be sent again`);
      return { ...e, status: 'queued', notBefore: new Date(this.clock.now()).toISOString() };
    });
  }

  /** The owner's decision on a reply whose send was interrupted: send it again, or count it as sent. */
  async resolveUnknown(entryId: string, decision: 'resend' | 'sent'): Promise<void> {
    await this.update(entryId, (e) => {
      if (e.status !== 'unknown' && e.status !== 'rejected') throw new UsageError(`reply ${entryId} is ${e.status}, not waiting for a decision`);
      return decision === 'sent' ? { ...e, status: 'sent', sentAt: new Date(this.clock.now()).toISOString() } : { ...e, status: 'queued', notBefore: new Date(this.clock.now()).toISOString() };
    });
  }

  /**
   * A reply to send later whose conversation got mail since it was written (the customer again, a
   * reply from elsewhere): not sent, its words the draft again, based on what came in.
   */
  private async cancelIfNews(entry: OutboxEntry): Promise<SendResult | null> {
    // Replies only: new mail has no conversation yet, and a forward goes to a third party whatever the customer says.
    if (entry.kind) return null;
    const news = await this.newSince(entry.conversationId, entry.baseSeq);
    if (news.length === 0) return null;
    const kept = await this.store.transact((tx) => {
      const e = tx.outboxEntry(entry.id);
      // Another process took it meanwhile, or a draft is there already (the owner's newer words): leave it.
      if (!e || e.status !== 'queued' || tx.draft(draftKeyOf(e))) return null;
      // Based on what came in (as queueOrKeep keeps a collision): once read, sending it again goes.
      this.backToDraft(tx, { ...e, baseSeq: Math.max(e.baseSeq, ...news) });
      return e;
    });
    if (!kept) return null;
    const message = `not sent at ${entry.sendAt!.slice(0, 16).replace('T', ' ')} UTC: ${news.length} new message${news.length === 1 ? '' : 's'} in the conversation since you wrote it; your words are the draft again`;
    return { entry: kept, outcome: 'cancelled', message };
  }

  private async sendOne(entryId: string): Promise<SendResult> {
    const now = this.clock.now();
    // Claim it under the lock: whoever claims it is the only one who sends it.
    let failedBefore = false;
    const claimed = await this.store.transact((tx) => {
      const e = tx.outboxEntry(entryId);
      if (!e || (e.status !== 'queued' && e.status !== 'failed')) return null;
      failedBefore = e.status === 'failed';
      const next: OutboxEntry = { ...e, status: 'sending', attempts: e.attempts + 1, claimedBy: { pid: process.pid, host: hostname(), at: new Date(now).toISOString() } };
      tx.putOutboxEntry(next);
      return next;
    });
    if (!claimed) {
      const current = this.store.outboxEntry(entryId);
      if (!current) throw new NotFoundError(`no reply ${entryId} in the outbox`);
      return { entry: current, outcome: 'retry', message: 'taken by another h2h' };
    }
    if (!this.sender) {
      const entry = await this.update(entryId, (e) => ({ ...e, status: 'failed', claimedBy: undefined, lastError: 'no SMTP server configured', notBefore: new Date(now + retryBaseMs).toISOString() }));
      return { entry, outcome: 'retry', message: entry.lastError, noSender: true, ...(failedBefore ? { again: true as const } : {}) };
    }
    const raw = await this.store.readRaw(claimed.hash);
    try {
      await this.sender.send({ from: claimed.from, to: envelopeRecipients(claimed) }, raw);
    } catch (error) {
      const failure = error instanceof SendError ? error.failure : { outcome: 'retry' as const, message: (error as Error).message };
      // The claim ends with the attempt (a live claim on an unfiled reply means "being filed").
      const entry = await this.update(entryId, (e) => ({
        ...e,
        claimedBy: undefined,
        status: failure.outcome === 'retry' ? 'failed' : failure.outcome,
        lastError: failure.message,
        notBefore: new Date(this.clock.now() + backoffDelay(e.attempts, retryBaseMs, retryMaxMs)).toISOString(),
      }));
      return { entry, outcome: failure.outcome, message: failure.message, ...(failure.outcome === 'retry' && failedBefore ? { again: true as const } : {}) };
    }
    const entry = await this.update(entryId, (e) => ({ ...e, status: 'sent', sentAt: new Date(this.clock.now()).toISOString(), lastError: undefined }));
    // The reply shows in its conversation at once (the Sent folder's copy, same bytes, adds nothing later).
    return this.afterSend(entry, raw);
  }

  /**
   * A sent message shows in its conversation at once (the Sent folder's copy, same bytes, adds
   * nothing later): a reply and new mail leave the conversation waiting on the customer (new mail
   * starts one, which the entry then names); a forward joins the customer's conversation (by its
   * References) and leaves its status alone. Then it is filed.
   */
  private async afterSend(sent: OutboxEntry, raw: Uint8Array): Promise<SendResult> {
    let entry = sent;
    await this.importer.import([{ raw, source: entry.kind === 'forward' ? 'sent forward' : entry.kind === 'new' ? 'sent mail' : 'sent reply', seen: true }], { folder: 'sent' });
    if (entry.kind === 'new') {
      const conversationId = this.store.conversationsOfMessageIds([entry.messageId]).get(entry.messageId);
      if (conversationId) entry = await this.update(entry.id, (e) => ({ ...e, conversationId }));
    }
    // An away notice answers nothing: the customer still waits for the owner.
    if (entry.kind !== 'forward' && !entry.notice) await this.conversations.setStatus([entry.conversationId], 'waiting', undefined, { undoable: false });
    // Filed or not, its result carries the note of a refused flag.
    return this.filing ? this.file(entry) : { entry, outcome: 'sent' };
  }

  /**
   * A sent reply not yet filed is filed by one worker at a time: the one that sent it keeps its
   * claim until it has filed it; another (the TUI and \`sync --watch\` both run one) takes it only
   * when no live process holds it. Without this, two appended it to Sent at once.
   */
  private async claimFiling(entryId: string): Promise<boolean> {
    return this.store.transact((tx) => {
      const e = tx.outboxEntry(entryId);
      if (!e || e.status !== 'sent' || e.filedAt || (e.claimedBy && isAlive(e.claimedBy))) return false;
      tx.putOutboxEntry({ ...e, claimedBy: { pid: process.pid, host: hostname(), at: new Date(this.clock.now()).toISOString() } });
      return true;
    });
  }

  /** `again`: filing a reply sent earlier whose filing was not recorded (failed, or h2h was killed). The claim ends with it. */
  private async file(entry: OutboxEntry, again = false): Promise<SendResult> {
    try {
      const mark: SentMark | null = entry.kind === 'new' || entry.notice ? null : { seq: entry.answersSeq, flag: entry.kind === 'forward' ? '$Forwarded' : '\\Answered' };
      const result = await this.filing!.fileSent(await this.store.readRaw(entry.hash), mark, again ? { messageId: entry.messageId } : undefined);
      const at = new Date(this.clock.now()).toISOString();
      // \Answered is recorded only when the server took it (a server without that flag refuses it).
      const filed = await this.update(entry.id, (e) => ({ ...e, filedAt: at, claimedBy: undefined, ...(result.marked && !e.kind ? { answeredAt: at } : {}) }));
      return { entry: filed, outcome: 'sent', ...(result.note ? { message: result.note } : {}) };
    } catch (error) {
      const kept = await this.update(entry.id, (e) => ({ ...e, claimedBy: undefined, lastError: `sent, but not yet filed in Sent: ${(error as Error).message}` }));
      return { entry: kept, outcome: 'filing-failed', message: kept.lastError };
    }
  }

  /** Out of the outbox, its words a draft again (with the point it was started from, its kind and recipients). */
  protected backToDraft(tx: StoreTx, entry: OutboxEntry): Draft {
    tx.removeOutboxEntry(entry.id);
    const draft: Draft = {
      conversationId: draftKeyOf(entry),
      ...(entry.kind ? { kind: entry.kind } : {}),
      ...(entry.kind === 'new' ? { subject: entry.subject } : {}),
      // The From it was going from (the owner may have chosen it with F or --from).
      from: entry.from,
      ...(entry.kind === 'forward' ? { forwards: { conversationId: entry.conversationId, seq: entry.answersSeq } } : {}),
      text: entry.text,
      baseSeq: entry.baseSeq,
      updatedAt: new Date(this.clock.now()).toISOString(),
      ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
      ...(entry.recipients ? { recipients: entry.recipients } : {}),
    };
    tx.putDraft(draft);
    return draft;
  }

  protected async update(entryId: string, change: (e: OutboxEntry) => OutboxEntry): Promise<OutboxEntry> {
    return this.store.transact((tx) => {
      const e = tx.outboxEntry(entryId);
      if (!e) throw new NotFoundError(`no reply ${entryId} in the outbox`);
      const next = change(e);
      tx.putOutboxEntry(next);
      return next;
    });
  }
}

/** A claim by a process on this machine that is gone; claims from another machine are trusted. */
export function isAlive(claim: { pid: number; host: string }): boolean {
  if (claim.host !== hostname()) return true;
  try {
    process.kill(claim.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

