/**
 * Streams the messages of an mbox file with bounded memory. Handles mboxo and mboxrd quoting
 * (one `>` is removed from `>From `, `>>From `…), CRLF files, a UTF-8 BOM, and unquoted "From "
 * lines inside bodies. A line separates messages when it starts the file, or follows a blank line
 * and looks like an envelope ("From sender date"), or is Netscape/Mozilla's "From - …" envelope,
 * which those programs write without a blank line before it. Content-Length headers are not
 * trusted: they are often wrong (see MimeKit's content-length test mbox), and a wrong one would
 * swallow the next message. As Python's mailbox does, the line break before a separator belongs to
 * the mbox, not to the message (at the end of the file, it is the message's).
 */
import type { FileHandle } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { maxMessageBytes, megabytes } from '../../core/domain/message-size.js';
import { openRegular } from './open-regular.js';
import type { RawInput } from './raw-input.js';
import { mailSeenFromHeaders } from './seen-flags.js';

const chunkSize = 1 << 20;
/**
 * No mail line comes near this (SMTP allows 998 bytes; a base64 body without breaks is the worst
 * seen). Without a bound, a file with no newline (a 5 GB sparse file) was gathered into one
 * ever-growing buffer, copied again for every megabyte read.
 */
export const maxLineBytes = 16 * 1024 * 1024;
const fromLine = /^From (\S+)(?: (.*))?$/;
const escapedFrom = /^>+From /;

function envelopeDate(line: string): number | undefined {
  const rest = fromLine.exec(line)?.[2];
  const date = rest ? Date.parse(rest.trim()) : NaN;
  return Number.isNaN(date) ? undefined : date;
}

function looksLikeEnvelope(line: string): boolean {
  const m = fromLine.exec(line);
  if (!m) return false;
  const [, sender, rest = ''] = m;
  return sender === '-' || sender.includes('@') || /\d{1,2}:\d{2}/.test(rest) || /\b(19|20)\d\d\b/.test(rest);
}

type Message = { lines: Buffer[]; bytes: number; date?: number };

const isBlank = (head: string) => head === '\n' || head === '\r\n';

export async function* readMbox(path: string): AsyncGenerator<RawInput> {
  const { handle } = await openRegular(path, { followSymlink: true });
  yield* readMboxFrom(handle, path);
}

/** Reads the mbox open at `handle` (a regular file, see open-regular.ts) and closes it. */
export async function* readMboxFrom(handle: FileHandle, path: string): AsyncGenerator<RawInput> {
  let index = 0;
  const finish = (m: Message, atEnd: boolean): RawInput => {
    let raw = Buffer.concat(m.lines);
    if (!atEnd && raw.at(-1) === 0x0a) raw = raw.subarray(0, raw.at(-2) === 0x0d ? -2 : -1);
    return { raw, source: `${path}#${index++}`, seen: mailSeenFromHeaders(raw), fallbackDate: m.date };
  };
  try {
    let carry = Buffer.alloc(0);
    let current: Message | undefined;
    let previousBlank = true;
    let atStart = true;
    let position = 0;
    for (;;) {
      const buffer = Buffer.alloc(chunkSize);
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
      position += bytesRead;
      const data = bytesRead > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : carry;
      let start = 0;
      // The carried part holds no newline: a long line is scanned once, not again with every chunk.
      const scanFrom = carry.length;
      for (;;) {
        const nl = data.indexOf(0x0a, Math.max(start, scanFrom));
        if (nl < 0 && bytesRead > 0) break;
        const end = nl < 0 ? data.length : nl + 1;
        if (end === start) break;
        let line = data.subarray(start, end);
        start = end;
        if (atStart) {
          atStart = false;
          if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
        }
        const head = line.subarray(0, Math.min(line.length, 200)).toString('latin1');
        const text = head.replace(/\r?\n$/, '');
        // The file's first line is an envelope whatever it says ("From " alone is seen in the wild).
        const separator =
          head.startsWith('From ') && (!current || (previousBlank && looksLikeEnvelope(text)) || /^From - /.test(text) || text === 'From -');
        if (separator) {
          if (current) yield finish(current, false);
          current = { lines: [], bytes: 0, date: envelopeDate(text) };
        } else if (current) {
          current.lines.push(escapedFrom.test(head) ? line.subarray(1) : line);
          current.bytes += line.length;
          if (current.bytes > maxMessageBytes) throw new UsageError(`${path}#${index}: a message larger than ${megabytes(maxMessageBytes)}, the most a message may have`);
        } else if (head.trim() !== '') {
          throw new Error('not an mbox file: it does not start with a "From " line');
        }
        previousBlank = isBlank(head);
        if (nl < 0) break;
      }
      carry = Buffer.from(data.subarray(start));
      if (carry.length > maxLineBytes) throw new UsageError(`${path}: a line longer than ${megabytes(maxLineBytes)} at byte ${position - carry.length}: not an mbox h2h can read`);
      if (bytesRead === 0) break;
    }
    if (current) yield finish(current, true);
  } finally {
    await handle.close();
  }
}
