/**
 * A bounce of the shop's own mail: which message did not arrive (its Message-ID, from the returned
 * message or its headers), to whom, and why, in words the owner reads ("mailbox full"), from a
 * delivery status report (RFC 3464) or, for servers that write prose (qmail, older Exim), the text.
 * `failed` is false for a report that only says delivery is delayed (Action: delayed): news, not a
 * bounce, and it reopens nothing.
 */
export type Bounce = { messageId: string | null; recipients: string[]; reason: string; failed: boolean };

/** RFC 3463 enhanced status codes, by subject.detail, in the owner's words. */
const statusWords: Record<string, string> = {
  '1.0': 'bad address', '1.1': 'no such address', '1.2': 'no such domain', '1.3': 'bad address syntax', '1.6': 'the address moved',
  '1.10': 'the domain accepts no mail', '2.0': 'mailbox unavailable', '2.1': 'mailbox disabled', '2.2': 'mailbox full', '2.3': 'message too large',
  '2.4': 'mailing list expansion failed', '3.0': 'the receiving server failed', '3.1': "the receiving server's disk is full", '3.4': 'message too large',
  '4.0': 'could not be routed', '4.1': 'no answer from the receiving server', '4.2': 'the connection broke', '4.3': 'no answer from DNS',
  '4.4': 'could not be routed', '4.6': 'mail loop', '4.7': 'delivery time expired', '5.3': 'too many recipients', '6.0': 'content refused',
  '7.0': 'refused by the receiving server', '7.1': 'refused by the recipient or their server', '7.8': 'authentication refused', '7.26': 'refused: the message failed authentication (SPF/DKIM/DMARC)',
};

/** "mailbox full" for 5.2.2; the class alone for an unknown detail; null for no code. */
export function statusInWords(status: string | undefined): string | null {
  const m = status?.match(/\b([245])\.(\d{1,3})\.(\d{1,3})\b/);
  if (!m) return null;
  const words = statusWords[`${Number(m[2])}.${Number(m[3])}`];
  if (words) return m[1] === '4' ? `${words} (still trying)` : words;
  return m[1] === '4' ? 'temporary failure' : m[1] === '5' ? 'permanent failure' : null;
}

/**
 * The owner's sentence for a bounce: "your reply of 3 Dec to anna@example.fi bounced: mailbox full".
 * `original` is the shop's message it names, when the conversation holds it.
 */
export function bounceSentence(b: Bounce, original: { date: string; inReplyTo: string[]; to: { email: string }[] } | undefined): string {
  const what = original ? `your ${original.inReplyTo.length ? 'reply' : 'mail'} of ${new Date(original.date).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}` : 'your mail';
  const to = b.recipients.length ? b.recipients : (original?.to.map((a) => a.email) ?? []);
  const who = to.length ? ` to ${to.slice(0, 3).join(', ')}${to.length > 3 ? ` and ${to.length - 3} more` : ''}` : '';
  return b.failed ? `${what}${who} bounced: ${b.reason}` : `${what}${who} is delayed: ${b.reason}`;
}

/** The sentence for a message that is a bounce, its original looked up among the conversation's messages; null for other mail. */
export function bounceSentenceOf(m: { bounce?: Bounce }, messages: { messageId: string; direction: string; date: string; inReplyTo: string[]; to: { email: string }[] }[]): string | null {
  if (!m.bounce) return null;
  const id = m.bounce.messageId;
  return bounceSentence(m.bounce, id ? messages.find((o) => o.direction === 'out' && o.messageId === id) : undefined);
}
