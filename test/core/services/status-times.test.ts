/**
 * The times the views show (issue 15, point 12): when the owner last replied, and when the status
 * was set, by the clock (not by the mail's dates), through the service and the store's list read;
 * and a store made before the column gets it when h2h opens it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/adapters/store/sqlite/open-index.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;

describe('status and reply times', () => {
  it('a close records the clock time; reopening clears it; the last reply is the shop\'s newest message', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const s = await servicesFor(fixture(), { now: () => now });
    await s.importer.import([
      input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>', date: 'Mon, 30 Nov 2026 10:00:00 +0000' })),
      input(rawMessage({ from: shop, to: 'Anna Virtanen <anna@ex.com>', subject: 'Re: Size', id: '<r1@shop.example>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Mon, 30 Nov 2026 15:30:00 +0000' })),
    ]);
    const [c] = await s.conversations.listItems('');
    expect(c.lastRepliedAt).toBe('2026-11-30T15:30:00.000Z');
    expect(c.statusChangedAt).toBeNull();

    now = Date.parse('2026-12-03T08:15:00Z');
    await s.conversations.setStatus([c.id], 'closed');
    const [closed] = await s.conversations.listItems('status:closed');
    // The decision's time, not the newest message's date (which is what status_at keeps).
    expect(closed.statusChangedAt).toBe('2026-12-03T08:15:00.000Z');
    expect((await s.conversations.get(c.id)).statusChangedAt).toBe('2026-12-03T08:15:00.000Z');

    await s.conversations.setStatus([c.id], 'open');
    expect((await s.conversations.listItems(''))[0].statusChangedAt).toBeNull();
  });

  it('history closed at import carries the import\'s time', async () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const s = await servicesFor(fixture({ agent, history: { closeOlderThanDays: 30 } }), { now: () => now });
    await s.importer.import([input(rawMessage({ from: 'Old Customer <old@ex.com>', to: shop, subject: 'Years ago', id: '<o1@ex.com>', date: 'Mon, 02 Mar 2020 10:00:00 +0000' }))]);
    const [c] = await s.conversations.listItems('status:closed');
    expect(c.statusChangedAt).toBe('2026-12-06T12:00:00.000Z');
  });

  it('a store of schema 2 gets the column when h2h opens it, and works on', async () => {
    const f = fixture();
    const file = join(f.dataDir, 'index.sqlite');
    mkdirSync(f.dataDir, { recursive: true, mode: 0o700 });
    const old = new Database(file);
    migrate(old, file, 2);
    const columns = (db: Database.Database) => (db.prepare('PRAGMA table_info(conversations)').all() as { name: string }[]).map((r) => r.name);
    expect(columns(old)).not.toContain('status_changed_at');
    old.close();
    const s = await servicesFor(f, { now: () => Date.parse('2026-12-03T08:15:00Z') });
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>', date: 'Mon, 30 Nov 2026 10:00:00 +0000' }))]);
    const [c] = await s.conversations.listItems('');
    await s.conversations.setStatus([c.id], 'waiting');
    expect((await s.conversations.listItems('status:waiting'))[0].statusChangedAt).toBe('2026-12-03T08:15:00.000Z');
    const reopened = new Database(file, { readonly: true });
    expect(columns(reopened)).toContain('status_changed_at');
    reopened.close();
  });
});
