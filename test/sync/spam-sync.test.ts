/**
 * Spam against the test Dovecot: `h2h spam` moves the conversation's mail to the Junk folder (made
 * when the account has none) with $Junk, takes it out of every list, blocks the sender; the next
 * message from them goes to Junk at sync; `h2h unspam` brings it all back to INBOX with $NotJunk,
 * and nothing is deleted or marked gone on the way.
 */
import { describe, expect, inject, it } from 'vitest';
import { appendMessages, fetchFlags, fetchSources } from '../mail-harness/mailbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { syncFixture } from '../helpers/sync-fixture.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';
const mail = (from: string, subject: string, id: string, day: number) =>
  Buffer.from([`From: ${from}`, `To: ${shop}`, `Subject: ${subject}`, `Message-ID: <${id}>`, `Date: Tue, 0${day} Dec 2026 09:00:00 +0000`, 'Content-Type: text/plain; charset=utf-8', '', 'Hello.', ''].join('\r\n'));
const idsIn = (sources: Map<number, Buffer>) => [...sources.values()].map((raw) => /^Message-ID:\s*<([^>]+)>/im.exec(raw.toString('latin1'))![1]).sort();

describe('spam and blocking, on the server', () => {
  it('moves spam to Junk, blocks the sender, sends their next mail there at sync, and unspam brings it all back', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [mail('Anna Virtanen <anna@example.fi>', 'Wrong size', 'anna1@example.fi', 1), mail('Prize Desk <prizes@lottery.example>', 'You won!', 'prize1@lottery.example', 2)]);
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    const list = async (...q: string[]) => (JSON.parse((await spawnCli(['list', '--json', ...q], { env: f.env })).stdout) as { id: string; subject: string }[]).map((c) => c.subject).sort();
    const prize = (JSON.parse((await spawnCli(['list', '--json', 'from:prizes'], { env: f.env })).stdout) as { id: string }[])[0].id;

    const spam = await spawnCli(['spam', prize], { env: f.env });
    expect(spam.code).toBe(0);
    expect(spam.stderr).toBe('marked spam: 1 conversation; blocked: prizes@lottery.example; 1 message moved to Junk\n');
    expect(idsIn(await fetchSources(dovecot, f.user, 'INBOX'))).toEqual(['anna1@example.fi']);
    expect(idsIn(await fetchSources(dovecot, f.user, 'Junk'))).toEqual(['prize1@lottery.example']);
    expect([...(await fetchFlags(dovecot, f.user, 'Junk')).values()].map((s) => s.has('$Junk'))).toEqual([true]);
    // Out of every list and view; there when asked for.
    expect(await list()).toEqual(['Wrong size']);
    expect(await list('status:open')).toEqual(['Wrong size']);
    expect(await list('is:spam')).toEqual(['You won!']);
    expect((await spawnCli(['block', '--list'], { env: f.env })).stdout).toMatch(/^prizes@lottery\.example\t/);

    // Their next message is spam on arrival, and the sync moves it to Junk for every client.
    await appendMessages(dovecot, f.user, 'INBOX', [mail('Prize Desk <prizes@lottery.example>', 'Claim now', 'prize2@lottery.example', 3)]);
    const sync = await spawnCli(['sync', '--json'], { env: f.env });
    expect(sync.code).toBe(0);
    expect((JSON.parse(sync.stdout.trim().split('\n').at(-1)!) as { junk?: unknown }).junk).toEqual({ folder: 'Junk', moved: 1 });
    expect(idsIn(await fetchSources(dovecot, f.user, 'INBOX'))).toEqual(['anna1@example.fi']);
    expect(idsIn(await fetchSources(dovecot, f.user, 'Junk'))).toEqual(['prize1@lottery.example', 'prize2@lottery.example']);
    expect(await list()).toEqual(['Wrong size']);
    expect(await list('is:spam')).toEqual(['Claim now', 'You won!']);

    // Taken back: to INBOX, not junk, the sender unblocked; a sync finds them there and nothing is marked gone.
    const unspam = await spawnCli(['unspam', 'from:prizes'], { env: f.env });
    expect(unspam.code).toBe(0);
    expect(unspam.stderr).toBe('taken out of spam: 2 conversations; unblocked: prizes@lottery.example; 2 messages moved from Junk to INBOX\n');
    expect(idsIn(await fetchSources(dovecot, f.user, 'Junk'))).toEqual([]);
    expect(idsIn(await fetchSources(dovecot, f.user, 'INBOX'))).toEqual(['anna1@example.fi', 'prize1@lottery.example', 'prize2@lottery.example']);
    const flags = [...(await fetchFlags(dovecot, f.user, 'INBOX')).values()];
    expect([flags.filter((s) => s.has('$NotJunk')).length, flags.filter((s) => s.has('$Junk') || s.has('spam')).length]).toEqual([2, 0]);
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    expect(await list()).toEqual(['Claim now', 'Wrong size', 'You won!']);
    const shown = JSON.parse((await spawnCli(['show', prize, '--json'], { env: f.env })).stdout) as { messages: { deletedOnServer: boolean }[] };
    expect(shown.messages.map((m) => m.deletedOnServer)).toEqual([false]);
    expect((await spawnCli(['block', '--list'], { env: f.env })).stderr).toBe('no sender is blocked\n');
  });

  it('keeps spam marked when the server cannot be reached, and moves it at the next sync', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [mail('Prize Desk <prizes@lottery.example>', 'You won!', 'prize1@lottery.example', 2)]);
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    const offline = { ...f.env, H2H_IMAP_PASSWORD: 'wrong password' };
    const spam = await spawnCli(['spam', 'from:prizes'], { env: offline });
    expect(spam.code).toBe(0);
    expect(spam.stderr).toMatch(/^marked spam: 1 conversation; blocked: prizes@lottery\.example; the mail server could not be reached \(.*\): the next h2h sync moves them to Junk\n$/);
    expect(spam.stderr).not.toContain('wrong password');
    expect(idsIn(await fetchSources(dovecot, f.user, 'INBOX'))).toEqual(['prize1@lottery.example']);
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    expect(idsIn(await fetchSources(dovecot, f.user, 'INBOX'))).toEqual([]);
    expect(idsIn(await fetchSources(dovecot, f.user, 'Junk'))).toEqual(['prize1@lottery.example']);
  });
});
