/** `h2h remind` (issue 19): a promise from scripts, shown in lists and in --json, resolved with --done; mistakes refused in one line. */
import { describe, expect, it } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;

async function shop1() {
  const f = fixture();
  const s = await servicesFor(f);
  await s.importer.import([input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Lost parcel', id: '<p1@example.fi>' }))]);
  const [c] = await s.conversations.list('');
  return { f, id: c.id };
}

describe('h2h remind', () => {
  it('makes a promise, lists it with is:promised and in --json, and resolves it with --done', async () => {
    const { f, id } = await shop1();
    const made = await runCli(['remind', id, '--if-no-reply-by', '3d', '--note', 'check with the courier', '--json'], { env: f.env });
    expect(made.exitCode).toBe(0);
    const [result] = JSON.parse(made.stdout);
    expect(result).toMatchObject({ id, ok: true, changed: true, before: null, after: { text: 'check with the courier' } });
    expect(Date.parse(result.after.by) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect(made.stderr).toMatch(/^promised by \d{4}-\d\d-\d\d \d\d:\d\d UTC on 1 conversation \(1 changed\); h2h undo takes it back\n$/);
    const listed = JSON.parse((await runCli(['list', 'is:promised', '--json'], { env: f.env })).stdout);
    expect(listed.map((c: { id: string; promise: unknown }) => [c.id, c.promise])).toEqual([[id, { by: result.after.by, text: 'check with the courier', due: false }]]);
    expect(JSON.parse((await runCli(['list', 'is:due', '--json'], { env: f.env })).stdout)).toEqual([]);
    const table = await runCli(['list'], { env: { ...f.env, NO_COLOR: '1' }, tty: true, columns: 100 });
    expect(table.stdout).toMatch(/open .*⚑ \w{3} \d{1,2} \w{3} Lost parcel/);
    const shown = await runCli(['show', id], { env: f.env });
    expect(shown.stdout).toContain('⚑ promise by ');
    expect(shown.stdout).toContain(': check with the courier');

    const done = await runCli(['remind', id, '--done'], { env: f.env });
    expect([done.exitCode, done.stderr]).toEqual([0, 'resolved the promise on 1 conversation (1 changed); h2h undo takes it back\n']);
    expect(JSON.parse((await runCli(['list', 'is:promised', '--json'], { env: f.env })).stdout)).toEqual([]);
  });

  it.each([
    [['--if-no-reply-by', 'someday'], 'h2h: --if-no-reply-by "someday" is not a time in the future (try "friday 9:00", "3d", "2026-12-24")\n'],
    [['--if-no-reply-by', '2020-01-01'], 'h2h: --if-no-reply-by "2020-01-01" is not a time in the future (try "friday 9:00", "3d", "2026-12-24")\n'],
    [[], 'h2h: give --if-no-reply-by WHEN (a promise) or --done (resolve it)\n'],
    [['--done', '--if-no-reply-by', '3d'], 'h2h: give --if-no-reply-by WHEN (a promise) or --done (resolve it)\n'],
  ])('refuses %j in one line, changing nothing', async (args, stderr) => {
    const { f, id } = await shop1();
    const r = await runCli(['remind', id, ...args], { env: f.env });
    expect([r.exitCode, r.stderr, r.stdout]).toEqual([2, stderr, '']);
    expect(JSON.parse((await runCli(['list', 'is:promised', '--json'], { env: f.env })).stdout)).toEqual([]);
  });
});
