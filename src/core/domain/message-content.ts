/**
 * What makes two raw messages with one Message-ID the same message. Broken mailers and contact
 * forms reuse ids, so the id alone must never hide a message: two are the same only when their
 * content is, which is what this fingerprint captures.
 *
 * Equal fingerprints mean: the same header fields with the same values in any order (unfolded,
 * whitespace runs collapsed, names in any case), and the same body (line endings aside). Left out
 * are the fields a delivery or a mailbox adds to the same message (trace and mailbox-state fields:
 * Received, Delivered-To, Status, X-UID, ...): the copy of one mail delivered to two folders, or
 * exported to mbox and imported again, is the same mail. Anything else that differs (one more
 * header, another body) makes a different message, kept and shown.
 */

/**
 * Fields added in transit, by an archive or by a mailbox, never written by the sender: trace fields
 * (RFC 5321 §4.4), Archived-At (RFC 5064), mbox/Maildir state. Resent-* blocks (RFC 5322 §3.6.6) are
 * skipped by prefix: a message resent is the same message.
 */
const addedOnTheWay = new Set([
  'received', 'return-path', 'delivered-to', 'x-original-to', 'envelope-to', 'delivery-date', 'x-envelope-from', 'x-envelope-to', 'x-received', 'archived-at',
  'authentication-results', 'received-spf', 'arc-seal', 'arc-message-signature', 'arc-authentication-results',
  'status', 'x-status', 'x-keywords', 'x-uid', 'x-imapbase', 'x-mozilla-status', 'x-mozilla-status2', 'x-mozilla-keys', 'content-length', 'lines',
]);

export function contentFingerprint(raw: Uint8Array): string {
  // latin1 maps every byte to one char: binary-safe and cheap, and only line structure matters here.
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1').replace(/\r\n?/g, '\n');
  const end = text.startsWith('\n') ? 0 : text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  // mbox writers disagree on quoting body lines that start with "From " (mboxo adds one ">", mboxrd one more each time).
  const body = (end < 0 ? '' : text.slice(end + (end === 0 ? 1 : 2))).replace(/^>+From /gm, 'From ');
  const fields: string[] = [];
  for (const line of head.replace(/\n[ \t]/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      if (line.trim() !== '') fields.push(`?${line.replace(/\s+/g, ' ').trim()}`);
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    if (addedOnTheWay.has(name) || name.startsWith('x-spam-') || name.startsWith('resent-')) continue;
    fields.push(`${name}:${line.slice(colon + 1).replace(/\s+/g, ' ').trim()}`);
  }
  fields.sort();
  // An mbox writer adds a blank line after each message: trailing blank lines are not content.
  let bodyEnd = body.length;
  while (bodyEnd > 0 && body[bodyEnd - 1] === '\n') bodyEnd--; // a loop, not /\n+$/: that regex is quadratic on long runs
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(fields.join('\n'), 'latin1').update('\u0000').update(body.slice(0, bodyEnd), 'latin1').digest('hex').slice(0, 32); // 128 bits: plenty to tell messages of one id apart
}
