/**
 * Triage from scripts: ids, queries and ids on stdin (also `h2h list --json` piped in a real
 * shell), dry runs, per-id JSON results, the exit code table, and undo.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { h2hBin } from '../helpers/spawn-cli.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor, type Fixture } from '../helpers/store-fixture.js';

const clock = fixedClock('2026-11-05T12:00:00Z');
const shop = `${agent.name} <${agent.email}>`;

async function seeded(): Promise<{ f: Fixture; ids: Record<string, string> }> {
  const f = fixture();
  const s = await servicesFor(f, clock);
  await s.importer.import(
    ['Anna', 'Bob', 'Cem', 'Dana'].map((name, i) => input(rawMessage({ from: `${name} <${name.toLowerCase()}@ex.com>`, to: shop, subject: `Question ${i}`, id: `<q${i}@ex.com>`, date: `Mon, 0${i + 1} Nov 2026 10:00:00 +0000` }))),
  );
  const ids: Record<string, string> = {};
  for (const c of await s.conversations.list()) ids[c.customer.split('@')[0]] = c.id;
  await s.conversations.tag([ids.anna, ids.bob], ['refund'], []);
  return { f, ids };
}

const run = (f: Fixture, args: string[], opts: { tty?: boolean; stdin?: string } = {}) => runCli(args, { env: f.env, clock, ...opts });
const status = async (f: Fixture, query: string) => (JSON.parse((await run(f, ['list', query, '--json'])).stdout) as { id: string }[]).map((c) => c.id).sort();

describe('triage commands', () => {
  it('close what `h2h list --json` prints, piped in a real shell', async () => {
    const { f, ids } = await seeded();
    const out = execFileSync('/bin/sh', ['-c', `"${process.execPath}" "${h2hBin}" list 'tag:refund' --json | "${process.execPath}" "${h2hBin}" close -; echo "exit=$?"`], { env: { PATH: process.env.PATH, HOME: '/nonexistent', ...f.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.trim()).toBe('exit=0');
    expect(await status(f, 'status:closed')).toEqual([ids.anna, ids.bob].sort());
  });

  it('acts on ids, on a query, and on ids one per line on stdin, the same in TTY, piped and --json modes', async () => {
    const { f, ids } = await seeded();
    const tty = await run(f, ['wait', ids.cem], { tty: true });
    expect([tty.exitCode, tty.stdout, tty.stderr]).toEqual([0, '', 'marked waiting 1 conversation (1 changed); h2h undo takes it back\n']);
    const piped = await run(f, ['snooze', 'from:dana', '--until', 'tomorrow 9:00']);
    expect([piped.exitCode, piped.stdout]).toEqual([0, '']);
    const json = await run(f, ['read', '-', '--json'], { stdin: `${ids.anna}\n${ids.bob}\n` });
    expect(JSON.parse(json.stdout)).toEqual([
      { id: ids.anna, ok: true, changed: true, before: 'unread', after: 'read' },
      { id: ids.bob, ok: true, changed: true, before: 'unread', after: 'read' },
    ]);
    expect(await status(f, 'status:waiting')).toEqual([ids.cem]);
    expect(await status(f, 'status:snoozed')).toEqual([ids.dana]);
    expect(await status(f, 'is:unread')).toEqual([ids.cem, ids.dana].sort());
  });

  it('changes nothing on a dry run, and says what would change', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['tag', 'tag:refund', '+urgent', '-refund', '--dry-run', '--json']);
    expect(r.stderr).toBe('dry run: would have tagged 2 conversations (2 would change)\n');
    expect((JSON.parse(r.stdout) as { after: string[] }[]).map((x) => x.after)).toEqual([['urgent'], ['urgent']]);
    expect(await status(f, 'tag:refund')).toEqual([ids.anna, ids.bob].sort());
  });

  it('exits 3 for an unknown id (changing nothing), 5 when only some are unknown, 2 for a bad query or time', async () => {
    const { f, ids } = await seeded();
    const unknown = await run(f, ['close', 'zzzzzzzz', '--json']);
    expect(unknown.exitCode).toBe(3);
    expect(JSON.parse(unknown.stdout)).toEqual([{ id: 'zzzzzzzz', ok: false, error: 'not found' }]);
    const partial = await run(f, ['close', ids.anna, 'zzzzzzzz']);
    expect(partial.exitCode).toBe(5);
    expect(partial.stderr).toContain('(not found: zzzzzzzz)');
    expect((await run(f, ['close', 'tag:refund', 'and', '('])).exitCode).toBe(2);
    expect((await run(f, ['snooze', ids.bob, '--until', 'yesterday'])).exitCode).toBe(2);
    expect((await run(f, ['close', '-'], { stdin: '[{"nope": 1}]' })).exitCode).toBe(2);
    expect(await status(f, 'status:closed')).toEqual([ids.anna]);
  });

  it('undoes the last bulk change', async () => {
    const { f } = await seeded();
    await run(f, ['close', 'from:anna or from:bob']);
    const undone = await run(f, ['undo']);
    expect(undone.stderr).toBe('undone: close 2 conversations (2 conversations restored)\n');
    expect(await status(f, 'status:closed')).toEqual([]);
    // The change before it comes next (the seed's tag), then nothing.
    expect((await run(f, ['undo'])).stderr).toBe('undone: tag +refund on 2 conversations (2 conversations restored)\n');
    expect((await run(f, ['undo'])).stderr).toBe('nothing to undo\n');
  });

  it('keeps notes, from an argument or stdin, on a conversation or about its customer', async () => {
    const { f, ids } = await seeded();
    expect((await run(f, ['note', ids.anna, 'Promised', 'a', 'refund'])).exitCode).toBe(0);
    expect((await run(f, ['note', ids.anna, '--customer', '-'], { stdin: 'Size 38\n' })).exitCode).toBe(0);
    const shown = JSON.parse((await run(f, ['show', ids.anna, '--json'])).stdout) as { notes: { text: string; author: string }[]; customerDetails: { notes: { text: string }[] } };
    expect(shown.notes.map((n) => [n.text, n.author])).toEqual([['Promised a refund', agent.name]]);
    expect(shown.customerDetails.notes.map((n) => n.text)).toEqual(['Size 38']);
  });

  it('lists with a --format template of the --json fields, and refuses an unknown field', async () => {
    const { f, ids } = await seeded();
    const r = await run(f, ['list', 'tag:refund', '--format', '{id}\\t{customer.email}\\t{tags} {{x}}']);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([`${ids.anna}\tanna@ex.com\trefund {x}`, `${ids.bob}\tbob@ex.com\trefund {x}`].sort());
    const bad = await run(f, ['list', '--format', '{nope}']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('no field "nope"');
  });
});

describe('every triage command in TTY, piped and --json modes', () => {
  // Each command with the state it leaves on Anna's conversation (checked through `list --json`).
  const commands: { args: (id: string) => string[]; query: string }[] = [
    { args: (id) => ['tag', id, '+urgent'], query: 'tag:urgent' },
    { args: (id) => ['close', id], query: 'status:closed' },
    { args: (id) => ['wait', id], query: 'status:waiting' },
    { args: (id) => ['snooze', id, '--until', '3d'], query: 'status:snoozed' },
    { args: (id) => ['read', id], query: 'not is:unread' },
    { args: (id) => ['note', id, 'Called her back'], query: '' },
  ];
  const notesOf = async (f: Fixture, id: string) => (JSON.parse((await run(f, ['show', id, '--json'])).stdout) as { notes: { text: string }[] }).notes.map((n) => n.text);
  const modes = [
    { name: 'TTY', tty: true, json: false },
    { name: 'piped', tty: false, json: false },
    { name: '--json', tty: false, json: true },
  ];
  for (const c of commands) {
    for (const mode of modes) {
      it(`${c.args('<id>').join(' ')} (${mode.name}): data only on stdout, one summary line on stderr, the change made`, async () => {
        const { f, ids } = await seeded();
        const r = await run(f, [...c.args(ids.anna), ...(mode.json ? ['--json'] : [])], { tty: mode.tty });
        expect(r.exitCode).toBe(0);
        expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        if (mode.json) expect((JSON.parse(r.stdout) as { id: string; ok: boolean }[]).map((x) => [x.id, x.ok])).toEqual([[ids.anna, true]]);
        else expect(r.stdout).toBe('');
        if (c.query) expect(await status(f, c.query)).toEqual([ids.anna]);
        else expect(await notesOf(f, ids.anna)).toEqual(['Called her back']);
      });
    }
  }

  for (const mode of modes) {
    it(`reopen, unread and undo (${mode.name}) take changes back`, async () => {
      const { f, ids } = await seeded();
      await run(f, ['close', ids.bob]);
      await run(f, ['read', ids.cem]);
      const flag = mode.json ? ['--json'] : [];
      for (const args of [['reopen', ids.bob], ['unread', ids.cem]]) {
        const r = await run(f, [...args, ...flag], { tty: mode.tty });
        expect([r.exitCode, r.stderr.split('\n').filter(Boolean).length]).toEqual([0, 1]);
        if (mode.json) expect((JSON.parse(r.stdout) as { id: string; changed: boolean }[])[0]).toMatchObject({ id: args[1], changed: true });
        else expect(r.stdout).toBe('');
      }
      expect(await status(f, 'status:closed')).toEqual([]);
      expect(await status(f, 'is:unread')).toEqual([ids.anna, ids.bob, ids.cem, ids.dana].sort());
      const undo = await run(f, ['undo', ...flag], { tty: mode.tty });
      expect(undo.exitCode).toBe(0);
      if (mode.json) expect(JSON.parse(undo.stdout)).toMatchObject({ action: 'mark 1 conversation unread', restored: [ids.cem] });
      else expect(undo.stdout).toBe('');
      expect(await status(f, 'is:unread')).toEqual([ids.anna, ids.bob, ids.dana].sort());
    });

    it(`an unknown id (${mode.name}) is one line on stderr${mode.json ? ' as JSON' : ''} and exit 3`, async () => {
      const { f } = await seeded();
      const r = await run(f, ['wait', 'zzzzzzzz', ...(mode.json ? ['--json'] : [])], { tty: mode.tty });
      expect(r.exitCode).toBe(3);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      if (mode.json) expect(JSON.parse(lines[0])).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('not found: zzzzzzzz'), notFound: ['zzzzzzzz'] } });
      else expect(lines[0]).toContain('not found: zzzzzzzz');
    });
  }
});
