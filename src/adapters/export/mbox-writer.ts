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
  const out: Buffer[] = [];
  let start = 0;
  while (start < raw.length) {
    const nl = raw.indexOf(0x0a, start);
    const end = nl < 0 ? raw.length : nl + 1;
    let i = start;
    while (i < end && raw[i] === 0x3e) i++; // ">"
    if (end - i >= 5 && raw.toString('latin1', i, i + 5) === 'From ') out.push(Buffer.from('>'));
    out.push(raw.subarray(start, end));
    start = end;
  }
  return Buffer.concat(out);
}

export class MboxWriter implements ExportWriter {
  readonly needsText = false;
  constructor(private readonly sink: Sink) {}

  async write(c: ExportedConversation): Promise<void> {
    for (const m of c.messages) {
      const sender = (m.meta.from?.email || 'MAILER-DAEMON').replace(/\s/g, '');
      const body = mboxrdQuote(m.raw);
      const ending = body.length === 0 || body[body.length - 1] === 0x0a ? '' : '\n';
      await this.sink.write(`From ${sender} ${asctime(m.meta.date)}\n`);
      await this.sink.write(body);
      await this.sink.write(`${ending}\n`);
    }
  }

  end(): Promise<void> {
    return this.sink.end();
  }
}
