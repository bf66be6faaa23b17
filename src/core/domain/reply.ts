/**
 * What a reply is made of, as pure functions: who it goes to, its subject and threading headers,
 * and the text it starts from (a greeting, the owner's sign-off and signature, the quoted
 * original). Header values taken from mail lose CR, LF and other control characters here, so no
 * customer can add a header or a recipient to the shop's reply.
 */
import type { Address } from './address.js';
import type { MessageMeta } from './message.js';
import { knownSignOffs, nameInGreeting, type GreetingTable } from './greetings.js';

/** References kept in a reply: the first (thread root) and the most recent ones, as RFC 5322 suggests trimming. */
const maxReferences = 20;

/** A header value safe to send: one line, no control characters, no bidi overrides. */
export function headerSafe(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function safeAddress(a: Address): Address {
  return { name: headerSafe(a.name), email: headerSafe(a.email).replace(/[\s<>,;"]/g, '') };
}

/** "Re: <their subject>", once, whatever prefixes they used (no ticket number, ever). */
export function replySubject(subject: string): string {
  const clean = headerSafe(subject);
  if (/^(re|aw|sv|vs|ref|antw|odp|r)\s*(\[\d+\])?\s*:/i.test(clean)) return `Re: ${clean.replace(/^[^:]*:\s*/, '')}`;
  return clean ? `Re: ${clean}` : 'Re: your message';
}

/** Who a reply to `message` goes to: its Reply-To when it has one, else its sender. */
export function replyRecipients(message: MessageMeta): Address[] {
  const to = message.replyTo.length > 0 ? message.replyTo : message.from ? [message.from] : [];
  return to.map(safeAddress).filter((a) => a.email.includes('@'));
}

/**
 * The longest Message-ID a reply repeats. An id cannot be folded (no white space inside it), and
 * RFC 5322 caps a header line at 998 characters: a 5,000-character id from a sender would make the
 * reply's In-Reply-To and References lines illegal. A longer one is left out (the reply still threads
 * through the other References, and locally through the conversation it belongs to).
 */
export const maxThreadingIdLength = 900;

const isUsableId = (id: string) => id.length <= maxThreadingIdLength && /^<[^<>\s]+>$/.test(id);

/** In-Reply-To and References for a reply to `message` (In-Reply-To absent when its id is unusable). */
export function threadHeaders(message: MessageMeta): { inReplyTo?: string; references: string[] } {
  const chain = [...message.references.filter((r) => r !== message.messageId), message.messageId].map(headerSafe).filter(isUsableId);
  const references = chain.length > maxReferences ? [chain[0], ...chain.slice(chain.length - maxReferences + 1)] : chain;
  const inReplyTo = headerSafe(message.messageId);
  return { ...(isUsableId(inReplyTo) ? { inReplyTo } : {}), references };
}

/**
 * The name the owner greeted the customer by, when they changed the greeting h2h wrote ("Hi Annie,"
 * for Anna, "Hei Annie," in Finnish, "優希さん" for 田中様): remembered for the next reply. Undefined
 * when the greeting was left as it was or removed. `table`: the config's greetings (greetings.ts).
 */
export function greetedName(text: string, suggested: string | null | undefined, table: GreetingTable = {}): string | undefined {
  const first = text.replace(/\r\n/g, '\n').split('\n')[0];
  const found = nameInGreeting(first, table);
  const name = found ? headerSafe(found) : '';
  return name && name !== suggested ? name : undefined;
}

/** The original, quoted: "On 2026-11-02 10:00, Anna Virtanen wrote:" and its text behind "> ". */
export function quoteOriginal(message: MessageMeta, text: string, timeZone?: string): string {
  const d = new Date(message.date);
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
  const who = message.from ? headerSafe(message.from.name || message.from.email) : 'you';
  const lines = text.replace(/\r\n/g, '\n').trimEnd().split('\n');
  return [`On ${when}, ${who} wrote:`, ...lines.map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`))].join('\n');
}

/**
 * The text a reply starts from: the greeting line (greetings.ts: "Hei Päivi,"), the owner's words
 * (an empty line for them to come), the sign-off ("Terveisin,") and the signature, a blank line
 * between each part.
 */
export function draftText(options: { greeting: string; signOff?: string; signature: string; body?: string }): string {
  const body = options.body?.replace(/\r\n/g, '\n').trim() ?? '';
  const signOff = options.signOff?.trim();
  return `${headerSafe(options.greeting)}\n\n${body}\n\n${signOff ? `${signOff}\n` : ''}${options.signature.trim()}\n`;
}

/**
 * The message a reply answers: the customer's newest message of the conversation, else its newest;
 * never one of `thirdParty` (a forward to the courier, the courier's answer: see third-party.ts).
 */
export function messageToAnswer(messages: MessageMeta[], thirdParty: ReadonlySet<number> = new Set()): MessageMeta | undefined {
  const byDate = [...messages].filter((m) => !thirdParty.has(m.seq)).sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.seq - b.seq);
  return byDate.filter((m) => m.direction === 'in').at(-1) ?? byDate.at(-1);
}

/**
 * What the owner wrote in a reply: its text without the greeting line ("Hi Anna,", "田中様"), the
 * sign-off and signature, and the quoted original ("On …, Anna wrote:" and "> " lines). Empty means
 * there is nothing to send: a reply of only "Hei Päivi," and "Terveisin," is refused, in the TUI as
 * in the CLI. `table`: the config's greetings, whose greetings and sign-offs are known besides the defaults.
 */
export function ownWords(text: string, signature: string, table: GreetingTable = {}): string {
  let lines = text.replace(/\r\n/g, '\n').split('\n');
  // The quoted original, wherever it is: "> " lines, and the "wrote:" line just above them.
  lines = lines.filter((line, i) => !/^>/.test(line) && !(/\bwrote:\s*$/.test(line) && /^>/.test(lines[i + 1] ?? '')));
  let rest = lines.join('\n').trim();
  const sig = signature.replace(/\r\n/g, '\n').trim();
  if (sig && rest.endsWith(sig)) rest = rest.slice(0, rest.length - sig.length).trim();
  const signOffs = knownSignOffs(table);
  const last = rest.split('\n').at(-1)?.trim() ?? '';
  if (signOffs.includes(last)) rest = rest.slice(0, rest.lastIndexOf(last)).trim();
  const [first, ...others] = rest.split('\n');
  // A greeting: one the table knows, or one short line ending in a comma (any language, any name).
  if (first !== undefined && (nameInGreeting(first, table) !== undefined || (first.length <= 80 && /[,，]\s*$/.test(first)))) rest = others.join('\n').trim();
  return rest;
}

/** `{{…}}` left in a reply (a snippet variable h2h could not fill, or one the owner meant to): asked about before sending. */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set(text.match(/\{\{[^{}\n]{0,80}\}\}/g) ?? [])];
}
