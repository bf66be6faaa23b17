import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { safeLine, safeText } from '../../../src/cli/output/terminal-text.js';
import { corpus, corpusMessages } from '../../helpers/corpus.js';

const mimeDir = corpus('mime');

const parser = new PostalMimeParser();
// No C0 control other than newline and tab, no DEL, no C1 control: nothing a terminal would act on.
const terminalControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('PostalMimeParser on the MIME corpus', async () => {
  const messages = await corpusMessages();

  it('finds the whole corpus', () => {
    expect(messages.length).toBeGreaterThan(190);
  });

  it.each(messages.map((m) => [m.name, m] as const))('parses and renders %s to terminal-safe text', async (_name, m) => {
    const parsed = await parser.parse(m.raw);
    const body = await parser.body(m.raw);
    expect(typeof body.text).toBe('string');
    for (const value of [parsed.subject, parsed.from?.name ?? '', ...parsed.attachments.map((a) => a.name)]) expect(safeLine(value)).not.toMatch(terminalControl);
    expect(safeText(body.text)).not.toMatch(terminalControl);
    expect(body.fragments.map((f) => f.text).join('\n').length).toBeLessThanOrEqual(body.text.length + body.fragments.length);
  });
});

describe('PostalMimeParser', () => {
  const read = (name: string) => readFileSync(join(mimeDir, name));

  it('decodes subjects exactly as Python does wherever Python saw no defect', async () => {
    const inventory = JSON.parse(readFileSync(join(mimeDir, 'INVENTORY.json'), 'utf8')).files as Record<string, { subject_python_decoded?: string | null; python_defects?: string[] }>;
    let compared = 0;
    for (const [name, info] of Object.entries(inventory)) {
      let raw: Buffer;
      try {
        raw = read(name);
      } catch {
        continue; // listed in the inventory but not shipped in this corpus
      }
      if (raw.subarray(0, 5).toString() === 'From ' || info.subject_python_decoded === undefined || info.python_defects?.length) continue;
      const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
      expect(norm((await parser.parse(raw)).subject), name).toBe(norm(info.subject_python_decoded));
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it.each([
    ['real-world-ltp-list/ltp-charset-big5-15.eml'],
    ['real-world-ltp-list/ltp-charset-gb18030-16.eml'],
    ['real-world-ltp-list/ltp-charset-gbk-17.eml'],
    ['real-world-ltp-list/ltp-charset-iso-8859-2-19.eml'],
  ])('decodes the body of %s without replacement characters', async (name) => {
    const body = await parser.body(read(name));
    expect(body.text.length).toBeGreaterThan(20);
    expect(body.text).not.toContain('\uFFFD');
  });

  it('turns HTML-only mail into readable text', async () => {
    const raw = read('mailparser/spam.eml');
    const body = await parser.body(raw);
    expect(body.text.trim().length).toBeGreaterThan(0);
    expect(body.text).not.toMatch(/<\/?(html|body|div|p|table|td)\b/i);
  });

  it('lists attachments with name, type and size', async () => {
    const parsed = await parser.parse(read('mailparser/nodemailer.eml'));
    expect(parsed.attachments.length).toBeGreaterThan(0);
    for (const a of parsed.attachments) {
      expect(a.type).toMatch(/\//);
      expect(a.size).toBeGreaterThanOrEqual(0);
    }
    expect(parsed.attachments.some((a) => a.name !== '')).toBe(true);
  });

  it('separates quoted history from the new text', async () => {
    const raw = Buffer.from(
      'From: Anna <anna@ex.com>\r\nTo: shop@ex.com\r\nSubject: Re: size\r\nMessage-ID: <q@ex.com>\r\n\r\n' +
        'Size 39 please.\r\n\r\nOn Mon, 1 Jan 2026 at 10:00, Riitta <riitta@shop.example> wrote:\r\n> Which size would you like?\r\n> Riitta\r\n',
    );
    const body = await parser.body(raw);
    expect(body.fragments.find((f) => f.kind === 'text')?.text).toContain('Size 39 please.');
    expect(body.fragments.find((f) => f.kind === 'quote')?.text).toContain('Which size would you like?');
    expect((await parser.parse(raw)).newText).not.toContain('Which size would you like?');
  });

  it('keeps a message whose MIME structure is rejected, with its headers and an error', async () => {
    // 100 nested multiparts: beyond the nesting cap.
    let body = 'innermost\r\n';
    for (let i = 99; i >= 0; i--) body = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${body}--b${i}--\r\n`;
    const raw = Buffer.from(`From: Deep <deep@ex.com>\r\nSubject: nested\r\nMessage-ID: <deep@ex.com>\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n${body}`);
    const parsed = await parser.parse(raw);
    expect(parsed.parseError).toBeTruthy();
    expect(parsed.subject).toBe('nested');
    expect(parsed.messageId).toBe('<deep@ex.com>');
    const shown = await parser.body(raw);
    expect(shown.warnings[0]).toContain('could not parse');
    expect(shown.text).toContain('innermost');
  });
});
