/**
 * `h2h customers merge` and `split` (issue 19): one person with several addresses from the command
 * line, --json, a refusal as one line with exit 2, and the merge `h2h show` and `h2h import` suggest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { plain, runCli } from '../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;
const anna = 'anna@example.fi';
const work = 'anna.k@work.example';

async function shop2() {
  const f = fixture();
  const s = await servicesFor(f);
  await s.importer.import([
    input(rawMessage({ from: `Anna Virtanen <${anna}>`, to: shop, subject: 'Boots', id: '<a1@example.fi>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
    input(rawMessage({ from: `Anna K <${work}>`, to: shop, subject: 'Invoice', id: '<w1@work.example>', date: 'Thu, 05 Nov 2026 09:00:00 +0000' })),
  ]);
  await s.conversations.addCustomerNote(work, 'company: Kauppa Oy');
  await s.store.close();
  return f;
}

describe('h2h customers merge / split', () => {
  it('merges, lists the person once, and splits back, in words and in JSON', async () => {
    const f = await shop2();
    const merged = await runCli(['customers', 'merge', anna, work], { env: f.env });
    expect([merged.exitCode, merged.stdout, merged.stderr]).toEqual([0, `${anna} is one person with ${work}: 2 conversations, 1 note\n`, '']);
    const list = await runCli(['customers', '--json'], { env: f.env });
    const customers = JSON.parse(list.stdout) as { email: string; conversationCount: number; addresses: string[]; lastContactAt: string }[];
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ email: anna, conversationCount: 2, addresses: [work], lastContactAt: '2026-11-05T09:00:00.000Z' });
    const found = await runCli(['list', `customer:${anna}`, '--json'], { env: f.env });
    expect((JSON.parse(found.stdout) as unknown[]).length).toBe(2);

    const split = await runCli(['customers', 'split', work, '--json'], { env: f.env });
    expect([split.exitCode, JSON.parse(split.stdout)]).toEqual([0, { person: work, addresses: [work], conversations: 1, notes: 1 }]);
    const again = await runCli(['customers', '--json', 'merge', anna, work], { env: f.env });
    expect(JSON.parse(again.stdout)).toEqual({ person: anna, addresses: [anna, work], conversations: 2, notes: 1 });
  });

  it.each([
    [['customers', 'merge', anna, anna], `h2h: ${anna} twice`],
    [['customers', 'merge', anna, 'nobody@ex.com'], 'h2h: no customer nobody@ex.com'],
    [['customers', 'split', anna], `h2h: ${anna} is not merged into anyone`],
  ])('refuses %j in one line, exit 2, changing nothing', async (args, start) => {
    const f = await shop2();
    const r = await runCli(args, { env: f.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.startsWith(start)).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const list = JSON.parse((await runCli(['customers', '--json'], { env: f.env })).stdout) as unknown[];
    expect(list).toHaveLength(2);
  });

  it('suggests the merge when a new address replies in a thread: in the import report and in show', async () => {
    const f = fixture();
    const files = [
      rawMessage({ from: `Anna Virtanen <${anna}>`, to: shop, subject: 'Boots', id: '<a1@example.fi>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' }),
      rawMessage({ from: `Anna K <${work}>`, to: shop, subject: 'Re: Boots', id: '<r1@work.example>', irt: '<a1@example.fi>', refs: '<a1@example.fi>', date: 'Tue, 03 Nov 2026 08:00:00 +0000' }),
    ].map((raw, i) => {
      const file = join(f.root, `${i}.eml`);
      writeFileSync(file, raw);
      return file;
    });
    const line = `${work} wrote in this conversation: h2h customers merge ${anna} ${work} makes them one person`;
    const imported = await runCli(['import', ...files], { env: f.env });
    expect(imported.exitCode).toBe(0);
    expect(imported.stderr).toContain(line);
    const id = (JSON.parse((await runCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[])[0].id;
    expect(plain((await runCli(['show', id], { env: f.env })).stdout)).toContain(line);
    expect(JSON.parse((await runCli(['show', id, '--json'], { env: f.env })).stdout).suggestedMerge).toEqual({ address: work, person: anna });
    await runCli(['customers', 'merge', anna, work], { env: f.env });
    expect(JSON.parse((await runCli(['show', id, '--json'], { env: f.env })).stdout).suggestedMerge).toBeNull();
  });
});
