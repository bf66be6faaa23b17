import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMbox } from '../../../src/adapters/sources/mbox-reader.js';
import { corpus } from '../../helpers/corpus.js';
import { tempDir } from '../../helpers/temp-dir.js';

async function all(path: string) {
  const out = [];
  for await (const m of readMbox(path)) out.push(m);
  return out;
}

/** What mboxrd unquoting makes of a slice of the file: one `>` less on `>From ` lines. */
const unquoted = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');

describe('readMbox', () => {
  it.each(['content-length', 'issue1189'])('splits MimeKit %s.mbox.txt at the expected offsets', async (name) => {
    const path = corpus('mbox/mimekit-mbox-parser', `${name}.mbox.txt`);
    const file = readFileSync(path);
    const offsets = JSON.parse(readFileSync(corpus('mbox/mimekit-mbox-parser', `${name}.unix-offsets.json`), 'utf8')) as { beginOffset: number; endOffset: number }[];
    const messages = await all(path);
    expect(messages).toHaveLength(offsets.length);
    messages.forEach((m, i) => expect(m.raw.equals(unquoted(file.subarray(offsets[i].beginOffset, offsets[i].endOffset))), `message ${i}`).toBe(true));
  });

  it('keeps an unquoted "From " line inside a body (and skips a UTF-8 BOM)', async () => {
    const messages = await all(corpus('mbox/mimekit-mbox-parser/unmunged.mbox.txt'));
    expect(messages).toHaveLength(2);
    expect(messages[0].raw.toString()).toContain('\nFrom Russia with love\n');
    expect(messages[1].raw.toString()).toContain('What did Thunderbird do this time?');
  });

  it('removes one level of mboxrd quoting and reads the envelope date', async () => {
    const dir = tempDir();
    const path = join(dir, 'rd.mbox');
    writeFileSync(
      path,
      'From anna@ex.com Mon Jan  5 10:00:00 2026\nSubject: one\n\n>From the top\n>>From deeper\n\nFrom bob@ex.com Tue Jan  6 10:00:00 2026\nSubject: two\n\nbody\n',
    );
    const [one, two] = await all(path);
    expect(one.raw.toString()).toBe('Subject: one\n\nFrom the top\n>From deeper\n');
    expect(two.raw.toString()).toBe('Subject: two\n\nbody\n');
    expect(one.fallbackDate).toBe(Date.parse('Mon Jan  5 10:00:00 2026'));
    expect(one.source).toBe(`${path}#0`);
  });

  it('reads CRLF mboxes and keeps the CRLF inside messages', async () => {
    const dir = tempDir();
    const path = join(dir, 'crlf.mbox');
    writeFileSync(path, 'From a@ex.com Mon Jan  5 10:00:00 2026\r\nSubject: one\r\n\r\nx\r\n\r\nFrom b@ex.com Mon Jan  5 11:00:00 2026\r\nSubject: two\r\n\r\ny\r\n');
    const messages = await all(path);
    expect(messages.map((m) => m.raw.toString())).toEqual(['Subject: one\r\n\r\nx\r\n', 'Subject: two\r\n\r\ny\r\n']);
  });

  it('streams messages larger than its read buffer intact', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.mbox');
    const body = 'x'.repeat(3_000_000);
    writeFileSync(path, `From a@ex.com Mon Jan  5 10:00:00 2026\nSubject: big\n\n${body}\n\nFrom b@ex.com Mon Jan  5 11:00:00 2026\nSubject: small\n\nok\n`);
    const messages = await all(path);
    expect(messages).toHaveLength(2);
    expect(messages[0].raw.length).toBe('Subject: big\n\n'.length + body.length + 1);
  });

  it('marks mail that an mbox reader had already read', async () => {
    const dir = tempDir();
    const path = join(dir, 'seen.mbox');
    writeFileSync(path, 'From a@ex.com Mon Jan  5 10:00:00 2026\nSubject: read\nStatus: RO\n\nx\n\nFrom b@ex.com Mon Jan  5 11:00:00 2026\nSubject: new\n\ny\n');
    expect((await all(path)).map((m) => m.seen)).toEqual([true, false]);
  });
});
