/**
 * Forwarding a customer's message to a third party (the courier, the supplier): "Fwd: …", a few
 * words of the owner's to them, and the message below (with its attachments) or attached whole, as
 * the config says. The forward is part of the customer's conversation (it names the message in
 * References, and carries X-Forwarded-Message-Id as Thunderbird does), so the third party's answer
 * joins it there too, shown as theirs, never as a new customer (core/domain/third-party.ts). It goes
 * through the same outbox as replies; once sent, the forwarded message gets $Forwarded.
 */
import { normaliseAddress, type Address } from '../domain/address.js';
import { forwardDraftKey } from '../domain/draft-keys.js';
import { forwardedBlock, forwardSubject } from '../domain/forward.js';
import type { MessageMeta } from '../domain/message.js';
import type { Recipients } from '../domain/recipients.js';
import { greetingLine } from '../domain/greetings.js';
import { draftText, headerSafe, messageToAnswer, threadHeaders } from '../domain/reply.js';
import { NotFoundError, UsageError } from '../errors.js';
import { megabytesTenths } from '../domain/message-size.js';
import type { MailStore, OutboxEntry, OutgoingAttachment } from '../ports/mail-store.js';
import type { AttachmentService, ConversationAttachment } from './attachment-service.js';
import type { ConversationService } from './conversation-service.js';
import type { ReplyService } from './reply-service.js';
import type { MailDraftFields } from './reply-drafts.js';

export type ForwardAs = 'inline' | 'attachment';

/** A forward, kept under "fwd-" and its conversation's id; `text` is the owner's words to the third party. */
export type ForwardDraft = MailDraftFields & {
  conversationId: string;
  /** The message forwarded, and its number in the conversation as `show` counts (#N). */
  forwards: MessageMeta;
  number: number;
  /** The forwarded message's own attachments, which go with it. */
  carried: ConversationAttachment[];
  as: ForwardAs;
};

export class ForwardService {
  constructor(
    private readonly replies: ReplyService,
    private readonly conversations: ConversationService,
    private readonly attachments: AttachmentService,
    private readonly store: MailStore,
    private readonly settings: { forwardAs: ForwardAs },
  ) {}

  /**
   * The forward of a conversation as it stands: its saved draft, or a new one of `message` (its #N,
   * or its id; else the customer's newest message) to `to`. A saved draft keeps its own message
   * and recipients unless others are given.
   */
  async draft(idOrPrefix: string, options: { message?: string; to?: Address[]; body?: string; as?: ForwardAs; from?: string } = {}): Promise<ForwardDraft> {
    const detail = await this.conversations.show(idOrPrefix);
    const conversationId = detail.conversation.id;
    const key = forwardDraftKey(conversationId);
    const saved = this.store.draft(key);
    const metas = detail.messages.map((m) => m.meta);
    const pick = options.message !== undefined ? pickMessage(metas, options.message, conversationId) : saved?.forwards ? metas.find((m) => m.seq === saved.forwards!.seq) : undefined;
    const forwards = pick ?? messageToAnswer(metas, new Set(detail.messages.filter((m) => m.thirdParty).map((m) => m.meta.seq)));
    if (!forwards) throw new NotFoundError(`conversation ${conversationId} has no message to forward`);
    const to = options.to ?? saved?.recipients?.to ?? [];
    const recipients: Recipients = { to, cc: saved?.recipients?.cc ?? [], bcc: saved?.recipients?.bcc ?? [] };
    const identity = options.from ? this.replies.identityOf(options.from) : (this.replies.savedIdentity(saved?.from) ?? this.replies.identities()[0]);
    const from = { name: identity.name, email: identity.email };
    const { signature } = identity;
    // "Hello," unless the owner greeted them by a name before: "Courier Claims" is no first name.
    const greeting = to[0] ? await this.replies.greeter.greet(to[0].email, { rememberedOnly: true }) : null;
    const fresh = () => draftText({ greeting: greeting?.line ?? greetingLine(null, undefined), signOff: greeting?.signOff, signature, body: options.body });
    return {
      key,
      conversationId,
      forwards,
      number: metas.indexOf(forwards) + 1,
      from,
      ...recipients,
      subject: forwardSubject(forwards.subject || detail.conversation.subject),
      text: options.body !== undefined || !saved ? fresh() : saved.text,
      attachments: options.body !== undefined ? [] : (saved?.attachments ?? []),
      carried: this.attachments.list(conversationId).attachments.filter((a) => a.message.seq === forwards.seq),
      as: options.as ?? saved?.forwards?.as ?? this.settings.forwardAs,
      isSaved: !!saved && options.body === undefined,
    };
  }

  /** Saves it as it is now: its text, and (when given) its files and recipients; which message, and how, always. */
  async save(draft: ForwardDraft, text: string, changes: { attachments?: OutgoingAttachment[]; recipients?: Recipients } = {}): Promise<void> {
    const saved = this.store.draft(draft.key);
    const recipients = changes.recipients ?? (saved?.recipients ? undefined : draft);
    await this.replies.saveDraft(draft.key, text, draft.forwards.seq, { from: draft.from.email, ...changes, ...(recipients && recipients.to.length ? { recipients } : {}), fields: { kind: 'forward', forwards: { conversationId: draft.conversationId, seq: draft.forwards.seq, as: draft.as } } });
  }

  /** Into the outbox, built into its exact bytes: the owner's text, then the message (below, or attached whole). */
  async queue(draft: ForwardDraft, text: string, options: { immediately?: boolean; attachments?: OutgoingAttachment[]; recipients?: Recipients; as?: ForwardAs } = {}): Promise<OutboxEntry> {
    const recipients = options.recipients ?? draft;
    if (recipients.to.length === 0) throw new UsageError('who is the forward to? give it a recipient');
    const as = options.as ?? draft.as;
    const raw = await this.store.readRaw(draft.forwards.hash);
    let body = text;
    let carried: { name: string; content: Uint8Array; type?: string }[];
    if (as === 'attachment') {
      carried = [{ name: `${attachmentName(draft.forwards.subject)}.eml`, content: raw, type: 'message/rfc822' }];
    } else {
      const shown = (await this.conversations.show(draft.conversationId)).messages.find((m) => m.meta.seq === draft.forwards.seq);
      body = `${text.replace(/\r\n/g, '\n').trimEnd()}\n\n${forwardedBlock(draft.forwards, shown?.body.text ?? '')}`;
      carried = (await this.attachments.files(draft.conversationId, draft.carried.map((a) => a.number))).map((f) => ({ name: f.attachment.name || `attachment-${f.attachment.number}`, content: f.content, ...(f.attachment.type ? { type: f.attachment.type } : {}) }));
    }
    const files = options.attachments ?? draft.attachments;
    const weight = [...files.map((f) => f.size), ...carried.map((c) => c.content.byteLength)].reduce((n, s) => n + s, 0);
    const limit = this.replies.maxAttachmentBytes();
    if (weight > limit) throw new UsageError(`the forward's attachments (the message's own too) are ${megabytesTenths(weight)}, over the limit of ${megabytesTenths(limit)}`);
    // The message's id, when it can go in a header at all (a 5,000-character id cannot: threadHeaders).
    const id = threadHeaders(draft.forwards).inReplyTo;
    return this.replies.enqueue(
      {
        kind: 'forward',
        draftKey: draft.key,
        conversationId: draft.conversationId,
        marksSeq: draft.forwards.seq,
        baseSeq: draft.forwards.seq,
        from: draft.from,
        recipients,
        subject: draft.subject,
        text,
        body,
        // The third party's answer names the forward and, through it, the customer's message: it joins their conversation.
        references: id ? [id] : [],
        files,
        carried,
        ...(id ? { headers: { 'X-Forwarded-Message-Id': id } } : {}),
      },
      options,
    );
  }
}

/** The message by its number as `show` counts them (#3 or 3), or by its id. */
function pickMessage(metas: MessageMeta[], which: string, conversationId: string): MessageMeta {
  const n = /^#?(\d+)$/.exec(which.trim());
  const found = n ? metas[Number(n[1]) - 1] : metas.find((m) => m.id === which.trim());
  if (!found) throw new UsageError(`conversation ${conversationId} has no message ${which} (it has ${metas.length}: #1–#${metas.length}, in the order the conversation shows them)`);
  return found;
}

/** A file name from a subject: what mail programs show for the attached message. */
function attachmentName(subject: string): string {
  const name = headerSafe(subject).replace(/[/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return name || 'message';
}
