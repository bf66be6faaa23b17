/**
 * CSV (RFC 4180): a header row, then one row per message. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, or a tab or CR) gets a leading apostrophe: mail is hostile input.
 */
import { formatAddress } from '../../core/domain/address.js';
import type { ExportedConversation, ExportWriter } from '../../core/services/export-service.js';
import type { Sink } from './stream-sink.js';

const columns = ['conversation_id', 'conversation_subject', 'status', 'tags', 'customer_email', 'customer_name', 'message_id', 'date', 'direction', 'from', 'to', 'subject', 'attachments', 'text'];

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export class CsvWriter implements ExportWriter {
  readonly needs = 'text' as const;
  private started = false;

  constructor(private readonly sink: Sink) {}

  async write(c: ExportedConversation): Promise<void> {
    if (!this.started) {
      this.started = true;
      await this.sink.write(`${columns.join(',')}\r\n`);
    }
    const v = c.conversation;
    for (const { meta, text } of c.messages) {
      const row = [
        v.id, v.subject, v.status, v.tags.join(' '), c.customer.email, c.customer.name, meta.messageId, meta.date,
        meta.direction === 'in' ? 'inbound' : 'outbound', meta.from ? formatAddress(meta.from) : '', meta.to.map(formatAddress).join(', '),
        meta.subject, meta.attachments.map((a) => a.name).join('; '), text,
      ];
      await this.sink.write(`${row.map(csvCell).join(',')}\r\n`);
    }
  }

  async end(): Promise<void> {
    if (!this.started) await this.sink.write(`${columns.join(',')}\r\n`);
    await this.sink.end();
  }
}
