/**
 * Streams the messages of an mbox file with bounded memory. Handles mboxo and mboxrd quoting
 * (one `>` is removed from `>From `, `>>From `…), CRLF files, a UTF-8 BOM, and unquoted "From "
 * lines inside bodies: a line only separates messages when it follows a blank line (or starts the
 * file) and looks like an envelope ("From sender date", or Mozilla's "From -").
 */
import { open } from 'node:fs/promises';
import type { RawInput } from './raw-input.js';
import { mailSeenFromHeaders } from './seen-flags.js';

const chunkSize = 1 << 20;
const fromLine = /^From (\S+)(?: (.*))?$/;

function envelope(line: string): { date?: number } | undefined {
  const m = fromLine.exec(line.replace(/\r$/, ''));
  if (!m) return undefined;
  const [, sender, rest = ''] = m;
  if (sender !== '-' && !sender.includes('@') && !/\d{1,2}:\d{2}/.test(rest) && !/\b(19|20)\d\d\b/.test(rest)) return undefined;
  const date = Date.parse(rest.trim());
  return { date: Number.isNaN(date) ? undefined : date };
}

const escapedFrom = /^>+From /;

export async function* readMbox(path: string): AsyncGenerator<RawInput> {
  const handle = await open(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    let lines: Buffer[] = [];
    let current: { date?: number } | undefined;
    let index = 0;
    let previousBlank = true;
    let atStart = true;
    const finish = (): RawInput | undefined => {
      if (!current) return undefined;
      // The blank line before the next envelope belongs to the mbox, not to the message.
      while (lines.length > 0 && /^\r?\n$/.test(lines[lines.length - 1].toString('latin1'))) lines.pop();
      const raw = Buffer.concat(lines);
      lines = [];
      const input: RawInput = { raw, source: `${path}#${index}`, seen: mailSeenFromHeaders(raw), fallbackDate: current.date };
      index++;
      return input;
    };
    const position = { value: 0 };
    for (;;) {
      const buffer = Buffer.alloc(chunkSize);
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, position.value);
      position.value += bytesRead;
      const data = bytesRead > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : carry;
      let start = 0;
      for (;;) {
        const nl = data.indexOf(0x0a, start);
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
        const env = previousBlank && head.startsWith('From ') ? envelope(head.replace(/\n$/, '')) : undefined;
        if (env) {
          const done = finish();
          if (done) yield done;
          current = env;
        } else if (current) {
          lines.push(escapedFrom.test(head) ? line.subarray(1) : line);
        } else if (head.trim() !== '') {
          throw new Error('not an mbox file: it does not start with a "From " line');
        }
        previousBlank = head === '\n' || head === '\r\n';
        if (nl < 0) break;
      }
      carry = Buffer.from(data.subarray(start));
      if (bytesRead === 0) break;
    }
    const last = finish();
    if (last) yield last;
  } finally {
    await handle.close();
  }
}
