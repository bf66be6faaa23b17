/**
 * The reply being written: its draft (greeting in their language, the owner's words, signature, the
 * quoted original), kept as the owner types, and snippets filled in for the customer. Who it goes
 * to follows the answered message's Reply-To (core/domain/reply-to.ts: shown, refused past a
 * handful, flagged when on another domain). ReplyService adds the outbox and sending.
 */
import { megabytesTenths } from '../domain/message-size.js';
import type { Address } from '../domain/address.js';
import { draftText, messageToAnswer, quoteOriginal, replyRecipients, replySubject } from '../domain/reply.js';
import { checkReplyTo, maxReplyTo, type ReplyToCheck } from '../domain/reply-to.js';
import { checkRecipients, replyAllCc, type Recipients } from '../domain/recipients.js';
import { normaliseAddress } from '../domain/address.js';
import { identityFor, type Identity } from '../domain/identity.js';
import { conversationOfDraftKey } from '../domain/draft-keys.js';
import type { MessageMeta } from '../domain/message.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MessageParser } from '../ports/message-parser.js';
import type { Draft, MailStore, OutgoingAttachment } from '../ports/mail-store.js';
import { releaseUnused } from './reply-files.js';
import type { ConversationService } from './conversation-service.js';
import type { SnippetStore } from '../ports/snippet-store.js';
import { GreetingService, type Greeting } from './greeting-service.js';
import { fillSnippet, type FilledSnippet } from './reply-snippets.js';
import { factsOf, type CustomerFacts } from '../domain/customer-facts.js';

export type ReplySettings = {
  /**
   * `aliases`: the shop's other addresses (info@, orders@): never kept in a reply-all's Cc.
   * `identities`: every address the owner sends from with its name and signature, the main one first
   * (absent: the agent's own alone).
   */
  agent: { name: string; email: string; signature: string; aliases?: string[]; identities?: Identity[] };
  /** How long a reply waits in the outbox before it goes (undo send). @default 10 s */
  undoDelayMs?: number;
  /** The most a reply's attachments may weigh together (bytes, as files; encoded for mail they grow by a third). @default 20 MB */
  maxAttachmentBytes?: number;
};

export const defaultMaxAttachmentBytes = 20 * 1024 * 1024;

/** What a save changes beside the text; `fields`: what a new draft of another kind starts with (its kind, what it forwards). */
export type DraftChanges = { attachments?: OutgoingAttachment[]; recipients?: Recipients; subject?: string; from?: string; fields?: Partial<Pick<Draft, 'kind' | 'forwards'>> };

/** What new mail and a forward being written hold alike (a reply's are in ReplyDraft). */
export type MailDraftFields = {
  /** Where it is kept (core/domain/draft-keys.ts). */
  key: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  /** Greeting, the owner's words, signature. */
  text: string;
  /** Files the owner attached. */
  attachments: OutgoingAttachment[];
  isSaved: boolean;
};

export type ReplyDraft = {
  conversationId: string;
  from: Address;
  to: Address[];
  /** Reply-all's other recipients, or those the owner added; Bcc goes in the envelope only. */
  cc: Address[];
  bcc: Address[];
  /** The answered message's Reply-To against its sender: shown when it differs, a yes needed for another domain. */
  replyTo: ReplyToCheck & { sender: Address | null };
  subject: string;
  /** The saved draft's text, or a fresh one. */
  text: string;
  answers: MessageMeta;
  /** The answered message, quoted ("On …, Anna wrote:" and "> " lines), for the owner to add below the reply. */
  quote: string;
  /** The conversation's newest seq when this draft was started: later mail stops the send. */
  baseSeq: number;
  isSaved: boolean;
  /** Files to send with it (the saved draft's). */
  attachments: OutgoingAttachment[];
  /** How a fresh text greets the customer and signs off, in which language, and any warning that they may not be a person. */
  greeting: Greeting;
  /** What the owner keeps about the customer as facts ("size: 39"), shown while answering. */
  facts: CustomerFacts;
};

export class ReplyDrafts {
  constructor(
    protected readonly store: MailStore,
    protected readonly conversations: ConversationService,
    protected readonly settings: ReplySettings,
    protected readonly clock: Clock,
    protected readonly snippets: SnippetStore | null = null,
    /** Where the servers delivered a message (Delivered-To, X-Original-To): the alias it was written to when not in To or Cc. */
    private readonly parser: Pick<MessageParser, 'deliveredTo'> | null = null,
    /** Greetings and sign-offs in the customer's language (without one: English, by the name in the store). */
    readonly greeter: GreetingService = new GreetingService(store, null),
  ) {}

  async snippetNames(): Promise<string[]> {
    return this.snippets ? this.snippets.names() : [];
  }

  /** A snippet filled in for the mail being written under `key`, in the customer's language or `language` (reply-snippets.ts). */
  async snippet(ref: string, key: string, options: { language?: string } = {}): Promise<FilledSnippet> {
    return fillSnippet({ snippets: this.snippets, store: this.store, conversations: this.conversations, greeter: this.greeter, agent: this.settings.agent }, ref, key, options.language);
  }

  /** Where the servers delivered `message`, read from its raw header only when it is not to one of the owner's addresses already. */
  private async deliveredTo(message: MessageMeta): Promise<string[]> {
    const identities = this.identities();
    if (!this.parser || identities.length < 2 || [...message.to, ...message.cc].some((a) => identities.some((id) => id.email === normaliseAddress(a.email)))) return [];
    try {
      return await this.parser.deliveredTo(await this.store.readRaw(message.hash));
    } catch {
      return [];
    }
  }

  /** Who mail comes from by default (the main address), and the signature it ends with. */
  identity(): { from: Address; signature: string } {
    const [main] = this.identities();
    return { from: { name: main.name, email: main.email }, signature: main.signature };
  }

  /** Every address the owner sends from, the main one first. */
  identities(): Identity[] {
    const { agent } = this.settings;
    return agent.identities?.length ? agent.identities : [{ name: agent.name, email: normaliseAddress(agent.email), signature: agent.signature }];
  }

  /** The identity a saved draft goes from: its `from` while that is still one of the owner's addresses, else none. */
  savedIdentity(from: string | undefined): Identity | undefined {
    return from === undefined ? undefined : this.identities().find((id) => id.email === from);
  }

  /** The identity of `email`; a UsageError naming the others when it is none of the owner's. */
  identityOf(email: string): Identity {
    const found = this.identities().find((id) => id.email === normaliseAddress(email));
    if (!found) throw new UsageError(`${email} is not one of your addresses (${this.identities().map((id) => id.email).join(', ')}): add it to agent.aliases in the config`);
    return found;
  }

  get undoDelayMs(): number {
    return this.settings.undoDelayMs ?? 10_000;
  }

  /** One of the shop's own addresses (the agent's or an alias). */
  isShop(email: string): boolean {
    const e = normaliseAddress(email);
    return e === normaliseAddress(this.settings.agent.email) || (this.settings.agent.aliases ?? []).some((a) => normaliseAddress(a) === e);
  }

  /**
   * The reply to a conversation as it stands: its saved draft, or a new one greeting the customer.
   * `all`: reply-all, the answered message's other recipients in Cc (a saved draft keeps its own).
   */
  async draft(idOrPrefix: string, body?: string, options: { all?: boolean; from?: string; language?: string } = {}): Promise<ReplyDraft> {
    const detail = await this.conversations.show(idOrPrefix);
    const metas = detail.messages.map((m) => m.meta);
    // show() has told third parties' mail apart already.
    const answers = messageToAnswer(metas, new Set(detail.messages.filter((m) => m.thirdParty).map((m) => m.meta.seq)));
    if (!answers) throw new NotFoundError(`conversation ${detail.conversation.id} has no message to answer`);
    const saved = this.store.draft(detail.conversation.id);
    const replyTo = checkReplyTo(answers);
    if (replyTo.tooMany) throw new UsageError(`the message to answer asks for replies to ${answers.replyTo.length} addresses (Reply-To); h2h answers at most ${maxReplyTo}: reply from your mail program if that is meant`);
    const to = replyRecipients(answers);
    if (to.length === 0) throw new UsageError(`the message to answer has no address to reply to`);
    // From the address the customer wrote to (orders@ answers as orders@), or as the owner chose (F).
    const identity = options.from ? this.identityOf(options.from) : (this.savedIdentity(saved?.from) ?? identityFor(answers, this.identities(), await this.deliveredTo(answers)));
    const kept = body === undefined ? saved?.recipients : undefined;
    const greeting = await this.greeter.greet(detail.customer.email, { automated: detail.conversation.automated, ...(options.language ? { language: options.language } : {}) });
    const fresh = (words?: string) => draftText({ greeting: greeting.line, signOff: greeting.signOff, signature: identity.signature, body: words });
    return {
      conversationId: detail.conversation.id,
      from: { name: identity.name, email: identity.email },
      to: kept?.to ?? to,
      cc: kept?.cc ?? (options.all ? replyAllCc(answers, to, (e) => this.isShop(e)) : []),
      bcc: kept?.bcc ?? [],
      replyTo: { ...replyTo, sender: answers.from },
      subject: replySubject(answers.subject || detail.conversation.subject),
      text: body !== undefined ? fresh(body) : (saved?.text ?? fresh()),
      answers,
      quote: quoteOriginal(answers, detail.messages.find((m) => m.meta.seq === answers.seq)?.body.fragments.filter((f) => f.kind === 'text').map((f) => f.text).join('\n') ?? ''),
      baseSeq: saved?.baseSeq ?? Math.max(...metas.map((m) => m.seq)),
      isSaved: !!saved && body === undefined,
      attachments: body === undefined ? (saved?.attachments ?? []) : [],
      greeting,
      facts: factsOf(detail.customer.notes),
    };
  }

  /** The conversations with a saved draft (a forward being written marks its conversation too), for the draft marks of a list (sorted: a stable key). */
  async draftIds(): Promise<string[]> {
    return [...new Set(this.store.drafts().flatMap((d) => conversationOfDraftKey(d.conversationId) ?? []))].sort();
  }

  /**
   * Saves the draft under `key` (a conversation's id for its reply; see Draft) as it is now, in one
   * transaction. `changes`: its files, recipients (checked) or subject from now on; what is not
   * given stays as the draft has it (an autosave of the text keeps the rest).
   */
  async saveDraft(key: string, text: string, baseSeq: number, changes: DraftChanges = {}): Promise<void> {
    const checked = changes.recipients ? this.checked(changes.recipients) : undefined;
    await this.store.transact((tx) => {
      const saved = tx.draft(key);
      const before = saved?.attachments ?? [];
      const files = changes.attachments ?? before;
      const next: Draft = { ...saved, ...changes.fields, conversationId: key, text, baseSeq, updatedAt: new Date(this.clock.now()).toISOString() };
      if (files.length) next.attachments = files;
      else delete next.attachments;
      if (checked) next.recipients = checked;
      if (changes.subject !== undefined) next.subject = changes.subject;
      if (changes.from !== undefined) next.from = this.identityOf(changes.from).email;
      tx.putDraft(next);
      tx.keepRawFiles(files.map((a) => a.hash));
      releaseUnused(tx, before.map((a) => a.hash));
    });
  }

  /** The most a reply's attachments may weigh together. */
  maxAttachmentBytes(): number {
    return this.settings.maxAttachmentBytes ?? defaultMaxAttachmentBytes;
  }

  /**
   * Copies files into the store for a reply (the bytes sent are those of this moment, and survive a
   * restart with the draft) and returns `already` with them added. Refused, with nothing kept, when
   * together they weigh more than the limit.
   */
  async attach(files: { name: string; content: Uint8Array }[], already: OutgoingAttachment[] = []): Promise<OutgoingAttachment[]> {
    const limit = this.maxAttachmentBytes();
    const total = [...already.map((a) => a.size), ...files.map((f) => f.content.byteLength)].reduce((n, s) => n + s, 0);
    if (total > limit) throw new UsageError(`attachments of ${megabytesTenths(total)} are over the limit of ${megabytesTenths(limit)} (account.maxAttachmentMb in the config)`);
    const added: OutgoingAttachment[] = [];
    for (const f of files) added.push({ name: f.name, size: f.content.byteLength, hash: await this.store.writeRaw(f.content) });
    return [...already, ...added];
  }

  /** Recipients as they may go (each once, someone in To, not a mailing), or a UsageError saying why not. */
  checked(recipients: Recipients): Recipients {
    const result = checkRecipients(recipients);
    if ('problem' in result) throw new UsageError(result.problem);
    return result.recipients;
  }

  async discardDraft(conversationId: string): Promise<void> {
    await this.store.transact((tx) => {
      const files = tx.draft(conversationId)?.attachments ?? [];
      tx.removeDraft(conversationId);
      releaseUnused(tx, files.map((a) => a.hash));
    });
  }

  /**
   * Messages that came into the conversation after `baseSeq` (seqs grow with arrival) and are dated
   * after everything the draft was started on: the customer again, or a reply sent elsewhere. Old
   * mail imported late (history, a newly added folder) is no news and does not stop the reply.
   */
  async newSince(conversationId: string, baseSeq: number): Promise<number[]> {
    const c = await this.conversations.get(conversationId);
    const metas = this.store.messages(c.record.seqs);
    const seen = metas.filter((m) => m.seq <= baseSeq).map((m) => Date.parse(m.date));
    const seenUpTo = seen.length > 0 ? Math.max(...seen) : -Infinity;
    return metas.filter((m) => m.seq > baseSeq && Date.parse(m.date) > seenUpTo).map((m) => m.seq);
  }
}
