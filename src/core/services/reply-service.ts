/**
 * Replies, from draft to Sent: the draft (reply-drafts.ts); the outbox, where a reply waits out
 * the undo delay with its exact bytes already built (queued here, taken back here); sending it
 * exactly once and filing it (outbox-sending.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Recipients } from '../domain/recipients.js';
import { greetedName, ownWords, threadHeaders } from '../domain/reply.js';
import { NotFoundError, ReplyCollisionError, UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MailSender, MessageComposer } from '../ports/mail-sender.js';
import type { Draft, MailStore, OutboxEntry, OutgoingAttachment, StoreTx } from '../ports/mail-store.js';
import type { ConversationService } from './conversation-service.js';
import type { ImportService } from './import-service.js';
import type { SnippetStore } from '../ports/snippet-store.js';
import type { ReplyDraft, ReplySettings } from './reply-drafts.js';
import { OutboxSending, type SentFiling } from './outbox-sending.js';
import { pruneSent, releaseUnused } from './reply-files.js';

export type { ReplyDraft, ReplySettings } from './reply-drafts.js';
export type { FilingResult, SendResult, SentFiling } from './outbox-sending.js';

/** `recipients`: To/Cc/Bcc as the owner left them (else the draft's); `attachments` likewise. */
export type QueueOptions = { immediately?: boolean; attachments?: OutgoingAttachment[]; recipients?: Recipients };

export class ReplyService extends OutboxSending {
  constructor(
    store: MailStore,
    conversations: ConversationService,
    importer: ImportService,
    private readonly composer: MessageComposer,
    /** Null without an SMTP account: replies wait in the outbox. */
    sender: MailSender | null,
    filing: SentFiling | null,
    settings: ReplySettings,
    clock: Clock,
    snippets: SnippetStore | null = null,
  ) {
    super(store, conversations, importer, sender, filing, settings, clock, snippets);
  }

  /**
   * Puts a reply in the outbox, built once into its exact bytes, to go after the undo delay (or at
   * once with `immediately`). Refuses when the conversation got new mail since the draft was started.
   */
  async queue(draft: ReplyDraft, text: string, options: QueueOptions = {}): Promise<OutboxEntry> {
    const files = options.attachments ?? draft.attachments;
    const who = this.checked(options.recipients ?? draft);
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
    const raw = await this.composer.compose({ from: draft.from, to: who.to, cc: who.cc, subject: draft.subject, text, messageId, date: new Date(now), inReplyTo, references, attachments });
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
      to: who.to.map((a) => a.email),
      ...(who.cc.length ? { cc: who.cc.map((a) => a.email) } : {}),
      ...(who.bcc.length ? { bcc: who.bcc.map((a) => a.email) } : {}),
      recipients: who,
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
  async queueOrKeep(draft: ReplyDraft, text: string, options: QueueOptions = {}): Promise<{ queued: OutboxEntry } | { kept: ReplyCollisionError }> {
    try {
      return { queued: await this.queue(draft, text, options) };
    } catch (error) {
      if (!(error instanceof ReplyCollisionError)) throw error;
      await this.saveDraft(draft.conversationId, text, Math.max(draft.baseSeq, ...error.newSeqs), options.attachments ?? draft.attachments, options.recipients ?? draft);
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
    const draft: Draft = { conversationId: entry.conversationId, text: entry.text, baseSeq: entry.baseSeq, updatedAt: new Date(this.clock.now()).toISOString(), ...(entry.attachments?.length ? { attachments: entry.attachments } : {}), ...(entry.recipients ? { recipients: entry.recipients } : {}) };
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
}
