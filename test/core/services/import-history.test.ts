import { describe, expect, it } from 'vitest';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { runCli } from '../../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;
const clock = fixedClock('2026-11-10T12:00:00Z');
const ask = (name: string, date: string, id: string, extra: { irt?: string } = {}) =>
  input(rawMessage({ from: `${name} <${name.toLowerCase()}@ex.com>`, to: shop, subject: `From ${name}`, id, date, ...(extra.irt ? { irt: extra.irt, refs: extra.irt } : {}) }));

describe('importing history', () => {
  it('stores conversations whose newest message is older than history.closeOlderThanDays closed; the customer writing again reopens one', async () => {
    const f = fixture({ agent, history: { closeOlderThanDays: 30 } });
    const s = await servicesFor(f, clock);
    const report = await s.importer.import([
      ask('Old', 'Mon, 02 Jan 2020 10:00:00 +0000', '<old@ex.com>'),
      ask('Month', 'Mon, 05 Oct 2026 10:00:00 +0000', '<month@ex.com>'),
      ask('Recent', 'Sun, 08 Nov 2026 10:00:00 +0000', '<recent@ex.com>'),
    ]);
    expect(report.closedAsHistory).toBe(2);
    const status = async () => Object.fromEntries((await s.conversations.list()).map((c) => [c.customer.split('@')[0], c.status]));
    expect(await status()).toEqual({ old: 'closed', month: 'closed', recent: 'open' });
    expect((await s.conversations.list('status:open')).map((c) => c.customer)).toEqual(['recent@ex.com']);
    // Her answer today, in the same thread: she is waiting again.
    await s.importer.import([ask('Old', 'Tue, 10 Nov 2026 09:00:00 +0000', '<old2@ex.com>', { irt: '<old@ex.com>' })]);
    expect((await status()).old).toBe('open');
    // An old message joining a conversation already stored does not close it (only new conversations are history).
    await s.importer.import([ask('Recent', 'Mon, 02 Jan 2023 10:00:00 +0000', '<recent0@ex.com>', { irt: '<recent@ex.com>' })]);
    expect((await s.conversations.list('customer:recent@ex.com')).map((c) => [c.messageCount, c.status])).toEqual([[2, 'open']]);
  });

  it('keeps every new conversation open with 0, and says what it closed', async () => {
    const off = fixture({ agent, history: { closeOlderThanDays: 0 } });
    const s = await servicesFor(off, clock);
    await s.importer.import([ask('Old', 'Mon, 02 Jan 2020 10:00:00 +0000', '<old@ex.com>')]);
    expect((await s.conversations.list())[0].status).toBe('open');
    // The CLI says how many were closed, and why (by the default of 30 days).
    const on = fixture({ agent, history: { closeOlderThanDays: 30 } });
    const mbox = `${on.root}/old.mbox`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(mbox, `From x Mon Jan  2 10:00:00 2020\n${rawMessage({ from: 'Old <old@ex.com>', to: shop, subject: 'Hello', id: '<o@ex.com>', date: 'Mon, 02 Jan 2020 10:00:00 +0000' }).toString()}\n`);
    const r = await runCli(['import', '--json', mbox], { env: on.env, clock });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 1, conversationsCreated: 1, closedAsHistory: 1 });
    expect(r.stderr).toContain('1 of them closed as history (newest message over 30 days old: config history.closeOlderThanDays)');
  });
});
