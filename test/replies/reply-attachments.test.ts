/**
 * `h2h reply --attach FILE`, end to end against the test Dovecot and a real SMTP server on
 * loopback: the attachment's bytes as SMTP receives them (sha256 of the file, its non-ASCII name
 * encoded in the headers), the same bytes in Sent, the outbox entry; a text that speaks of an
 * attachment with none attached, files that cannot be attached, and the size limit.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { fetchSources } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function shop(account: Record<string, unknown> = {}) {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  return { sink, ...(await shopWithQuestion(sink.port, account)) };
}

describe('h2h reply --attach', () => {
  it('sends the file byte for byte under its own name, the same message in Sent', async () => {
    const s = await shop();
    const label = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 131 + 7) % 256));
    const name = 'Palautuslappu – Zoë ääkköset.pdf';
    const path = join(s.f.root, name);
    writeFileSync(path, label);
    const photo = join(s.f.root, 'kuva.jpg');
    writeFileSync(photo, Buffer.from('jpeg bytes'));
    const sent = await spawnCli(['reply', s.id, '--body-file', '-', '--attach', path, '--attach', photo, '--send', '--json'], { env: s.env, stdin: 'Here is the return label.\n' });
    expect([sent.code, sent.stderr]).toEqual([0, '']);
    expect((JSON.parse(sent.stdout) as { attachments: unknown }).attachments).toEqual([
      { name, size: label.length },
      { name: 'kuva.jpg', size: 10 },
    ]);

    expect(s.sink.messages).toHaveLength(1);
    const raw = s.sink.messages[0].raw;
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType, sha(new Uint8Array(a.content as ArrayBuffer))])).toEqual([
      [name, 'application/pdf', sha(label)],
      ['kuva.jpg', 'image/jpeg', sha(Buffer.from('jpeg bytes'))],
    ]);
    expect(parsed.text).toContain('Here is the return label.');
    // Headers stay 7-bit: the name is encoded (RFC 2231 in Content-Disposition), never raw UTF-8.
    expect(raw.toString('latin1')).toMatch(/filename\*(?:0\*)?=utf-8''Palautuslappu%20%E2%80%93%20Zo%C3%AB/i);
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    expect(head).not.toMatch(/[^\x00-\x7f]/);
    for (const part of raw.toString('latin1').split(/\r\n--/).slice(1)) expect(part.split('\r\n\r\n')[0]).not.toMatch(/[^\x00-\x7f]/);
    const inSent = [...(await fetchSources(s.dovecot, s.f.user, 'Sent')).values()];
    expect(inSent.map(sha)).toEqual([sha(raw)]);
  });

  it('asks before sending a text that speaks of an attachment with none attached', async () => {
    const s = await shop();
    for (const [text, word] of [
      ['See the attached label.', 'attached'],
      ['Palautuslappu on liitteenä.', 'liitteenä'],
      ['Het label zit in de bijlage.', 'bijlage'],
    ]) {
      const refused = await spawnCli(['reply', s.id, '--body-file', '-', '--send'], { env: s.env, stdin: `${text}\n` });
      expect([refused.code, refused.stderr]).toEqual([2, `h2h: not sent: the reply says "${word}" but has no attachment; add --attach FILE, or --yes to send it as it is\n`]);
    }
    // Saved as a draft instead: kept, with a warning.
    const draft = await spawnCli(['reply', s.id, '--body-file', '-'], { env: s.env, stdin: 'Siehe Anhang.\n' });
    expect([draft.code, draft.stderr.split('\n')[0]]).toEqual([0, 'h2h: warning: the reply says "Anhang" but has no attachment (--attach FILE)']);
    expect(s.sink.messages).toHaveLength(0);
    const sent = await spawnCli(['reply', s.id, '--body-file', '-', '--send', '--yes'], { env: s.env, stdin: 'See the attached label.\n' });
    expect(sent.code).toBe(0);
    expect(s.sink.messages).toHaveLength(1);
  });

  it('refuses, in one line and with nothing sent, a missing file, a folder, a FIFO and files over the limit', async () => {
    const s = await shop({ maxAttachmentMb: 1 });
    const dir = join(s.f.root, 'files');
    mkdirSync(dir);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 1));
    const half = join(dir, 'half.bin');
    writeFileSync(half, Buffer.alloc(600 * 1024));
    const cases: [string[], string][] = [
      [[join(dir, 'none.pdf')], `h2h: cannot attach ${join(dir, 'none.pdf')}: no such file\n`],
      [[dir], `h2h: cannot attach ${dir}: not a regular file\n`],
      [[fifo], `h2h: cannot attach ${fifo}: not a regular file\n`],
      [[big], `h2h: cannot attach ${big}: 1.0 MB is over the limit of 1.0 MB (account.maxAttachmentMb in the config)\n`],
      [[half, half], 'h2h: attachments of 1.2 MB are over the limit of 1.0 MB (account.maxAttachmentMb in the config)\n'],
    ];
    for (const [files, stderr] of cases) {
      const r = await spawnCli(['reply', s.id, '--body-file', '-', ...files.flatMap((f) => ['--attach', f]), '--send'], { env: s.env, stdin: 'Here you are.\n' });
      expect([r.code, r.stderr]).toEqual([2, stderr]);
    }
    expect(s.sink.messages).toHaveLength(0);
    expect(JSON.parse((await spawnCli(['outbox', '--json'], { env: s.env })).stdout)).toEqual([]);
  });
});
