/**
 * Replies, from draft to Sent: the draft (reply-drafts.ts); the outbox, where a reply waits out
 * the undo delay with its exact bytes already built (queued here, taken back here); sending it
 * exactly once and filing it (outbox-sending.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Recipients } from '../domain/recipients.js';
import { draftKeyOf } from '../domain/draft-keys.js';
import { greetedName, ownWords, threadHeaders } from '../domain/reply.js';
import { registerOfText } from '../domain/greetings.js';
import { NotFoundError, ReplyCollisionError, UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MailSender, MessageComposer, OutgoingMessage } from '../ports/mail-sender.js';
import type { Address } from '../domain/address.js';
import type { Draft, MailStore, OutboxEntry, OutgoingAttachment, StoreTx } from '../ports/mail-store.js';
import type { GreetingService } from './greeting-service.js';
import type { ConversationService } from './conversation-service.js';
import type { ImportService } from './import-service.js';
import type { SnippetStore } from '../ports/snippet-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import type { ReplyDraft, ReplySettings } from './reply-drafts.js';
import { OutboxSending, type SentFiling } from './outbox-sending.js';
import { pruneSent, releaseUnused } from './reply-files.js';

export type { ReplyDraft, ReplySettings } from './reply-drafts.js';
export type { FilingResult, SendResult, SentFiling } from './outbox-sending.js';

/**
 * What the outbox sends, as a service built it. `draftKey`: the draft it came from (gone once queued);
 * `marksSeq`: the message flagged once it is sent (\Answered on what a reply answers, $Forwarded on
 * what is forwarded; -1 for new mail); `text`: the owner's words (what undo send gives back), `body`
 * what goes when it differs (a forward's text with the forwarded message below); `carried`: parts
 * sent as they are (a forwarded message, its attachments), not files the owner attached.
 */
export type OutgoingMail = {
  kind: 'reply' | 'new' | 'forward';
  draftKey: string;
  conversationId: string;
  marksSeq: number;
  baseSeq: number;
  from: Address;
  recipients: Recipients;
  subject: string;
  text: string;
  body?: string;
  inReplyTo?: string;
  references: string[];
  files: OutgoingAttachment[];
  carried?: OutgoingMessage['attachments'];
  headers?: Record<string, string>;
  /** An away notice (away-service.ts): answers nothing, and is no draft of the owner's. */
  notice?: true;
};

/** `recipients`: To/Cc/Bcc as the owner left them (else the draft's); `attachments` likewise. */
/** `at`: send later (issue 19), at this time (epoch ms, in the future); it goes then unless the conversation gets mail first. */
export type QueueOptions = { immediately?: boolean; at?: number; attachments?: OutgoingAttachment[]; recipients?: Recipients };

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
    parser: Pick<MessageParser, 'deliveredTo'> | null = null,
    greeter?: GreetingService,
  ) {
    super(store, conversations, importer, sender, filing, settings, clock, snippets, parser, greeter);
  }

  /**
   * Puts a reply in the outbox, built once into its exact bytes, to go after the undo delay (or at
   * once with `immediately`). Refuses when the conversation got new mail since the draft was started.
   */
  async queue(draft: ReplyDraft, text: string, options: QueueOptions = {}): Promise<OutboxEntry> {
    if (ownWords(text, this.identityOf(draft.from.email).signature, this.greeter.table) === '') throw new UsageError('the reply is empty: write something between the greeting and your signature');
    const newer = await this.newSince(draft.conversationId, draft.baseSeq);
    if (newer.length > 0) {
      throw new ReplyCollisionError(`${newer.length} new message${newer.length === 1 ? '' : 's'} in this conversation since the reply was started: read ${newer.length === 1 ? 'it' : 'them'} first`, newer);
    }
    const conversation = await this.conversations.get(draft.conversationId);
    const customer = conversation.customer;
    // Compared with the name h2h greets them by (the remembered one, else the one read from their name).
    const greeting = await this.greeter.greet(customer, { automated: conversation.automated });
    const greeted = greetedName(text, greeting.name, this.greeter.table);
    // Written in the other register ("Guten Tag Herr Schmidt," … "Mit freundlichen Grüßen,"): so is the next reply.
    const wrote = registerOfText(text, greeting.language ?? undefined, this.greeter.table);
    const register = wrote !== greeting.register ? wrote : undefined;
    return this.enqueue(
      {
        kind: 'reply',
        draftKey: draft.conversationId,
        conversationId: draft.conversationId,
        marksSeq: draft.answers.seq,
        baseSeq: draft.baseSeq,
        from: draft.from,
        recipients: options.recipients ?? draft,
        subject: draft.subject,
        text,
        ...threadHeaders(draft.answers),
        files: options.attachments ?? draft.attachments,
      },
      options,
      // The owner greets this customer differently ("Hi Annie,"): the next reply starts that way.
      (tx) => {
        if (greeted) tx.setFirstName(customer, greeted);
        if (register) tx.setCustomerRegister(customer, register);
      },
    );
  }

  /**
   * Any outgoing mail (a reply, new mail, a forward) into the outbox: built once into its exact
   * bytes, its draft gone and its files kept with the entry, in one transaction with `also`.
   */
  async enqueue(mail: OutgoingMail, options: { immediately?: boolean; at?: number }, also?: (tx: StoreTx) => unknown): Promise<OutboxEntry> {
    const who = this.checked(mail.recipients);
    const now = this.clock.now();
    if (options.at !== undefined && !(options.at > now)) throw new UsageError('send later needs a time in the future');
    const domain = this.settings.agent.email.split('@')[1] ?? 'h2h.invalid';
    const unique = randomBytes(6).toString('hex');
    const messageId = `<${now.toString(36)}.${unique}@${domain}>`;
    const files = mail.files;
    const attachments = [...(await Promise.all(files.map(async (a) => ({ name: a.name, content: await this.store.readRaw(a.hash) })))), ...(mail.carried ?? [])];
    const raw = await this.composer.compose({ from: mail.from, to: who.to, cc: who.cc, subject: mail.subject, text: mail.body ?? mail.text, messageId, date: new Date(options.at ?? now), inReplyTo: mail.inReplyTo, references: mail.references, attachments, headers: mail.headers });
    const hash = await this.store.writeRaw(raw);
    const entry: OutboxEntry = {
      // From the random part: two messages queued in the same millisecond still get their own ids.
      id: unique.slice(0, 8),
      ...(mail.kind !== 'reply' ? { kind: mail.kind } : {}),
      conversationId: mail.conversationId,
      answersSeq: mail.marksSeq,
      baseSeq: mail.baseSeq,
      messageId,
      hash,
      from: mail.from.email,
      to: who.to.map((a) => a.email),
      ...(who.cc.length ? { cc: who.cc.map((a) => a.email) } : {}),
      ...(who.bcc.length ? { bcc: who.bcc.map((a) => a.email) } : {}),
      recipients: who,
      subject: mail.subject,
      text: mail.text,
      ...(files.length ? { attachments: files } : {}),
      ...(mail.notice ? { notice: true as const } : {}),
      queuedAt: new Date(now).toISOString(),
      notBefore: new Date(options.at ?? (options.immediately ? now : now + this.undoDelayMs)).toISOString(),
      ...(options.at !== undefined ? { sendAt: new Date(options.at).toISOString() } : {}),
      status: 'queued',
      attempts: 0,
    };
    await this.store.transact((tx) => {
      // The copies of files of mail sent long ago go with their entries (the sent message holds them).
      const released = [...(tx.draft(mail.draftKey)?.attachments ?? []), ...pruneSent(tx, now)];
      tx.putOutboxEntry(entry);
      also?.(tx);
      tx.removeDraft(mail.draftKey);
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
      await this.saveDraft(draft.conversationId, text, Math.max(draft.baseSeq, ...error.newSeqs), { attachments: options.attachments ?? draft.attachments, recipients: options.recipients ?? draft });
      return { kept: error };
    }
  }

  /** Undo send: takes a reply that has not started going back out of the outbox, as the conversation's draft again. */
  async unqueue(entryId: string): Promise<Draft> {
    return this.store.transact((tx) => {
      const entry = tx.outboxEntry(entryId);
      if (!entry) throw new NotFoundError(`no reply ${entryId} in the outbox`);
      if (entry.status !== 'queued' && entry.status !== 'failed' && entry.status !== 'rejected') throw new UsageError(`reply ${entryId} is ${entry.status}: too late to take it back`);
      if (entry.notice) throw new UsageError(`${entryId} is an away notice, not a reply of yours: coming back from away stops the notices`);
      return this.backToDraft(tx, entry);
    });
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
      if (entry.notice) throw new UsageError(`${entryId} is an away notice, not a reply of yours: coming back from away stops the notices`);
      const existing = tx.draft(draftKeyOf(entry));
      if (existing && existing.text !== entry.text) throw new UsageError(`conversation ${entry.conversationId} has a ${entry.kind === 'forward' ? 'forward draft' : 'draft'} already: send it or discard it first, so neither text is lost`);
      return this.backToDraft(tx, entry);
    });
  }
}
