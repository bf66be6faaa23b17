/**
 * What a forward is made of, as pure functions: its subject ("Fwd: " once, whatever prefixes the
 * thread gathered, never a ticket number) and, forwarded inline, the block below the owner's text
 * that says whose message it was (as Gmail and Thunderbird write it), with the message's text.
 */
import { formatAddress } from './address.js';
import type { MessageMeta } from './message.js';
import { headerSafe } from './reply.js';

/** Reply and forward prefixes in the demo's languages (Re, Aw, Sv, Vs, Antw; Fwd, Fw, Wg, Vb, Tr, Doorst). */
const prefix = /^\s*(?:re|aw|sv|vs|antw|ref|fwd?|wg|vb|tr|doorst|vl)\s*(?:\[\d+\])?\s*:\s*/i;

export function forwardSubject(subject: string): string {
  let rest = headerSafe(subject);
  for (let i = 0; i < 10 && prefix.test(rest); i++) rest = rest.replace(prefix, '');
  return rest ? `Fwd: ${rest}` : 'Fwd: (no subject)';
}

/** The forwarded message below the owner's text: who wrote it, when, to whom, then its text. */
export function forwardedBlock(message: Pick<MessageMeta, 'from' | 'to' | 'cc' | 'date' | 'subject'>, text: string, timeZone?: string): string {
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(message.date));
  const list = (as: MessageMeta['to']) => as.map((a) => formatAddress({ name: headerSafe(a.name), email: headerSafe(a.email) })).join(', ');
  const lines = ['---------- Forwarded message ----------', `From: ${message.from ? list([message.from]) : '(no sender)'}`, `Date: ${when}`, `Subject: ${headerSafe(message.subject)}`];
  if (message.to.length) lines.push(`To: ${list(message.to)}`);
  if (message.cc.length) lines.push(`Cc: ${list(message.cc)}`);
  return `${lines.join('\n')}\n\n${text.replace(/\r\n/g, '\n').trimEnd()}\n`;
}
