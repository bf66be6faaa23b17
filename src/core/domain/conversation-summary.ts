/**
 * A conversation's derived record, rebuilt from all its messages whenever its mail changes: who the
 * customer is, since when they wait, who spoke last, what machines wrote in it. Machine mail and a
 * third party's never count as the customer writing or the shop answering; the shop's mail that
 * bounced answers nothing (automated.ts, third-party.ts, bounce.ts).
 */
import { formatAddress } from './address.js';
import type { AutomatedKind } from './automated.js';
import type { ConversationRecord } from './conversation.js';
import type { MessageMeta } from './message.js';
import { baseSubjectKey, displaySubject } from './subject.js';
import { thirdPartySeqs } from './third-party.js';

const isoMs = (iso: string) => Date.parse(iso);

/** Rebuilds a conversation's record from all its messages. */
export function summariseConversation(id: string, createdSeq: number, messages: MessageMeta[]): ConversationRecord {
  const sorted = [...messages].sort((a, b) => isoMs(a.date) - isoMs(b.date) || a.seq - b.seq);
  const first = sorted[0];
  // A bounce is never the customer: the person is the one the shop's mail did not reach.
  const firstInbound = sorted.find((m) => m.direction === 'in' && m.automated?.kind !== 'bounce') ?? sorted.find((m) => m.direction === 'in');
  const customer = (sorted.find((m) => m.direction === 'in' && m.automated?.kind !== 'bounce') ?? first).customer;
  // A forward to the courier does not answer the customer, and the courier's answer is not the customer waiting.
  const thirdParty = thirdPartySeqs(sorted, customer);
  // The shop's mail that bounced never reached the customer: it answers nothing, and they still wait.
  const undelivered = new Set(sorted.flatMap((m) => (m.direction === 'in' && m.bounce?.failed && m.bounce.messageId ? [m.bounce.messageId] : [])));
  let bouncedAt: string | undefined;
  let waitingSince: string | null = null;
  let lastInboundSeq = -1;
  let lastUnseenInboundSeq = -1;
  let lastOutboundSeq = -1;
  let lastInboundAt: string | undefined;
  let lastOutboundAt: string | undefined;
  let lastUnseenInboundAt: string | undefined;
  const senders = new Set<string>();
  const recipients = new Set<string>();
  const subjects = new Set<string>();
  const kinds = new Set<AutomatedKind>();
  for (const m of sorted) {
    // The machines that wrote to the shop (the shop's own away notices are not among them).
    if (m.automated && m.direction === 'in') kinds.add(m.automated.kind);
    // Machines do not wait for an answer, and an out-of-office or a newsletter is not the customer
    // writing again (a bounce is news: the customer never got the answer).
    const machine = m.direction === 'in' && !!m.automated;
    // A bounce that only says delivery is delayed is news, not a failure: like other machine mail.
    const failedBounce = machine && m.automated!.kind === 'bounce' && m.bounce?.failed !== false;
    if (failedBounce) bouncedAt = m.date;
    if (m.direction === 'in') {
      if (!thirdParty.has(m.seq) && !machine) waitingSince ??= m.date;
      if (!machine || failedBounce) {
        lastInboundSeq = Math.max(lastInboundSeq, m.seq);
        lastInboundAt = m.date; // sorted by date: the last one seen is the newest
      }
      if (!m.seenOnArrival) {
        lastUnseenInboundSeq = Math.max(lastUnseenInboundSeq, m.seq);
        lastUnseenInboundAt = m.date;
      }
    } else if (!thirdParty.has(m.seq) && !m.automated) {
      // The shop's automatic mail (an away notice) is not an answer: the customer still waits.
      if (!undelivered.has(m.messageId)) {
        waitingSince = null;
        bouncedAt = undefined;
      }
      lastOutboundSeq = Math.max(lastOutboundSeq, m.seq);
      lastOutboundAt = m.date;
    }
    if (m.from) senders.add(formatAddress(m.from));
    for (const a of [...m.to, ...m.cc]) recipients.add(formatAddress(a));
    if (m.subject) subjects.add(m.subject);
  }
  const subject = displaySubject((firstInbound ?? first).subject) || displaySubject(first.subject);
  return {
    id,
    createdSeq,
    subject,
    baseSubject: baseSubjectKey(subject),
    customer,
    seqs: sorted.map((m) => m.seq),
    firstAt: first.date,
    lastAt: sorted[sorted.length - 1].date,
    waitingSince,
    lastInboundSeq,
    lastUnseenInboundSeq,
    lastOutboundSeq,
    ...(lastInboundAt !== undefined ? { lastInboundAt } : {}),
    ...(lastOutboundAt !== undefined ? { lastOutboundAt } : {}),
    ...(lastUnseenInboundAt !== undefined ? { lastUnseenInboundAt } : {}),
    lastIsOutbound: sorted.filter((m) => !thirdParty.has(m.seq) && !(m.direction === 'in' && m.automated && m.automated.kind !== 'bounce') && !(m.direction === 'out' && m.automated) && !(m.direction === 'out' && undelivered.has(m.messageId))).at(-1)?.direction === 'out',
    hasAttachments: sorted.some((m) => m.attachments.length > 0),
    ...(sorted.some((m) => m.direction === 'in') && sorted.every((m) => m.direction === 'out' || m.automated) ? { automatedOnly: true } : {}),
    ...(kinds.size ? { automatedKinds: [...kinds].sort() } : {}),
    ...(bouncedAt !== undefined ? { bouncedAt } : {}),
    senders: [...senders],
    recipients: [...recipients],
    subjects: [...subjects],
  };
}
