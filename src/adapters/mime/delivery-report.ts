/**
 * What a bounce says, read from the parts a mail server returns: the delivery-status part (RFC 3464:
 * per-recipient Final-Recipient, Action, Status, Diagnostic-Code), the returned message or its
 * headers (message/rfc822, text/rfc822-headers, and their RFC 6533 "global" forms) for the
 * Message-ID of the mail that did not arrive. Servers that write prose instead (qmail, older Exim,
 * some Microsoft forms) are read from the text: X-Failed-Recipients, `<addr>:` lines, an SMTP
 * reply code, the quoted original's Message-ID. Every value is bounded and one line.
 */
import type { Attachment } from 'postal-mime';
import { statusInWords, type Bounce } from '../../core/domain/bounce.js';
import { normaliseMessageId } from '../../core/domain/message-ids.js';
import { scanHeaders } from './header-scan.js';

const maxRecipients = 20;
const maxReason = 300;
const statusTypes = new Set(['message/delivery-status', 'message/global-delivery-status']);
const returnedTypes = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u0080-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
const bytesOf = (a: Attachment) => (typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content as ArrayBuffer));
const address = (s: string) => s.replace(/^[^;]*;/, '').replace(/[<>"]/g, '').trim().toLowerCase();
const isAddress = (s: string) => /^[^\s@<>]{1,64}@[^\s@<>]{1,255}$/.test(s);

/** Header-style fields of a delivery-status part, in blocks (message, then one per recipient). */
function fieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current.size) blocks.push(current);
      current = new Map();
      last = undefined;
    } else if (/^[ \t]/.test(line) && last) current.set(last, `${current.get(last)} ${line.trim()}`);
    else {
      const m = line.match(/^([A-Za-z0-9-]+)\s*:\s*(.*)$/);
      if (!m) continue;
      last = m[1].toLowerCase();
      if (!current.has(last)) current.set(last, m[2]);
    }
  }
  if (current.size) blocks.push(current);
  return blocks;
}

/** The delivery-status part's text; a per-recipient block some servers base64-encode inside it is decoded. */
function statusText(a: Attachment): string {
  const text = new TextDecoder('utf-8').decode(bytesOf(a).subarray(0, 256 * 1024));
  return text.replace(/Content-Transfer-Encoding:\s*base64\s*\r?\n(?:Content-[^\n]*\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi, (_, b64: string) => Buffer.from(b64.replace(/\s+/g, ''), 'base64').toString('utf8'));
}

function fromStatusPart(a: Attachment): Omit<Bounce, 'messageId'> {
  const blocks = fieldBlocks(statusText(a));
  const recipientBlocks = blocks.filter((b) => b.has('final-recipient') || b.has('original-recipient'));
  const failing = recipientBlocks.filter((b) => !/^(delayed|delivered|relayed|expanded)\b/i.test(b.get('action')?.trim() ?? 'failed'));
  const shown = failing.length ? failing : recipientBlocks;
  const recipients = [...new Set(shown.map((b) => address(b.get('final-recipient') ?? b.get('original-recipient') ?? '')).filter(isAddress))].slice(0, maxRecipients);
  const first = shown[0];
  const diagnostic = first?.get('diagnostic-code')?.replace(/^\s*[\w-]+\s*;\s*/, '');
  const words = statusInWords(first?.get('status')) ?? statusInWords(diagnostic);
  const reason = oneLine([words, diagnostic && diagnostic !== words ? diagnostic : undefined].filter(Boolean).join(': ')).slice(0, maxReason);
  return { recipients, reason: reason || 'not delivered', failed: failing.length > 0 || recipientBlocks.length === 0 };
}

function returnedMessageId(attachments: Attachment[]): string | null {
  for (const a of attachments) {
    if (!returnedTypes.has(a.mimeType.toLowerCase())) continue;
    const id = normaliseMessageId(scanHeaders(bytesOf(a).subarray(0, 256 * 1024)).get('message-id'));
    if (id) return id;
  }
  return null;
}

/** A prose bounce (no delivery-status part): what its text and X-Failed-Recipients say. */
function fromText(text: string, failedRecipients: string | undefined): Omit<Bounce, 'messageId'> {
  const head = text.slice(0, 64 * 1024);
  const listed = (failedRecipients ?? '').split(',').map(address);
  // qmail: "<anna@example.fi>:"; Exim: the address alone, indented, under "failed:".
  for (const m of head.matchAll(/^\s*<([^<>\s]+@[^<>\s]+)>:?\s*$|^\s{2,}([^\s@<>]+@[^\s@<>]+)\s*$/gm)) listed.push(address(m[1] ?? m[2]));
  const recipients = [...new Set(listed.filter(isAddress))].slice(0, maxRecipients);
  const smtp = head.match(/\b[45]\d\d[ -](?:[45]\.\d{1,3}\.\d{1,3}\b)?[^\n]*/);
  const words = statusInWords(smtp?.[0]);
  const reason = oneLine([words, smtp?.[0]].filter(Boolean).join(': ')).slice(0, maxReason);
  return { recipients, reason: reason || 'not delivered', failed: !/\b(?:delayed|will retry|still trying)\b/i.test(head.slice(0, 2000)) };
}

/** The bounce report of a message the headers say is a bounce. */
export function deliveryReport(attachments: Attachment[], text: string, failedRecipients: string | undefined): Bounce {
  const status = attachments.find((a) => statusTypes.has(a.mimeType.toLowerCase()));
  const found = status ? fromStatusPart(status) : fromText(text, failedRecipients);
  const quoted = text.slice(0, 256 * 1024).match(/^\s*Message-ID:\s*(<[^<>\s]{1,990}>)/im)?.[1];
  return { messageId: returnedMessageId(attachments) ?? normaliseMessageId(quoted) ?? null, ...found };
}
