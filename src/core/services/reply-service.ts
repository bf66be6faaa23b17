/**
 * Replies, from draft to Sent: the draft (reply-drafts.ts); the outbox, where a reply waits out
 * the undo delay with its exact bytes already built; sending over SMTP exactly once; then the reply in the conversation at once, the
 * conversation waiting on the customer, the copy in the server's Sent folder and \Answered on the
 * customer's message. A reply is never lost (it stays in the outbox until it is sent or the owner
 * takes it back) and never sent twice (an interrupted send becomes "unknown", the owner decides).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { greetedName, ownWords, threadHeaders } from '../domain/reply.js';
import { NotFoundError, ReplyCollisionError, UsageError } from '../errors.js';
import { backoffDelay } from '../retry.js';
import type { Clock } from '../ports/clock.js';
import { SendError, type MailSender, type MessageComposer } from '../ports/mail-sender.js';
import type { Draft, MailStore, OutboxEntry, OutgoingAttachment, StoreTx } from '../ports/mail-store.js';
import { didNotGo } from '../ports/store/owner-store.js';
import type { ConversationService } from './conversation-service.js';
import type { ImportService } from './import-service.js';
import type { SnippetStore } from '../ports/snippet-store.js';
import { ReplyDrafts, type ReplyDraft, type ReplySettings } from './reply-drafts.js';
import { pruneSent, releaseUnused } from './reply-files.js';

export type { ReplyDraft, ReplySettings } from './reply-drafts.js';

/** Where a sent reply is filed on the IMAP server (SentFilingService implements it). */
export interface SentFiling {
  /**
   * Appends `raw` to Sent (unless the server does that itself) and sets \Answered on the message
   * with seq `answersSeq`. `again`: an earlier try may have appended it before it was recorded as
   * filed (h2h killed in between): the copy with `messageId` already there is not appended twice.
   */
  fileSentReply(raw: Uint8Array, answersSeq: number, again?: { messageId: string }): Promise<FilingResult>;
}

/** `answered`: \Answered is on the customer's message; `note` says why not when a server refused it. */
export type FilingResult = { answered: boolean; note?: string };

/** `noSender`: no SMTP server is configured (the front end says how to set one up). */
/**
 * `again`: a reply that had already failed and still waits for a retry (not news: the outbox
 * count says it waits and `h2h outbox` shows its last error; a front end retrying in the background
 * stays quiet about it).
 */
export type SendResult = { entry: OutboxEntry; outcome: 'sent' | 'retry' | 'rejected' | 'unknown' | 'filing-failed'; message?: string; noSender?: true; again?: true };

const retryBaseMs = 30_000;
const retryMaxMs = 30 * 60_000;

export class ReplyService extends ReplyDrafts {
  constructor(
    store: MailStore,
    conversations: ConversationService,
    private readonly importer: ImportService,
    private readonly composer: MessageComposer,
    /** Null without an SMTP account: replies wait in the outbox. */
    private readonly sender: MailSender | null,
    private readonly filing: SentFiling | null,
    settings: ReplySettings,
    clock: Clock,
    snippets: SnippetStore | null = null,
  ) {
    super(store, conversations, settings, clock, snippets);
  }

  /**
   * Puts a reply in the outbox, built once into its exact bytes, to go after the undo delay (or at
   * once with `immediately`). Refuses when the conversation got new mail since the draft was started.
   */
  async queue(draft: ReplyDraft, text: string, options: { immediately?: boolean; attachments?: OutgoingAttachment[] } = {}): Promise<OutboxEntry> {
    const files = options.attachments ?? draft.attachments;
    if (ownWords(text, this.settings.agent.signature) === '') throw new UsageError('the reply is empty: write something between the greeting and your signature');
    const newer = await this.newSince(draft.conversationId, draft.baseSeq);
    if (newer.length > 0) {
      throw new ReplyCollisionError(`${newer.length} new message${newer.length === 1 ? '' : 's'} in this conversation since the reply was started: read ${newer.length === 1 ? 'it' : 'them'} first`, newer);
    }
    const now = this.clock.now();
    const { inReplyTo, references } = threadHeaders(draft.answers);
    const domain = this.settings.agent.email.split('@')[1] ?? 'h2h.invalid';
    const unique = randomBytes(6).toString('hex');
    const messageId = `<${now.toString(36)}.${unique}@${domain}>`;
    const attachments = await Promise.all(files.map(async (a) => ({ name: a.name, content: await this.store.readRaw(a.hash) })));
    const raw = await this.composer.compose({ from: draft.from, to: draft.to, subject: draft.subject, text, messageId, date: new Date(now), inReplyTo, references, attachments });
    const hash = await this.store.writeRaw(raw);
    const entry: OutboxEntry = {
      // From the random part: two replies queued in the same millisecond still get their own ids.
      id: unique.slice(0, 8),
      conversationId: draft.conversationId,
      answersSeq: draft.answers.seq,
      baseSeq: draft.baseSeq,
      messageId,
      hash,
      from: draft.from.email,
      to: draft.to.map((a) => a.email),
      subject: draft.subject,
      text,
      ...(files.length ? { attachments: files } : {}),
      queuedAt: new Date(now).toISOString(),
      notBefore: new Date(options.immediately ? now : now + this.undoDelayMs).toISOString(),
      status: 'queued',
      attempts: 0,
    };
    const customer = (await this.conversations.get(draft.conversationId)).customer;
    const greeted = greetedName(text, this.conversations.customerRef(customer).firstName);
    await this.store.transact((tx) => {
      // The copies of files of replies sent long ago go with their entries (the sent message holds them).
      const released = [...(tx.draft(draft.conversationId)?.attachments ?? []), ...pruneSent(tx, now)];
      tx.putOutboxEntry(entry);
      // The owner greets this customer differently ("Hi Annie,"): the next reply starts that way.
      if (greeted) tx.setFirstName(customer, greeted);
      tx.removeDraft(draft.conversationId);
      tx.keepRawFiles(files.map((a) => a.hash));
      releaseUnused(tx, released.map((a) => a.hash));
    });
    return entry;
  }

  /**
   * Queues the reply or, when the customer wrote while it was being written, keeps the words as the
   * conversation's draft (based on what came in: once read, the next try goes) and says why. The
   * TUI's y and `h2h reply --send` both come here, so neither loses a word to a collision.
   */
  async queueOrKeep(draft: ReplyDraft, text: string, options: { immediately?: boolean; attachments?: OutgoingAttachment[] } = {}): Promise<{ queued: OutboxEntry } | { kept: ReplyCollisionError }> {
    try {
      return { queued: await this.queue(draft, text, options) };
    } catch (error) {
      if (!(error instanceof ReplyCollisionError)) throw error;
      await this.saveDraft(draft.conversationId, text, Math.max(draft.baseSeq, ...error.newSeqs), options.attachments ?? draft.attachments);
      return { kept: error };
    }
  }

  /** Undo send: takes a reply that has not started going back out of the outbox, as the conversation's draft again. */
  async unqueue(entryId: string): Promise<Draft> {
    return this.store.transact((tx) => {
      const entry = tx.outboxEntry(entryId);
      if (!entry) throw new NotFoundError(`no reply ${entryId} in the outbox`);
      if (entry.status !== 'queued' && entry.status !== 'failed' && entry.status !== 'rejected') throw new UsageError(`reply ${entryId} is ${entry.status}: too late to take it back`);
      return this.backToDraft(tx, entry);
    });
  }

  /** Out of the outbox, its words the conversation's draft again (with the point it was started from). */
  private backToDraft(tx: StoreTx, entry: OutboxEntry): Draft {
    tx.removeOutboxEntry(entry.id);
    const draft: Draft = { conversationId: entry.conversationId, text: entry.text, baseSeq: entry.baseSeq, updatedAt: new Date(this.clock.now()).toISOString(), ...(entry.attachments?.length ? { attachments: entry.attachments } : {}) };
    tx.putDraft(draft);
    return draft;
  }

  /**
   * Takes a reply that has not gone (queued, failed, refused, or of unknown fate the owner judges
   * not sent) out of the outbox for good, its words kept as the conversation's draft: nothing the
   * owner wrote is lost. Refused while the conversation holds another draft (one would be lost).
   */
  async discard(entryId: string): Promise<Draft> {
    return this.store.transact((tx) => {
      const entry = tx.outboxEntry(entryId);
      if (!entry) throw new NotFoundError(`no reply ${entryId} in the outbox`);
      if (entry.status === 'sent' || entry.status === 'sending') throw new UsageError(`reply ${entryId} is ${entry.status}: it cannot be discarded`);
      const existing = tx.draft(entry.conversationId);
      if (existing && existing.text !== entry.text) throw new UsageError(`conversation ${entry.conversationId} has a draft already: send it or discard it first, so neither text is lost`);
      return this.backToDraft(tx, entry);
    });
  }

  /** Every reply in the outbox, oldest queued first. */
  async outbox(): Promise<OutboxEntry[]> {
    return this.store.outbox();
  }

  /**
   * Sends what is due (queued or failed, past `notBefore`; `force` ignores the wait), and files
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
      results.push(await this.sendOne(entry.id));
    }
    return results;
  }

  /** Replies of a conversation (or of all, without one) that did not go: failed (retried by itself), refused, or of unknown fate. */
  async troubles(conversationId?: string): Promise<OutboxEntry[]> {
    return (await this.outbox()).filter((e) => (conversationId === undefined || e.conversationId === conversationId) && didNotGo(e.status));
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
      await this.sender.send({ from: claimed.from, to: claimed.to }, raw);
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
    await this.importer.import([{ raw, source: 'sent reply', seen: true }], { folder: 'sent' });
    await this.conversations.setStatus([entry.conversationId], 'waiting', undefined, { undoable: false });
    if (this.filing) {
      // Filed or not, its result carries the note of a refused \Answered.
      return this.file(entry);
    }
    return { entry, outcome: 'sent' };
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
      const result = await this.filing!.fileSentReply(await this.store.readRaw(entry.hash), entry.answersSeq, again ? { messageId: entry.messageId } : undefined);
      const at = new Date(this.clock.now()).toISOString();
      // \Answered is recorded only when the server took it (a server without that flag refuses it).
      const filed = await this.update(entry.id, (e) => ({ ...e, filedAt: at, claimedBy: undefined, ...(result.answered ? { answeredAt: at } : {}) }));
      return { entry: filed, outcome: 'sent', ...(result.note ? { message: result.note } : {}) };
    } catch (error) {
      const kept = await this.update(entry.id, (e) => ({ ...e, claimedBy: undefined, lastError: `sent, but not yet filed in Sent: ${(error as Error).message}` }));
      return { entry: kept, outcome: 'filing-failed', message: kept.lastError };
    }
  }

  private async update(entryId: string, change: (e: OutboxEntry) => OutboxEntry): Promise<OutboxEntry> {
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
function isAlive(claim: { pid: number; host: string }): boolean {
  if (claim.host !== hostname()) return true;
  try {
    process.kill(claim.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

