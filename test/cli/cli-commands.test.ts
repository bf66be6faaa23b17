import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plain, runCli } from '../helpers/run-cli.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor, type Fixture } from '../helpers/store-fixture.js';

const clock = fixedClock('2026-11-05T12:00:00Z');
const shopAddr = `${agent.name} <${agent.email}>`;

async function seeded(): Promise<{ f: Fixture; ids: Record<string, string> }> {
  const f = fixture();
  const s = await servicesFor(f, clock);
  await s.importer.import([
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shopAddr, subject: 'Shoes too small', id: '<a1@ex.com>', date: 'Mon, 02 Nov 2026 10:00:00 +0000', body: 'Size 38 is too small.' })),
    input(rawMessage({ from: shopAddr, to: 'Anna Virtanen <anna@ex.com>', subject: 'Re: Shoes too small', id: '<a2@shop.example>', irt: '<a1@ex.com>', date: 'Mon, 02 Nov 2026 11:00:00 +0000', body: 'Hi Anna,\n\nI will send size 39.\n\nRiitta' })),
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shopAddr, subject: 'Gift card', id: '<a3@ex.com>', date: 'Mon, 01 Jun 2026 10:00:00 +0000', body: 'Do you sell gift cards?' })),
    input(rawMessage({ from: 'Bob <bob@ex.com>', to: shopAddr, subject: 'Lost parcel', id: '<b1@ex.com>', date: 'Wed, 04 Nov 2026 09:00:00 +0000', body: 'Where is my parcel?' })),
  ]);
  const ids: Record<string, string> = {};
  for (const c of await s.conversations.list()) ids[c.subject] = c.id;
  await s.conversations.tag([ids['Lost parcel']], ['shipping'], []);
  return { f, ids };
}

const run = (f: Fixture, args: string[], opts: { tty?: boolean; stdin?: string } = {}) => runCli(args, { env: f.env, clock, ...opts });

describe('h2h list', () => {
  it('prints an aligned table on a terminal', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['list'], { tty: true });
    expect(r.exitCode).toBe(0);
    const lines = plain(r.stdout).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(ids['Lost parcel']);
    expect(lines[0]).toContain('+shipping');
    expect(lines[0]).toMatch(/open\s+1d\s+Bob/); // Bob has waited a day
    expect(lines[2]).toContain('Gift card');
    expect(r.stdout).not.toContain('\t');
  });

  it('prints tab-separated lines when piped', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['list']);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([ids['Lost parcel'], 'open', '2026-11-04T09:00:00.000Z', '2026-11-04T09:00:00.000Z', 'bob@ex.com', 'Bob', '1', 'shipping', 'unread', 'Lost parcel']);
    expect(rows[1].slice(0, 2)).toEqual([ids['Shoes too small'], 'waiting']);
  });

  it('prints the documented JSON array', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['list', '--json', 'customer:anna']);
    const json = JSON.parse(r.stdout);
    expect(json.map((c: { id: string }) => c.id)).toEqual([ids['Shoes too small'], ids['Gift card']]);
    expect(json[0]).toEqual({
      id: ids['Shoes too small'],
      subject: 'Shoes too small',
      customer: { email: 'anna@ex.com', name: 'Anna Virtanen', firstName: 'Anna' },
      status: 'waiting',
      snoozedUntil: null,
      tags: [],
      unread: true,
      messageCount: 2,
      firstMessageAt: '2026-11-02T10:00:00.000Z',
      lastMessageAt: '2026-11-02T11:00:00.000Z',
      waitingSince: null,
      lastRepliedAt: '2026-11-02T11:00:00.000Z',
      statusChangedAt: null,
      hasAttachments: false,
      automated: null,
      bouncedAt: null,
      promise: null,
    });
  });

  it('sorts by longest wait and limits', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['list', '--json', '--sort', 'waiting', '--limit', '1']);
    expect(JSON.parse(r.stdout).map((c: { id: string }) => c.id)).toEqual([ids['Gift card']]);
  });

  it('takes a notmuch-style query without quoting, free text included', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['list', '--json', 'parcel', 'tag:shipping', 'status:open']);
    expect(JSON.parse(r.stdout).map((c: { id: string }) => c.id)).toEqual([ids['Lost parcel']]);
  });

  it('prints [] and exits 0 when nothing matches', async () => {
    const { f } = await seeded();
    const r = await run(f, ['list', '--json', 'tag:nothing']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const text = await run(f, ['list', 'tag:nothing']);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('no conversations match');
  });

  it('points at the bad token of a query and exits 2', async () => {
    const { f } = await seeded();
    const r = await run(f, ['list', 'tag:refund', 'stauts:open'], { tty: true });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('bad query at column 12: unknown field "stauts:"');
    expect(r.stderr).toContain('  tag:refund stauts:open\n             ^');
    const json = await run(f, ['list', '--json', 'stauts:open']);
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'QUERY_INVALID', message: expect.stringContaining('unknown field'), column: 1 } });
  });
});

describe('h2h show', () => {
  it('shows the customer, their history, and every message', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['show', ids['Shoes too small'].slice(0, 4)]);
    expect(r.exitCode).toBe(0);
    const out = plain(r.stdout);
    expect(out).toContain('Anna Virtanen <anna@ex.com> · 2nd conversation, customer since 2026');
    expect(out).toContain(`${ids['Gift card']}  2026-06-01  open    Gift card`);
    expect(out).toContain('Size 38 is too small.');
    expect(out).toContain('I will send size 39.');
    expect(out.indexOf('Size 38')).toBeLessThan(out.indexOf('size 39'));
  });

  it('prints the documented JSON object with messages', async () => {
    const { f, ids } = await seeded();
    const json = JSON.parse((await run(f, ['show', '--json', ids['Shoes too small']])).stdout);
    expect(json).toMatchObject({ id: ids['Shoes too small'], status: 'waiting', customer: { firstName: 'Anna' }, customerDetails: { conversationCount: 2 } });
    expect(json.messages).toHaveLength(2);
    expect(json.messages[0]).toMatchObject({ messageId: '<a1@ex.com>', direction: 'inbound', from: { name: 'Anna Virtanen', email: 'anna@ex.com' }, date: '2026-11-02T10:00:00.000Z', text: 'Size 38 is too small.\n' });
    expect(json.messages[1]).toMatchObject({ messageId: '<a2@shop.example>', direction: 'outbound', inReplyTo: ['<a1@ex.com>'], depth: 1 });
  });

  it('exits 3 with one line for an unknown id, 2 for an ambiguous prefix', async () => {
    const { f } = await seeded();
    const unknown = await run(f, ['show', 'zzzzzzzz']);
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toBe('h2h: no conversation "zzzzzzzz"\n');
    const json = await run(f, ['show', '--json', 'zzzzzzzz']);
    expect(JSON.parse(json.stderr).error.code).toBe('NOT_FOUND');
  });
});

describe('h2h customers', () => {
  it('lists customers with their conversations in all three modes', async () => {
    const { f } = await seeded();
    const json = JSON.parse((await run(f, ['customers', '--json'])).stdout);
    expect(json.map((c: { email: string }) => c.email)).toEqual(['bob@ex.com', 'anna@ex.com']);
    expect(json[1]).toMatchObject({ name: 'Anna Virtanen', firstName: 'Anna', conversationCount: 2, firstContactAt: '2026-06-01T10:00:00.000Z' });
    const piped = (await run(f, ['customers'])).stdout.trimEnd().split('\n');
    expect(piped[1].split('\t').slice(0, 4)).toEqual(['anna@ex.com', 'Anna Virtanen', 'Anna', '2']);
    const table = plain((await run(f, ['customers'], { tty: true })).stdout);
    expect(table).toMatch(/Anna Virtanen\s+anna@ex\.com\s+2/);
  });
});

describe('h2h tag', () => {
  it('adds and removes tags and prints them', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['tag', ids['Lost parcel'], '+urgent', '-shipping', '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: ids['Lost parcel'], ok: true, changed: true, before: ['shipping'], after: ['urgent'] }]);
    expect((await run(f, ['tag', ids['Lost parcel'], 'urgent'])).exitCode).toBe(2);
    expect((await run(f, ['tag', ids['Lost parcel'], '+has space'])).exitCode).toBe(2);
  });
});

describe('h2h import', () => {
  it('refuses to run before the agent’s identity is configured', async () => {
    const f = fixture({});
    const r = await run(f, ['import', '/dev/null']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('run h2h init --name "Your Name" --email you@your-shop.example');
  });

  it('exits 2 for a missing path or a file that is not mail', async () => {
    const f = fixture();
    expect((await run(f, ['import', '/nonexistent/mail.mbox'])).stderr).toBe('h2h: /nonexistent/mail.mbox: no such file or folder\n');
    const notMail = await run(f, ['import', f.configFile]);
    expect(notMail.exitCode).toBe(2);
    expect(notMail.stderr).toContain('not a mail message, mbox or maildir');
  });
});

describe('terminal safety', () => {
  it('never writes escape sequences from mail to the terminal', async () => {
    const f = fixture();
    const s = await servicesFor(f, clock);
    const evil = '\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u001b]0;pwned\u0007\u009b31m';
    await s.importer.import([input(rawMessage({ from: `"Eve${evil}" <eve@ex.com>`, to: shopAddr, subject: `=?utf-8?b?${Buffer.from(`Hi${evil}`).toString('base64')}?=`, id: '<e@ex.com>', body: `body${evil}\u202etxt.exe` }))]);
    const [c] = await s.conversations.list();
    for (const args of [['list'], ['show', c.id], ['customers'], ['show', c.id, '--quotes']]) {
      for (const tty of [true, false]) {
        const r = await run(f, args, { tty });
        const withoutOwnStyling = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
        expect(withoutOwnStyling, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
        // Where the escapes survive parsing (subject, body), they are shown, not hidden.
        if (args[0] !== 'customers') expect(withoutOwnStyling).toContain('␛');
      }
    }
  });
});

describe('h2h itself', () => {
  it('exits 0 for --help and --version and 2 for an unknown option or command', async () => {
    const f = fixture();
    const help = await run(f, ['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: h2h');
    expect((await run(f, ['--version'])).exitCode).toBe(0);
    const unknown = await run(f, ['list', '--frobnicate']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe("h2h: unknown option '--frobnicate'\n");
    const typo = await run(f, ['lsit']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toBe('h2h: unknown command "lsit" (did you mean list?); see h2h --help\n');
  });

  it('names the bad field of a broken config and exits 1', async () => {
    const f = fixture({ agent: { name: 'Riitta', email: 'not-an-address' } });
    const r = await run(f, ['list']);
    expect(r.exitCode).toBe(1);
    const line = /^h2h: .*?:(\d+): /.exec(r.stderr)?.[1];
    expect(r.stderr).toBe(`h2h: ${f.configFile}:${line}: agent.email: "not-an-address" is not an email address\n`);
    // The line named is the one holding the bad value.
    expect(readFileSync(f.configFile, 'utf8').split('\n')[Number(line) - 1]).toContain('not-an-address');
  });
});
