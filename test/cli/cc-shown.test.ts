/**
 * Cc of customer mail is shown: in `h2h show` (text and JSON) and in the TUI's conversation, where
 * it changes (a customer who keeps her husband in the loop, then drops him); every address whole.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';
import { agent, fixedClock, fixture, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { currentConversationLayout } from '../../src/tui/state/selectors.js';
import { appReducer } from '../../src/tui/state/app-reducer.js';
import { initialState, type ConversationScreen } from '../../src/tui/state/app-state.js';
import { rowsOf } from '../../src/tui/state/list-rows.js';

const shop = `${agent.name} <${agent.email}>`;
const cc = 'Matti Virtanen <matti@ex.com>, "Kauppa, Oy" <orders@kauppa.example>';

async function thread() {
  const f = fixture();
  const files = [
    rawMessage({ from: 'Zoë Ångström <zoe@ex.com>', to: shop, cc, subject: 'Boots', id: '<c1@ex.com>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' }),
    rawMessage({ from: 'Zoë Ångström <zoe@ex.com>', to: shop, cc, subject: 'Re: Boots', id: '<c2@ex.com>', irt: '<c1@ex.com>', date: 'Mon, 02 Nov 2026 11:00:00 +0000' }),
    rawMessage({ from: 'Zoë Ångström <zoe@ex.com>', to: shop, subject: 'Re: Boots', id: '<c3@ex.com>', irt: '<c2@ex.com>', date: 'Mon, 02 Nov 2026 12:00:00 +0000' }),
  ].map((raw, i) => {
    const file = join(f.root, `${i}.eml`);
    writeFileSync(file, raw);
    return file;
  });
  expect((await spawnCli(['import', ...files], { env: f.env })).code).toBe(0);
  const [c] = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
  return { f, id: c.id };
}

describe('Cc', () => {
  it('is in show, as text and JSON', async () => {
    const { f, id } = await thread();
    const text = (await spawnCli(['show', id], { env: { ...f.env, NO_COLOR: '1' } })).stdout;
    expect(text.match(/^Cc: .*$/gm)).toEqual(['Cc: Matti Virtanen <matti@ex.com>, "Kauppa, Oy" <orders@kauppa.example>', 'Cc: Matti Virtanen <matti@ex.com>, "Kauppa, Oy" <orders@kauppa.example>']);
    const json = JSON.parse((await spawnCli(['show', id, '--json'], { env: f.env })).stdout) as { messages: { cc: { email: string }[] }[] };
    expect(json.messages.map((m) => m.cc.map((a) => a.email))).toEqual([['matti@ex.com', 'orders@kauppa.example'], ['matti@ex.com', 'orders@kauppa.example'], []]);
  });

  it('is in the TUI conversation where it changes', async () => {
    const { f, id } = await thread();
    const s = await servicesFor(f, fixedClock('2026-11-03T12:00:00Z'));
    const detail = await s.conversations.show(id);
    let state = initialState({ columns: 100, rows: 40, now: Date.parse('2026-11-03T12:00:00Z'), hasAccount: false });
    state = appReducer(state, { type: 'list-loaded', rows: rowsOf(await s.conversations.listItems('')), tagsInUse: [] });
    state = appReducer(state, { type: 'key', key: 'return' });
    state = appReducer(state, { type: 'detail-loaded', detail });
    // Every message open (the first two were read, so folded to a line each).
    const screen = { ...(state.screen as ConversationScreen), expanded: [0, 1, 2] };
    const lines = currentConversationLayout({ ...state, screen }).lines.map((l) => l.map((x) => x.text).join('').trim());
    expect(lines.filter((l) => l.startsWith('Cc: '))).toEqual(['Cc: Matti Virtanen <matti@ex.com>, "Kauppa, Oy" <orders@kauppa.example>']);
    await s.store.close();
  });
});
