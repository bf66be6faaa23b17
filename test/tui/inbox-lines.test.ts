import { describe, expect, it } from 'vitest';
import { inboxHeader, rowLine, saidWhen, timeInWords } from '../../src/tui/state/inbox-lines.js';
import { initialState, type Row } from '../../src/tui/state/app-state.js';
import { appReducer } from '../../src/tui/state/app-reducer.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const row = (extra: Partial<Row>): Row => ({ id: 'a', name: 'Anna', email: 'anna@ex.com', subject: 'Size', tags: [], messageCount: 1, isUnread: false, status: 'open', waitingSince: null, snoozedUntil: null, lastRepliedAt: null, statusChangedAt: null, lastMessageAt: '2026-11-23T10:00:00Z', ...extra });
const text = (spans: { text: string }[]) => spans.map((s) => s.text).join('');

describe('inbox lines', () => {
  it('show when a snoozed conversation wakes, and how long an open one has waited', () => {
    const snoozed = rowLine(row({ status: 'snoozed', snoozedUntil: '2026-11-25T12:00:00Z', waitingSince: '2026-11-20T12:00:00Z' }), { width: 79, now, isCursor: false, isMarked: false });
    expect(text(snoozed).trimEnd()).toMatch(/ →2d$/);
    const open = rowLine(row({ waitingSince: '2026-11-20T12:00:00Z' }), { width: 79, now, isCursor: false, isMarked: false });
    expect(text(open).trimEnd()).toMatch(/ 3d$/);
  });

  it('show when you last replied to a conversation waiting on the customer, and when a closed one was closed', () => {
    const line = (extra: Partial<Row>) => text(rowLine(row(extra), { width: 79, now, isCursor: false, isMarked: false })).trimEnd();
    expect(line({ status: 'waiting', lastRepliedAt: '2026-11-23T10:00:00Z' })).toMatch(/ ↩2h$/);
    expect(line({ status: 'closed', statusChangedAt: '2026-11-20T12:00:00Z', lastRepliedAt: '2026-11-19T12:00:00Z' })).toMatch(/ ✓3d$/);
    // Unknown (closed before h2h kept the time): nothing rather than a wrong date.
    expect(line({ status: 'closed', statusChangedAt: null })).toMatch(/Size\s*$/);
    // Too long for the sign: the age alone, in the column's four places.
    expect(line({ status: 'closed', statusChangedAt: '2025-12-20T12:00:00Z' })).toMatch(/ 11mo$/);
    // The width is the same as any other row's.
    expect(line({ status: 'waiting', lastRepliedAt: '2026-11-23T10:00:00Z' }).length).toBe(line({ waitingSince: '2026-11-20T12:00:00Z' }).length);
  });

  it('say when you replied and when it was closed in words in the Waiting and Closed views, in the width of a row', () => {
    const whole = (extra: Partial<Row>) => text(rowLine(row(extra), { width: 79, now, isCursor: false, isMarked: false, timeInWords: true }));
    const line = (extra: Partial<Row>) => whole(extra).trimEnd();
    expect(line({ status: 'waiting', lastRepliedAt: '2026-11-23T10:00:00Z' })).toMatch(/Size\s+replied 2h ago$/);
    expect(line({ status: 'closed', statusChangedAt: '2026-11-03T12:00:00Z' })).toMatch(/Size\s+closed 3 Nov$/);
    expect(line({ status: 'closed', statusChangedAt: '2025-12-20T12:00:00Z' })).toMatch(/ closed Dec 2025$/);
    // Every row of such a view is as wide as the others, whatever its time says (or none).
    const widths = [{ status: 'waiting' as const, lastRepliedAt: '2026-11-23T11:59:50Z' }, { status: 'closed' as const, statusChangedAt: null }, { waitingSince: '2026-11-20T12:00:00Z' }].map((e) => whole(e).length);
    expect(new Set(widths).size).toBe(1);
    expect(Math.max(...widths)).toBeLessThanOrEqual(79);
  });

  it('say times within the week as an age, older ones as the day, another year\'s as the month', () => {
    expect(saidWhen(now - 20_000, now)).toBe('just now');
    expect(saidWhen(now - 3 * 3_600_000, now)).toBe('3h ago');
    expect(saidWhen(now - 6 * 86_400_000, now)).toBe('6d ago');
    expect(saidWhen(Date.parse('2026-11-03T12:00:00Z'), now)).toBe('3 Nov');
    expect(saidWhen(Date.parse('2025-11-30T12:00:00Z'), now)).toBe('Nov 2025');
  });

  it('use words only in the Waiting and Closed views, and only from an 80-column terminal', () => {
    const at = (columns: number, key: string) => appReducer(initialState({ columns, rows: 24, now, hasAccount: false }), { type: 'key', key });
    expect(timeInWords(at(80, '2'))).toBe(true);
    expect(timeInWords(at(80, '4'))).toBe(true);
    expect(timeInWords(at(80, '1'))).toBe(false);
    expect(timeInWords(at(80, '5'))).toBe(false);
    expect(timeInWords(at(60, '2'))).toBe(false);
  });

  it('mark the active view in the text itself, so it shows with NO_COLOR, in the same width', () => {
    let s = initialState({ columns: 80, rows: 24, now, hasAccount: false });
    const open = text(inboxHeader(s));
    expect(open).toContain('[1 Open]');
    expect(open).toContain(' 2 Waiting ');
    s = appReducer(s, { type: 'key', key: '2' });
    const waiting = text(inboxHeader(s));
    expect(waiting).toContain(' 1 Open ');
    expect(waiting).toContain('[2 Waiting]');
    expect(waiting.length).toBe(open.length);
  });
});

describe('draft marks', () => {
  it('mark a conversation with a saved draft, in the same width', () => {
    const plain = rowLine(row({}), { width: 79, now, isCursor: false, isMarked: false });
    const drafted = rowLine(row({ hasDraft: true }), { width: 79, now, isCursor: false, isMarked: false });
    expect(text(drafted)).toContain('✎ Size');
    expect(text(drafted).length).toBe(text(plain).length);
  });
});
