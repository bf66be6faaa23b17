/**
 * mboxrd: each message's original bytes after a "From " line, with every line that starts with
 * ">*From " given one more ">" (undone exactly by mboxrd readers: mutt, Python's mailbox, h2h's own
 * import), and a blank line after each message.
 */
import type { ExportedConversation, ExportWriter } from '../../core/services/export-service.js';
import type { Sink } from './stream-sink.js';

/** asctime in UTC, as mbox "From " lines carry it: "Mon Nov  2 10:00:00 2026". */
function asctime(iso: string): string {
  const d = new Date(iso);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** The raw bytes with mboxrd quoting, without decoding them (any charset, any bytes survive). */
export function mboxrdQuote(raw: Buffer): Buffer {
  // Where a line is ">*From ": found by searching for "From " (most messages have none: returned as they are).
  const cuts: number[] = [];
  for (let at = raw.indexOf('From '); at >= 0; at = raw.indexOf('From ', at + 5)) {
    let lineStart = at;
    while (lineStart > 0 && raw[lineStart - 1] === 0x3e) lineStart--; // ">"
    if (lineStart === 0 || raw[lineStart - 1] === 0x0a) cuts.push(lineStart);
  }
  if (cuts.length === 0) return raw;
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) parts.push(raw.subarray(from, cut), quoteMark), (from = cut);
  parts.push(raw.subarray(from));
  return Buffer.concat(parts);
}

const quoteMark = Buffer.from('>');

export class MboxWriter implements ExportWriter {
  readonly needs = 'raw' as const;
  constructor(private readonly sink: Sink) {}

  /** One write per conversation: a write per message part was a third of an export's time. */
  async write(c: ExportedConversation): Promise<void> {
    const parts: Buffer[] = [];
    for (const m of c.messages) {
      const sender = (m.meta.from?.email || 'MAILER-DAEMON').replace(/\s/g, '');
      const body = mboxrdQuote(m.raw);
      const ending = body.length === 0 || body[body.length - 1] === 0x0a ? '\n' : '\n\n';
      parts.push(Buffer.from(`From ${sender} ${asctime(m.meta.date)}\n`), body, Buffer.from(ending));
    }
    await this.sink.write(Buffer.concat(parts));
  }

  end(): Promise<void> {
    return this.sink.end();
  }
}
