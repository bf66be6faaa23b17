/**
 * New mail the owner starts ("back in stock"): a draft greeting the first recipient in their language
 * by the name h2h knows them by (the greeting the owner used last, else their name), the owner's sign-off and signature, kept as
 * a draft of its own ("new-…", see draft-keys.ts) until it goes through the same outbox as replies.
 * Sent, it starts a conversation with that customer, waiting on them; their answer joins it.
 */
import { normaliseAddress, type Address } from '../domain/address.js';
import type { ConversationView } from '../domain/conversation.js';
import { isNewMailKey, newDraftKey } from '../domain/draft-keys.js';
import type { Recipients } from '../domain/recipients.js';
import { draftText, greetedName, headerSafe, ownWords } from '../domain/reply.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { MailStore, OutboxEntry, OutgoingAttachment } from '../ports/mail-store.js';
import type { ConversationService, CustomerView } from './conversation-service.js';
import type { ReplyService } from './reply-service.js';
import type { MailDraftFields } from './reply-drafts.js';
import type { Greeting } from './greeting-service.js';

/** New mail, kept under "new-…". */
export type NewMailDraft = MailDraftFields & {
  /** The first recipient as h2h knows them: their earlier conversations and notes (none for a stranger). */
  customer: CustomerView;
  history: ConversationView[];
  /** How a fresh text greets them, in which language (a new draft only). */
  greeting?: Greeting;
};

export class NewMailService {
  constructor(
    private readonly replies: ReplyService,
    private readonly conversations: ConversationService,
    private readonly store: MailStore,
  ) {}

  /** A new draft (not saved until the owner saves or sends it). */
  async start(options: { to: Address[]; cc?: Address[]; bcc?: Address[]; subject?: string; body?: string; from?: string }): Promise<NewMailDraft> {
    const recipients = this.replies.checked({ to: options.to, cc: options.cc ?? [], bcc: options.bcc ?? [] });
    const identity = options.from ? this.replies.identityOf(options.from) : this.replies.identities()[0];
    const greeting = await this.greetingOf(recipients.to[0]);
    const text = draftText({ greeting: greeting.line, signOff: greeting.signOff, signature: identity.signature, body: options.body });
    return { key: newDraftKey(), from: { name: identity.name, email: identity.email }, ...recipients, subject: headerSafe(options.subject ?? ''), text, attachments: [], isSaved: false, ...this.historyOf(recipients.to[0]), greeting };
  }

  /** The text new mail to `to` starts from: greeting in their language by the name h2h knows them by, `body`, the sign-off and signature of `from` (else the main address's). */
  async freshText(to: Address, body?: string, from?: string): Promise<string> {
    const identity = from ? this.replies.identityOf(from) : this.replies.identities()[0];
    const greeting = await this.greetingOf(to);
    return draftText({ greeting: greeting.line, signOff: greeting.signOff, signature: identity.signature, body });
  }

  /** A saved new-mail draft. */
  open(key: string): NewMailDraft {
    const saved = isNewMailKey(key) ? this.store.draft(key) : undefined;
    if (!saved || !saved.recipients) throw new NotFoundError(`no new mail ${key} among the drafts`);
    const identity = this.replies.savedIdentity(saved.from) ?? this.replies.identities()[0];
    return { key, from: { name: identity.name, email: identity.email }, ...saved.recipients, subject: saved.subject ?? '', text: saved.text, attachments: saved.attachments ?? [], isSaved: true, ...this.historyOf(saved.recipients.to[0]) };
  }

  /** Every saved new-mail draft, the one changed last first. */
  saved(): NewMailDraft[] {
    return this.store
      .drafts()
      .filter((d) => isNewMailKey(d.conversationId) && d.recipients)
      .reverse()
      .map((d) => this.open(d.conversationId));
  }

  /** Saves it as it is now: its text, and (when given) its files, recipients or subject. */
  async save(draft: Pick<NewMailDraft, 'key'>, text: string, changes: { attachments?: OutgoingAttachment[]; recipients?: Recipients; subject?: string; from?: string } = {}): Promise<void> {
    const saved = this.store.draft(draft.key);
    // A new draft needs its recipients, subject and sender from the first save on.
    const full = saved ? changes : { ...changes, recipients: changes.recipients ?? (draft as NewMailDraft), subject: changes.subject ?? (draft as NewMailDraft).subject, from: changes.from ?? (draft as NewMailDraft).from.email };
    await this.replies.saveDraft(draft.key, text, 0, { ...full, ...(full.subject !== undefined ? { subject: headerSafe(full.subject) } : {}), fields: { kind: 'new' } });
  }

  /** Into the outbox, built into its exact bytes; refused without words of the owner's or without a subject. */
  async queue(draft: NewMailDraft, text: string, options: { immediately?: boolean; attachments?: OutgoingAttachment[]; recipients?: Recipients; subject?: string } = {}): Promise<OutboxEntry> {
    if (ownWords(text, this.replies.identityOf(draft.from.email).signature, this.replies.greeter.table) === '') throw new UsageError('the message is empty: write something between the greeting and your signature');
    const subject = headerSafe(options.subject ?? draft.subject);
    if (subject === '') throw new UsageError('the message has no subject: give it one');
    const recipients = options.recipients ?? draft;
    const to = this.replies.checked(recipients).to[0];
    const first = normaliseAddress(to.email);
    // Compared with the name h2h would have greeted them by (their display name for a stranger).
    const greeted = greetedName(text, (await this.greetingOf(to)).name, this.replies.greeter.table);
    return this.replies.enqueue(
      { kind: 'new', draftKey: draft.key, conversationId: draft.key, marksSeq: -1, baseSeq: 0, from: draft.from, recipients, subject, text, references: [], files: options.attachments ?? draft.attachments },
      options,
      // As with replies: the name the owner greeted them by is the one the next mail starts with.
      (tx) => greeted && tx.setFirstName(first, greeted),
    );
  }

  private greetingOf(to: Address): Promise<Greeting> {
    return this.replies.greeter.greet(to.email, { displayName: to.name });
  }

  private historyOf(to: Address): { customer: NewMailDraft['customer']; history: ConversationView[] } {
    const { customer, conversations } = this.conversations.withHistory(normaliseAddress(to.email));
    return { customer, history: conversations };
  }
}
