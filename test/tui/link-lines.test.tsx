/**
 * Links in mail as OSC 8 hyperlinks, when the owner turns them on (config tui.hyperlinks): whole
 * however they wrap, only for http, https and mailto addresses of safe characters, and never
 * without the setting (a terminal that does not know OSC 8 would print its bytes).
 */
import chalk from 'chalk';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { parseConfig } from '../../src/app/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { linkedLines, linkOf } from '../../src/tui/state/link-lines.js';
import { toAnsi } from '../../src/tui/components/styled-line.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

const long = `https://tracking.example.com/parcel/${'a1b2c3d4'.repeat(20)}?lang=fi`;

describe('links in mail', () => {
  it('are http, https and mailto addresses of URL characters, without the prose around them', () => {
    expect(linkOf('https://shop.example/orders/123?x=1.')).toBe('https://shop.example/orders/123?x=1');
    expect(linkOf('(mailto:anna@ex.com)')).toBe('mailto:anna@ex.com');
    for (const word of ['javascript:alert(1)', 'file:///etc/passwd', 'https://evil.example/␛]0;x␇', 'https://ex.com/"onclick', 'shop.example']) expect(linkOf(word), word).toBeNull();
  });

  it('wrap at spaces; a URL longer than the line goes in pieces on lines of their own, each opening the whole URL', () => {
    const lines = linkedLines(`Track it here: ${long} — thanks!`, 60);
    const pieces = lines.flatMap((l) => l.filter((s) => s.link)).map((s) => s.text);
    expect(pieces.join('')).toBe(long);
    for (const l of lines) for (const s of l) if (s.link) expect(s.link).toBe(long);
    for (const l of lines.filter((l) => l.some((s) => s.link))) expect(l.every((s) => s.link)).toBe(true);
    for (const l of lines) expect(l.map((s) => s.text).join('').length).toBeLessThanOrEqual(60);
    expect(lines[0].map((s) => s.text).join('')).toBe('Track it here:');
    expect(toAnsi(lines[1])).toBe(`\x1b]8;;${long}\x07${long.slice(0, 60)}\x1b]8;;\x07`);
  });

  it('are clickable in the TUI only with tui.hyperlinks on', async () => {
    const level = chalk.level;
    chalk.level = 0;
    onTestFinished(() => void (chalk.level = level));
    const s = await servicesFor(fixture(), fixedClock('2026-12-06T12:00:00Z'));
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Tracking', id: '<a1@ex.com>', body: `The courier says: ${long}` }))]);
    for (const hyperlinks of [true, false]) {
      const t = renderTui({ conversations: s.conversations, sync: null, clock: fixedClock('2026-12-06T12:00:00Z'), hyperlinks }, { columns: 100, rows: 30 });
      await t.waitFor('Tracking');
      t.press(keys.enter);
      await t.waitFor('The courier says:');
      if (hyperlinks) expect(t.raw()).toContain(`\x1b]8;;${long}\x07`);
      else expect(t.raw()).not.toContain('\x1b]8;;');
      t.unmount();
    }
  });

  it('tui.hyperlinks must be true or false', () => {
    expect(parseConfig({ agent, tui: { hyperlinks: true } }).tui).toEqual({ hyperlinks: true });
    expect(parseConfig({ agent }).tui).toEqual({ hyperlinks: false });
    expect(() => parseConfig({ agent, tui: { hyperlinks: 'yes' } })).toThrow(ConfigError);
  });
});
