/**
 * MessageParser backed by postal-mime: MIME structure, every charset TextDecoder knows, encoded
 * words, with caps on nesting and header size. HTML-only mail becomes text through html-to-text.
 * A message postal-mime rejects still imports: its headers come from a plain scan, its body stays raw.
 */
import type { Address as PmAddress, Email } from 'postal-mime';
import type { Address } from '../../core/domain/address.js';
import type { MessageBody } from '../../core/domain/message.js';
import type { MessageParser, ParsedMessage } from '../../core/ports/message-parser.js';
import { installBytesBlob } from './bytes-blob.js';
import { decodeHeader, deliveredTo, parseAddresses, scanHeaders } from './header-scan.js';
import { htmlToPlain } from './html-to-plain.js';
import { loadPostalMime } from './load-postal-mime.js';
import { newTextOfSplit, splitQuotes } from './quote-fragments.js';
import { oneLineName } from '../../core/domain/invisible-chars.js';
import { automationHeaderNames, classifyAutomation } from '../../core/domain/automated.js';
import { deliveryReport } from './delivery-report.js';

const parseOptions = { maxNestingDepth: 64, maxHeadersSize: 2 * 1024 * 1024, attachmentEncoding: 'arraybuffer' as const };

/**
 * Limits beyond postal-mime's own (nesting, header size): its time grows with the number of parts
 * (15–30 ms per thousand; 100,000 empty parts took 5.7 s) and its memory with the size. Mail beyond
 * them is kept whole and shown raw, like mail that does not parse. Any line starting with "--"
 * counts as a part (a long patch has many), so the cap is generous.
 */
const mimeLimits = { maxBytes: 64 * 1024 * 1024, maxParts: 20_000 };
/** Of a message shown raw, this much: the rest stays in the store and the exports. */
const shownRawLimit = 1024 * 1024;

/** Lines that may be MIME boundaries ("--" at the start of a line), counted without decoding. */
function boundaryLines(raw: Uint8Array, stopAt: number): number {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let n = 0;
  for (let at = bytes.indexOf('\n--'); at >= 0 && n <= stopAt; at = bytes.indexOf('\n--', at + 3)) n++;
  return n;
}

async function parseMime(raw: Uint8Array, options: typeof parseOptions = parseOptions): Promise<Email> {
  if (raw.byteLength > mimeLimits.maxBytes) throw new Error(`message too large to parse (${Math.round(raw.byteLength / 1048576)} MB, the limit is ${mimeLimits.maxBytes / 1048576} MB)`);
  if (boundaryLines(raw, mimeLimits.maxParts) > mimeLimits.maxParts) throw new Error(`more than ${mimeLimits.maxParts} MIME parts`);
  return (await postalMime()).parse(raw, options);
}

function flatten(list: PmAddress[] | undefined): Address[] {
  const out: Address[] = [];
  for (const a of list ?? []) {
    if (a.group) a.group.forEach((m) => m.address && out.push({ name: m.name ?? '', email: m.address.trim().toLowerCase() }));
    else if (a.address) out.push({ name: a.name ?? '', email: a.address.trim().toLowerCase() });
  }
  return out;
}

function headerValue(email: Email, key: string): string | undefined {
  return email.headers.find((h) => h.key === key)?.value;
}

/** The date a message was written: the Date header, else the newest Received stamp. */
function dateOf(email: Email | undefined, headers: Map<string, string> | undefined): number | undefined {
  const dateHeader = email ? headerValue(email, 'date') : headers?.get('date');
  const parsed = dateHeader ? Date.parse(dateHeader) : NaN;
  if (!Number.isNaN(parsed)) return parsed;
  const received = email ? headerValue(email, 'received') : headers?.get('received');
  const stamp = received?.split(';').pop();
  const fromReceived = stamp ? Date.parse(stamp) : NaN;
  return Number.isNaN(fromReceived) ? undefined : fromReceived;
}

async function textOf(email: Email): Promise<string> {
  if (email.text && email.text.trim() !== '') return email.text;
  if (email.html) return htmlToPlain(email.html);
  return email.text ?? '';
}

// Loaded on first use, so commands that never parse mail (list, tag) start faster; its Blobs are BytesBlobs (see bytes-blob.ts).
const postalMime = () => loadPostalMime().then((m) => (installBytesBlob(), m.default));

export class PostalMimeParser implements MessageParser {
  /** Never throws: whatever fails (MIME structure, charset, HTML conversion) falls back to a plain header scan. */
  async parse(raw: Uint8Array): Promise<ParsedMessage> {
    try {
      return await this.parseStructured(raw);
    } catch (error) {
      return this.fallback(raw, error);
    }
  }

  private async parseStructured(raw: Uint8Array): Promise<ParsedMessage> {
    const email = await parseMime(raw);
    const text = await textOf(email);
    const split = splitQuotes(text);
    const newText = newTextOfSplit(text, split);
    const from = flatten(email.from ? [email.from] : [])[0] ?? null;
    const automationHeaders = automationHeadersOf((name) => email.headers.find((h) => h.key === name)?.value);
    const isBounce = classifyAutomation({ from: from?.email ?? null, subject: email.subject ?? '', headers: automationHeaders })?.kind === 'bounce';
    const bounce = isBounce ? deliveryReport(email.attachments, text, automationHeaders['x-failed-recipients']) : undefined;
    return {
      messageId: headerValue(email, 'message-id'),
      from,
      to: flatten(email.to),
      cc: flatten(email.cc),
      replyTo: flatten(email.replyTo),
      subject: email.subject ?? '',
      date: dateOf(email, undefined),
      inReplyTo: headerValue(email, 'in-reply-to'),
      references: email.headers.filter((h) => h.key === 'references').map((h) => h.value).join(' ') || undefined,
      attachments: email.attachments.map((a) => ({
        // One line, no invisible characters (U+2028, ZWSP…): the same name in the list, show, JSON and exports.
        name: oneLineName(a.filename ?? ''),
        type: a.mimeType,
        size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
      })),
      newText,
      text,
      split,
      automationHeaders,
      ...(bounce ? { bounce } : {}),
    };
  }

  async body(raw: Uint8Array): Promise<MessageBody> {
    try {
      const email = await parseMime(raw);
      const text = await textOf(email);
      return { text, ...splitQuotes(text) };
    } catch (error) {
      // Unparseable: show the raw bytes as text so nothing is hidden (up to a screenful's worth of megabytes), with a warning.
      const shown = Math.min(raw.byteLength, shownRawLimit);
      const text = Buffer.from(raw.buffer, raw.byteOffset, shown).toString('utf8');
      const more = raw.byteLength > shown ? `; the first ${shownRawLimit / 1048576} MB of ${Math.ceil(raw.byteLength / 1048576)} shown (an mbox export has it all)` : '';
      return { text, fragments: [{ kind: 'text', text }], warnings: [`could not parse this message (${(error as Error).message}); showing it raw${more}`] };
    }
  }

  async text(raw: Uint8Array): Promise<string> {
    try {
      return await textOf(await parseMime(raw));
    } catch {
      return Buffer.from(raw).toString('utf8');
    }
  }

  async deliveredTo(raw: Uint8Array): Promise<string[]> {
    return deliveredTo(raw);
  }

  async attachmentFiles(raw: Uint8Array): Promise<{ name: string; content: Uint8Array }[]> {
    try {
      const email = await parseMime(raw);
      return email.attachments.map((a) => ({ name: oneLineName(a.filename ?? ''), content: typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content as ArrayBuffer) }));
    } catch {
      return [];
    }
  }

  private fallback(raw: Uint8Array, error: unknown): Promise<ParsedMessage> {
    return headersOnly(raw, (error as Error)?.message || String(error));
  }
}

/** A message whose MIME structure could not be parsed: threading and list fields from a plain header scan, `parseError` set. */
export async function headersOnly(raw: Uint8Array, parseError: string): Promise<ParsedMessage> {
  const headers = scanHeaders(raw);
  return {
    messageId: headers.get('message-id'),
    from: (await parseAddresses(headers.get('from')))[0] ?? null,
    to: await parseAddresses(headers.get('to')),
    cc: await parseAddresses(headers.get('cc')),
    replyTo: await parseAddresses(headers.get('reply-to')),
    subject: await decodeHeader(headers.get('subject')),
    date: dateOf(undefined, headers),
    inReplyTo: headers.get('in-reply-to'),
    references: headers.get('references'),
    attachments: [],
    newText: '',
    parseError,
    automationHeaders: automationHeadersOf((name) => headers.get(name)),
  };
}

/** The fields classifyAutomation reads, each one line and bounded (a header is hostile input like any other). */
function automationHeadersOf(get: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of automationHeaderNames) {
    const value = get(name);
    if (value !== undefined) out[name] = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 300);
  }
  return out;
}
