/** How one parsed message becomes the records the store keeps: its ids, grouping input, search text, customer. */
import { baseSubjectKey } from '../domain/subject.js';
import type { GroupingMessage } from '../domain/conversation-grouping.js';
import type { MessageMeta } from '../domain/message.js';
import { normaliseMessageId, threadingHeaders } from '../domain/message-ids.js';
import { classifyParticipants, isPlaceholderCustomer, placeholderCustomer, type FolderKind } from '../domain/participants.js';
import { sha256Hex, shortId } from '../domain/short-id.js';
import type { CustomerSighting, SenderVerdict } from '../ports/mail-store.js';
import type { ParsedMessage } from '../ports/message-parser.js';
import { normaliseAddress } from '../domain/address.js';
import { classifyAutomation, type Automation } from '../domain/automated.js';

const day = 86_400_000;
const snippetLength = 200;

/**
 * A stable id for mail without a Message-ID. With a Date, it is derived from the headers a copy
 * keeps when it is exported again (mbox quoting and added headers change the bytes, not these),
 * so a second export of the same message is recognised. Without a Date, from the bytes.
 */
export function syntheticMessageId(p: { hash: string; parsed: ParsedMessage }): string {
  const { parsed } = p;
  const seed =
    parsed.date !== undefined
      ? ['v1', parsed.date, parsed.from?.email ?? '', parsed.subject, parsed.to.map((a) => a.email).join(','), parsed.newText.slice(0, 200)].join('\u0000')
      : p.hash;
  return `<sha256-${sha256Hex(seed).slice(0, 40)}@h2h.invalid>`;
}

export function groupingMessage(m: MessageMeta): GroupingMessage {
  return {
    seq: m.seq,
    messageId: m.messageId,
    references: m.references,
    inReplyTo: m.inReplyTo,
    inReplyToWellFormed: m.inReplyToWellFormed,
    customer: m.customer,
    baseSubject: baseSubjectKey(m.subject),
    date: Date.parse(m.date),
  };
}

/**
 * The text the full-text index holds for a message: subject, the customer's side of the address
 * lines (the sender of inbound mail or the person a form's Reply-To names, the recipients of the shop's own; the shop's name is on every
 * message and would match them all), attachment names and the new text.
 */
export function messageSearchText(meta: MessageMeta, newText: string): string {
  const people = (meta.direction === 'in' ? [meta.from, ...meta.replyTo.filter((a) => a.email === meta.customer && a.email !== meta.from?.email)] : [...meta.to, ...meta.cc]).filter((a) => a !== null).map((a) => `${a!.name} ${a!.email}`);
  return [meta.subject, people.join(' '), meta.attachments.map((a) => a.name).join(' '), newText].join('\n');
}

/**
 * The customers a message names, with the name it gives them: the store keeps each customer's
 * display name from their newest mail (an older message imported later never overwrites it).
 */
export function customerSightings(m: MessageMeta, shop: Set<string>): CustomerSighting[] {
  const out: CustomerSighting[] = [];
  // The customer of inbound mail is its sender, or the person a form's Reply-To names: their name goes with them.
  if (m.direction === 'in') out.push({ email: m.customer, name: [m.from, ...m.replyTo].find((a) => a?.email === m.customer)?.name ?? '', at: m.date });
  else for (const a of [...m.to, ...m.cc]) if (!shop.has(a.email)) out.push({ email: a.email, name: a.name, at: m.date });
  // Every message's customer has a record, even without a name.
  if (!out.some((s) => s.email === m.customer)) out.push({ email: m.customer, name: '', at: m.date });
  return out;
}

/** The owner's word on a sender (by address), if any. */
export type VerdictOf = (email: string) => SenderVerdict['as'] | undefined;

/**
 * What sent a message to the shop: a machine (its kind and what decided) or, null, a person. The
 * owner's word on the sender wins over the headers: a person is never a machine's mail; "automated"
 * keeps the kind the headers say, else it is a notification.
 */
export function automationOf(parsed: Pick<ParsedMessage, 'from' | 'subject' | 'automationHeaders'>, customer: string, verdict: SenderVerdict['as'] | undefined): Automation | null {
  if (verdict === 'person') return null;
  const from = parsed.from?.email ?? null;
  const found = classifyAutomation({ from, subject: parsed.subject, headers: parsed.automationHeaders ?? {}, formPerson: !!parsed.from && customer !== normaliseAddress(parsed.from.email) && !isPlaceholderCustomer(customer) });
  if (verdict === 'automated') return found ?? { kind: 'notification', by: `the owner: ${from ?? 'this sender'} is automated` };
  return found;
}

/** The shop's mail sent by a machine on its behalf (RFC 3834 Auto-Submitted, not "no"), else null. */
function shopAutoReply(parsed: Pick<ParsedMessage, 'automationHeaders'>): Automation | null {
  const auto = parsed.automationHeaders?.['auto-submitted']?.trim();
  return auto && auto.toLowerCase() !== 'no' ? { kind: 'auto-reply', by: `Auto-Submitted: ${auto}` } : null;
}

/** The metadata the store keeps for a new message. */
export function messageMeta(
  // The input's fields, not ImportInput: import-service.ts imports this module (no cycle).
  p: { input: { seen: boolean; source: string; fallbackDate?: number }; hash: string; size: number; content: string; parsed: ParsedMessage },
  messageId: string,
  o: { now: number; shop: Set<string>; folder?: FolderKind; markRead: boolean; sharesMessageId: boolean; verdictOf?: VerdictOf },
): MessageMeta {
  const { parsed, input, hash } = p;
  const participants = classifyParticipants({ ...parsed, hash }, o.shop, o.folder);
  const { direction } = participants;
  // Mail to the shop only: the shop's own mail is never a machine's.
  // The shop's own automatic mail (an away notice, another tool's autoresponder: Auto-Submitted) answers nothing.
  const automated = direction === 'in' ? automationOf(parsed, participants.customer, o.verdictOf?.(parsed.from?.email ?? '')) : shopAutoReply(parsed);
  const bounce = automated?.kind === 'bounce' ? parsed.bounce : undefined;
  // A bounce is never a customer: it belongs to the person the shop's mail did not reach, and joins
  // the conversation of that mail through its Message-ID (few servers write In-Reply-To).
  // A report that names nobody leaves the customer to classifyParticipants (robot senders are never one).
  const bounced = bounce?.recipients.find((r) => !o.shop.has(r));
  const customer = bounced ?? (bounce?.messageId && participants.customer === normaliseAddress(parsed.from?.email ?? '') ? placeholderCustomer(hash) : participants.customer);
  const headers = threadingHeaders(messageId, bounce?.messageId && !parsed.inReplyTo ? bounce.messageId : parsed.inReplyTo, bounce?.messageId && parsed.inReplyTo ? `${parsed.references ?? ''} ${bounce.messageId}` : parsed.references);
  // A date far in the future is a sender's clock or a trick to stay on top; use when it arrived instead.
  let date = parsed.date ?? input.fallbackDate ?? o.now;
  if (date > o.now + day) date = input.fallbackDate !== undefined && input.fallbackDate <= o.now + day ? input.fallbackDate : o.now;
  return {
    seq: -1,
    // A second message under one Message-ID needs its own short id: the raw bytes tell them apart.
    id: shortId(o.sharesMessageId ? `${messageId}\u0000${hash}` : messageId, 10),
    messageId,
    isSyntheticId: !normaliseMessageId(parsed.messageId),
    hash,
    content: p.content,
    ...(o.sharesMessageId ? { sharesMessageId: true } : {}),
    size: p.size,
    date: new Date(date).toISOString(),
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    subject: parsed.subject,
    references: headers.references,
    inReplyTo: headers.inReplyTo,
    inReplyToWellFormed: headers.inReplyToWellFormed,
    direction,
    customer,
    attachments: parsed.attachments,
    snippet: parsed.newText.replace(/\s+/g, ' ').trim().slice(0, snippetLength),
    seenOnArrival: input.seen || o.markRead || direction === 'out',
    ...(parsed.parseError ? { parseError: parsed.parseError } : {}),
    ...(automated ? { automated } : {}),
    ...(bounce ? { bounce } : {}),
    source: input.source,
  };
}
