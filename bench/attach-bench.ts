/**
 * `npm run bench -- attach [MB] [--rounds R]` (default 10 MB, 5 rounds): what a reply with an
 * attachment costs end to end, as a script sends it: `h2h reply <id> --attach FILE --send` copies
 * the file into the store, builds the message once (queued, exact bytes), sends it over SMTP and
 * files it in Sent on IMAP, then exits. Against a throwaway Dovecot and an smtp-server sink on
 * loopback (which delivers to Dovecot over LMTP, as the tests do), interleaved round by round with
 * the same reply without the attachment and with `node -e 0`. Wall time and peak RSS (GNU time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapStale, startDovecot } from '../test/mail-harness/dovecot.js';
import { appendMessages, ensureFolder, fetchSources, uniqueUser, withImap } from '../test/mail-harness/mailbox.js';
import { startSmtpSink } from '../test/mail-harness/smtp-sink.js';
import { formatMs, renderTable } from './bench-table.js';
import { buildId, root } from './realistic-mail.js';
import { timeProcessAsync, type ProcessRun } from './time-process.js';

const shop = { name: 'Riitta Virtanen', email: 'riitta@shop.example', signature: 'Riitta Virtanen' };

function question(i: number): Buffer {
  const date = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString();
  return Buffer.from([`From: Customer ${i} <c${i}@example.com>`, `To: ${shop.name} <${shop.email}>`, `Subject: Return ${i}`, `Message-ID: <r${i}@example.com>`, `Date: ${date}`, 'Content-Type: text/plain; charset=utf-8', '', 'Could you send me a return label?', ''].join('\r\n'));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runAttachBench(megabytes = 10, rounds = 5): Promise<void> {
  reapStale();
  const work = mkdtempSync(join(tmpdir(), 'h2h-attach-bench-'));
  const dovecot = await startDovecot({ ssl: false });
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  const load = loadavg()[0];
  try {
    const user = await uniqueUser(dovecot, 'attach');
    await withImap(dovecot, user, (c) => ensureFolder(c, 'Sent'));
    await appendMessages(dovecot, user, 'INBOX', Array.from({ length: rounds * 2 }, (_, i) => question(i)));
    const configFile = join(work, 'config.json');
    const account = { imap: { host: '127.0.0.1', port: dovecot.port, user: user.address, tls: 'none' }, smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' }, undoSendSeconds: 0, maxAttachmentMb: Math.max(20, megabytes + 1) };
    writeFileSync(configFile, JSON.stringify({ agent: shop, account, history: { closeOlderThanDays: 0 } }), { mode: 0o600 });
    const env = { PATH: process.env.PATH ?? '', HOME: work, H2H_CONFIG: configFile, H2H_DATA_DIR: join(work, 'data'), H2H_IMAP_PASSWORD: user.password, H2H_SMTP_PASSWORD: 'bench' };
    const h2h = join(root, 'bin', 'h2h.js');
    await timeProcessAsync(process.execPath, [h2h, 'sync'], env);
    const ids = (JSON.parse((await timeProcessAsync(process.execPath, [h2h, 'list', '--json'], env)).stdout) as { id: string }[]).map((c) => c.id);
    const body = join(work, 'body.txt');
    writeFileSync(body, 'Here is your return label.\n');
    const file = join(work, 'return-label.pdf');
    // Bytes that do not compress or repeat: what base64 makes of them is what a real PDF costs.
    writeFileSync(file, Buffer.from(Array.from({ length: megabytes * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24)));
    const runs: Record<'node' | 'plain' | 'attached', ProcessRun[]> = { node: [], plain: [], attached: [] };
    for (let round = 0; round < rounds; round++) {
      process.stderr.write(`round ${round + 1}/${rounds}…\n`);
      runs.node.push(await timeProcessAsync(process.execPath, ['-e', '0'], env));
      runs.plain.push(await timeProcessAsync(process.execPath, [h2h, 'reply', ids[round * 2], '--body-file', body, '--send'], env));
      runs.attached.push(await timeProcessAsync(process.execPath, [h2h, 'reply', ids[round * 2 + 1], '--body-file', body, '--attach', file, '--send'], env));
    }
    const inSent = [...(await fetchSources(dovecot, user, 'Sent')).values()];
    const biggest = Math.max(...sink.messages.map((m) => m.raw.length));
    if (sink.messages.length !== rounds * 2 || inSent.length !== rounds * 2) throw new Error(`expected ${rounds * 2} sent and filed, got ${sink.messages.length} sent and ${inSent.length} in Sent`);
    console.log(`\nA reply with a ${megabytes} MB attachment, end to end (copy into the store, queue, send over SMTP, file in Sent), ${rounds} rounds interleaved`);
    console.log(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, h2h build ${buildId()}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${load.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after; Dovecot and smtp-server on loopback`);
    console.log(`the message with the attachment: ${(biggest / 1024 / 1024).toFixed(1)} MB on the wire (base64); every reply sent once and filed once in Sent\n`);
    const row = (label: string, xs: ProcessRun[]) => [label, `${formatMs(median(xs.map((r) => r.ms)))} (${xs.map((r) => formatMs(r.ms)).join(', ')})`, `${median(xs.map((r) => r.rssMB)).toFixed(0)} MB (max ${Math.max(...xs.map((r) => r.rssMB)).toFixed(0)} MB)`];
    console.log(
      renderTable(
        ['', 'wall time, median (each round)', 'peak RSS, median'],
        [row('`node -e 0` (the floor)', runs.node), row('`h2h reply --send`, no attachment', runs.plain), row(`\`h2h reply --attach --send\`, ${megabytes} MB`, runs.attached)],
      ),
    );
  } finally {
    await sink.stop();
    await dovecot.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
