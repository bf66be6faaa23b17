/** What h2h says on opening while the owner is away (cli/output/away-notice.ts): here, on another machine, just back, long back. */
import { describe, expect, it } from 'vitest';
import { awayNotice } from '../../src/cli/output/away-notice.js';
import type { AwayReport } from '../../src/core/services/away-service.js';

const day = 86_400_000;
const now = Date.parse('2026-12-14T09:00:00Z');
const state = { from: '2026-12-07T09:00:00.000Z', until: '2026-12-28T07:00:00.000Z', noticed: ['paivi@example.fi'], node: 'ab12', machine: 'shop-desktop\u001b]52;c;x\u0007' };
const report = (r: Partial<AwayReport>): AwayReport => ({ state, away: true, earlier: [], sendsHere: true, ...r });

describe('the away notice on opening', () => {
  it('counts the notices this machine sent while it sends them', () => {
    expect(awayNotice(report({}), now)).toMatch(/^away until 2026-12-2\d \d\d:\d\d: 1 person got your notice so far \(h2h away --back ends it\)$/);
  });

  it('names the machine that sends them when it is another, with no control character from the shared state', () => {
    const said = awayNotice(report({ sendsHere: false }), now)!;
    expect(said).toMatch(/: your notices go from shop-desktop␛\]52;c;x␇ \(h2h away --back ends it\)$/);
    expect(said).not.toMatch(/[\u0000-\u001f]/);
    expect(awayNotice(report({ sendsHere: false, state: { ...state, machine: undefined } }), now)).toContain('your notices go from your other machine');
  });

  it('points at who wrote meanwhile for two weeks after, then says nothing', () => {
    const back = report({ away: false, state: { ...state, until: '2026-12-10T09:00:00.000Z' } });
    expect(awayNotice(back, now)).toBe('back from away: the while-away view (@while-away) shows who wrote meanwhile; 1 person got your notice');
    expect(awayNotice(back, Date.parse('2026-12-10T09:00:00Z') + 15 * day)).toBeUndefined();
    expect(awayNotice(report({ state: null, away: false }), now)).toBeUndefined();
  });
});
