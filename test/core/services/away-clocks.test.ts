/**
 * While the owner is away the waiting clocks pause (issue 19, away.ts `waitedMs`): in the list (TUI
 * and CLI), in the conversation's header (TUI and `h2h show`, which also say how much was away),
 * and in the figures' "waiting now". A clock read later while still away has not moved; back, it
 * runs again from where it stopped. Through the real store and the front ends' own renderers.
 */
import { describe, expect, it } from 'vitest';
import { renderConversationTable } from '../../../src/cli/output/render-table.js';
import { renderDetail } from '../../../src/cli/commands/show.js';
import { conversationLines } from '../../../src/tui/state/conversation-lines.js';
import { rowsOf } from '../../../src/tui/state/list-rows.js';
import { timeColumn } from '../../../src/tui/state/inbox-lines.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const hour = 3_600_000;
const day = 24 * hour;
const start = Date.parse('2026-12-01T09:00:00Z');

async function desk() {
  let now = start;
  const s = await servicesFor(fixture(), { now: () => now });
  // Ben has waited two hours when the owner leaves for five days.
  await s.importer.import([input(rawMessage({ from: 'Ben Smith <ben@example.com>', to: `${agent.name} <${agent.email}>`, subject: 'Boots', id: '<b1@example.com>', date: new Date(start - 2 * hour).toUTCString() }))]);
  await s.away.start(start + 5 * day);
  return { s, at: (ms: number) => (now = start + ms) };
}

/** Every place the wait is shown, read at the clock's now. */
async function shown(s: Awaited<ReturnType<typeof desk>>['s'], now: number) {
  const snapshot = await s.conversations.listSnapshot('', {});
  const [row] = rowsOf(snapshot.items, new Set(), new Set(), snapshot.paused);
  const views = await s.conversations.list('');
  const table = renderConversationTable(views, () => 'Ben Smith', now, 100, s.conversations.pausePeriods());
  const detail = await s.conversations.show(views[0].id);
  const header = conversationLines(detail, { width: 100, showQuotes: false, showHistory: false, now }).map((l) => l.map((p) => p.text).join('')).find((l) => l.includes('waiting'));
  const show = renderDetail(detail, now, false).split('\n').find((l) => l.includes('waiting'));
  return { tui: timeColumn(row, now).text, table: / open +(\S+) /.exec(table)?.[1], header: header?.replace(/^.*waiting /, '').replace(/ {2}.*$/, ''), show: show?.replace(/^.*waiting /, ''), longest: s.stats.stats({ since: now - 7 * day }).waitingNow.longestMs };
}

describe('the waiting clocks while the owner is away', () => {
  it('stand still while she is away, and run again from there once she is back', async () => {
    const { s, at } = await desk();
    // Three days into the absence: still two hours, everywhere.
    at(3 * day);
    expect(await shown(s, start + 3 * day)).toEqual({ tui: '2h', table: '2h', header: '2h (and 3d while you were away)', show: '2h (and 3d while you were away)', longest: 2 * hour });

    // Back a day early; an hour later Ben has waited three hours, four days of it away.
    at(4 * day);
    await s.away.back();
    at(4 * day + hour);
    expect(await shown(s, start + 4 * day + hour)).toEqual({ tui: '3h', table: '3h', header: '3h (and 4d while you were away)', show: '3h (and 4d while you were away)', longest: 3 * hour });
  });
});
