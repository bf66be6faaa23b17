import { describe, expect, it } from 'vitest';
import {
  computeDeskStats,
  describeStats,
  formatDuration,
  nearestRank,
  type StatsConversation,
} from '../../../../src/core/domain/stats/desk-stats.js';
import type { WorkingHours } from '../../../../src/core/domain/stats/working-hours.js';

const min = 60_000;
const h = 60 * min;
/** Helsinki wall clock with its offset: +02:00 until the clocks go forward on Sun 2026-03-29, +03:00 after. */
const at = (iso: string) => Date.parse(iso);
const inbound = (iso: string) => ({ at: at(iso), direction: 'in' as const });
const outbound = (iso: string) => ({ at: at(iso), direction: 'out' as const });

const hours: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Helsinki' };
/** Mon 2026-03-16 00:00 (ISO week 12) … Wed 2026-04-01 12:00 (week 14, which runs Mar 30 – Apr 5). */
const since = at('2026-03-16T00:00+02:00');
const now = at('2026-04-01T12:00+03:00');

/**
 * Responses by hand (elapsed; working time in Mon–Fri 09–17; within = working ≤ 8 h):
 *   A1 Tue 17 10:00 → 11:30                      1 h 30 min; working 1.5 h   within  first
 *   A2 Tue 17 14:00 (+15:00 follow-up) → Wed 10:00  20 h;    working 3 + 1 h  within
 *   C2 Thu 19 16:30 → 16:45                      15 min;   working 15 min    within   (C's first was before since)
 *   D  Fri 20 16:00 → Mon 23 11:00               67 h;     working 1 + 2 h   within  first  (weekend)
 *   E  Tue 24 10:00 → Thu 26 11:00               49 h;     working 7+8+2 h   NOT     first  (two working days)
 *   F  Fri 27 16:30 (+02) → Mon 30 09:15 (+03)   72 h − 8 h 15 min (Fri 14:30Z → Mon 06:15Z) = 63 h 45 min;
 *                                                working 30 + 15 min          within  first  (over the clock change)
 * Waiting at Wed Apr 1 12:00 (+03):
 *   A  since Apr 1 10:30                1 h 30 min  → under 4 h
 *   B  since Apr 1 01:30 (Mar 31 22:30 UTC)  10 h 30 min → 4–24 h (its reply at 13:00 is after now: ignored)
 *   F  since Mar 31 08:00               28 h        → 1–3 days
 *   G  since Fri Mar 27 10:00 (+02) = 08:00Z; to Apr 1 09:00Z = 5 days 1 h → over 3 days
 */
const conversations: StatsConversation[] = [
  {
    id: 'A',
    messages: [
      inbound('2026-03-17T10:00+02:00'),
      outbound('2026-03-17T11:30+02:00'),
      inbound('2026-03-17T14:00+02:00'),
      inbound('2026-03-17T15:00+02:00'),
      outbound('2026-03-18T10:00+02:00'),
      inbound('2026-04-01T10:30+03:00'),
    ],
    waitingSince: at('2026-04-01T10:30+03:00'),
  },
  {
    id: 'B',
    messages: [inbound('2026-04-01T01:30+03:00'), outbound('2026-04-01T13:00+03:00')],
    waitingSince: at('2026-04-01T01:30+03:00'),
  },
  {
    id: 'C',
    // Listed out of order on purpose: the computation must not rely on input order.
    messages: [outbound('2026-03-16T09:30+02:00'), inbound('2026-03-13T10:00+02:00'), inbound('2026-03-19T16:30+02:00'), outbound('2026-03-19T16:45+02:00')],
    waitingSince: null,
  },
  { id: 'D', messages: [inbound('2026-03-20T16:00+02:00'), outbound('2026-03-23T11:00+02:00')], waitingSince: null },
  { id: 'E', messages: [inbound('2026-03-24T10:00+02:00'), outbound('2026-03-26T11:00+02:00')], waitingSince: null },
  {
    id: 'F',
    messages: [inbound('2026-03-27T16:30+02:00'), outbound('2026-03-30T09:15+03:00'), inbound('2026-03-31T08:00+03:00')],
    waitingSince: at('2026-03-31T08:00+03:00'),
  },
  { id: 'G', messages: [inbound('2026-03-27T10:00+02:00')], waitingSince: at('2026-03-27T10:00+02:00') },
];

describe('computeDeskStats on a hand-computed fortnight in Helsinki', () => {
  const stats = computeDeskStats(conversations, { since, now, hours });

  it('first replies: A1, D, E, F (C started before the period)', () => {
    // sorted: 1 h 30 min, 49 h, 63 h 45 min, 67 h (n = 4)
    // median: rank ⌈0.5·4⌉ = 2 → 49 h (the lower middle; a mean of the middle two would be 56 h 22.5 min)
    // p90:    rank ⌈0.9·4⌉ = 4 → 67 h
    expect(stats.firstResponse).toEqual({ count: 4, medianMs: 49 * h, p90Ms: 67 * h, longestMs: 67 * h });
  });

  it('every reply: A1, A2, C2, D, E, F', () => {
    // sorted: 15 min, 1 h 30 min, 20 h, 49 h, 63 h 45 min, 67 h (n = 6)
    // median: rank ⌈0.5·6⌉ = 3 → 20 h; p90: rank ⌈0.9·6⌉ = ⌈5.4⌉ = 6 → 67 h
    expect(stats.everyResponse).toEqual({ count: 6, medianMs: 20 * h, p90Ms: 67 * h, longestMs: 67 * h });
  });

  it('within a working day: all but E, 5 of 6', () => {
    expect(stats.withinWorkingDay).toEqual({ answered: 6, within: 5, share: 5 / 6 });
  });

  it('waiting now, by plain elapsed time', () => {
    expect(stats.waitingNow).toEqual({
      total: 4,
      longestMs: 5 * 24 * h + 1 * h,
      underFourHours: 1,
      fourToTwentyFourHours: 1,
      oneToThreeDays: 1,
      overThreeDays: 1,
    });
  });

  it('counts mail per Helsinki day, every day of the period, quiet days as zeros', () => {
    // inbound: 17th A×3; 19th C; 20th D; 24th E; 27th F, G; 31st F; 1st B (01:30 local, still Mar 31 in UTC), A.
    // replies: 16th C; 17th A; 18th A; 19th C; 23rd D; 26th E; 30th F. C's Mar 13 question and B's 13:00 reply are outside.
    const z = (date: string) => ({ date, inbound: 0, replies: 0 });
    expect(stats.perDay).toEqual([
      { date: '2026-03-16', inbound: 0, replies: 1 },
      { date: '2026-03-17', inbound: 3, replies: 1 },
      { date: '2026-03-18', inbound: 0, replies: 1 },
      { date: '2026-03-19', inbound: 1, replies: 1 },
      { date: '2026-03-20', inbound: 1, replies: 0 },
      z('2026-03-21'),
      z('2026-03-22'),
      { date: '2026-03-23', inbound: 0, replies: 1 },
      { date: '2026-03-24', inbound: 1, replies: 0 },
      z('2026-03-25'),
      { date: '2026-03-26', inbound: 0, replies: 1 },
      { date: '2026-03-27', inbound: 2, replies: 0 },
      z('2026-03-28'),
      z('2026-03-29'),
      { date: '2026-03-30', inbound: 0, replies: 1 },
      { date: '2026-03-31', inbound: 1, replies: 0 },
      { date: '2026-04-01', inbound: 2, replies: 0 },
    ]);
  });

  it('sums days into ISO weeks, the last one crossing into April', () => {
    // W12 = Mar 16–22: in 3+1+1, replies 16,17,18,19; W13 = Mar 23–29: in 1+2, replies 23,26;
    // W14 = Mar 30 – Apr 5 (in the period up to Apr 1): in 1+2, reply 30.
    expect(stats.perWeek).toEqual([
      { week: '2026-W12', inbound: 5, replies: 4 },
      { week: '2026-W13', inbound: 3, replies: 2 },
      { week: '2026-W14', inbound: 3, replies: 1 },
    ]);
  });

  it('says it in the owner’s words', () => {
    // 11 inbound, 7 replies; 5/6 = 83.3 %; 49 h = 2 days 1 h; 67 h = 2 days 19 h; 121 h = 5 days 1 h
    expect(describeStats(stats, 'in the last two weeks')).toEqual([
      '11 customer messages in the last two weeks, 7 replies sent',
      '83 % answered within a working day in the last two weeks (5 of 6)',
      'first replies took 2 days 1 h (median), 2 days 19 h at most for 9 in 10',
      'all replies took 20 h (median), 2 days 19 h at most for 9 in 10',
      '4 people waiting now, the longest 5 days 1 h',
    ]);
  });
});

describe('computeDeskStats at the edges', () => {
  const week = { since: at('2026-03-16T00:00+02:00'), now: at('2026-03-20T12:00+02:00'), hours };

  it('an empty desk: no numbers, five quiet days', () => {
    const stats = computeDeskStats([], week);
    expect(stats.firstResponse).toBeNull();
    expect(stats.everyResponse).toBeNull();
    expect(stats.withinWorkingDay).toEqual({ answered: 0, within: 0, share: null });
    expect(stats.waitingNow.longestMs).toBeNull();
    expect(stats.perDay.map((d) => d.date)).toEqual(['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']);
    expect(stats.perWeek).toEqual([{ week: '2026-W12', inbound: 0, replies: 0 }]);
    expect(describeStats(stats, 'this week')).toEqual(['no customer mail this week', 'nobody waiting now']);
  });

  it('one reply, one person waiting', () => {
    const stats = computeDeskStats(
      [
        { id: 'x', messages: [inbound('2026-03-17T10:00+02:00'), outbound('2026-03-17T10:45+02:00')], waitingSince: null },
        { id: 'y', messages: [inbound('2026-03-20T09:00+02:00')], waitingSince: at('2026-03-20T09:00+02:00') },
      ],
      week,
    );
    // 45 min reply; y waits 09:00 → 12:00 = 3 h
    expect(describeStats(stats, 'this week')).toEqual([
      '2 customer messages this week, 1 reply sent',
      '100 % answered within a working day this week (1 of 1)',
      'the one first reply took 45 min',
      '1 person waiting now, for 3 h',
    ]);
  });

  it('mail but nothing answered yet', () => {
    const stats = computeDeskStats([{ id: 'y', messages: [inbound('2026-03-20T09:00+02:00')], waitingSince: at('2026-03-20T09:00+02:00') }], week);
    expect(describeStats(stats, 'this week')).toEqual(['1 customer message this week, 0 replies sent', 'nothing answered yet this week', '1 person waiting now, for 3 h']);
  });

  it('only a later exchange counts when the conversation began before the period', () => {
    const stats = computeDeskStats(
      [{ id: 'old', messages: [inbound('2026-03-10T10:00+02:00'), outbound('2026-03-10T11:00+02:00'), inbound('2026-03-18T10:00+02:00'), outbound('2026-03-18T10:05+02:00')], waitingSince: null }],
      week,
    );
    expect(stats.firstResponse).toBeNull();
    expect(stats.everyResponse).toEqual({ count: 1, medianMs: 5 * min, p90Ms: 5 * min, longestMs: 5 * min });
    expect(describeStats(stats, 'this week')).toContain('the one reply took 5 min');
  });

  it('never rounds a near-miss up to 100 %', () => {
    // 199 quick replies and 1 slow one: 99.5 % would round to 100 %
    const quick = Array.from({ length: 199 }, (_, i): StatsConversation => ({
      id: `q${i}`,
      messages: [inbound('2026-03-17T10:00+02:00'), outbound('2026-03-17T10:30+02:00')],
      waitingSince: null,
    }));
    const slow: StatsConversation = { id: 's', messages: [inbound('2026-03-16T10:00+02:00'), outbound('2026-03-19T10:00+02:00')], waitingSince: null };
    const lines = describeStats(computeDeskStats([...quick, slow], week), 'this week');
    expect(lines[1]).toBe('99 % answered within a working day this week (199 of 200)');
  });
});

describe('nearestRank', () => {
  it('takes the value at rank ⌈p·n/100⌉', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(ten, 90)).toBe(9); // rank 9
    expect(nearestRank(ten, 50)).toBe(5); // rank 5: the lower middle of an even count
    expect(nearestRank([10, 20, 30, 40], 50)).toBe(20); // not 25
    expect(nearestRank([10, 20, 30], 50)).toBe(20); // rank ⌈1.5⌉ = 2
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank(Array.from({ length: 30 }, (_, i) => i + 1), 90)).toBe(27); // 0.9·30 without float drift
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 'under a minute'],
    [29_000, 'under a minute'],
    [45 * min, '45 min'],
    [2 * h + 10 * min, '2 h 10 min'],
    [2 * h, '2 h'],
    [23 * h + 59 * min + 40_000, '1 day'],
    [27 * h + 20 * min, '1 day 3 h'],
    [48 * h, '2 days'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('the waiting clocks pause while the owner is away', () => {
  // Asked Mon 16 Mar 10:00 Helsinki (08:00Z), answered Wed 18 Mar 10:00 (08:00Z): 48 h, 16 working
  // hours (Mon 10–17 is 7, Tue 8, Wed 9–10 is 1). Away from Mon 12:00 to Wed 08:00 Helsinki
  // (10:00Z to 06:00Z): 44 h, of which 13 working (Mon 12–17 is 5, Tue 8). Paused: 4 h, 3 working.
  const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Helsinki' };
  const conversation = { id: 'c', waitingSince: null, messages: [{ at: Date.parse('2026-03-16T08:00:00Z'), direction: 'in' as const }, { at: Date.parse('2026-03-18T08:00:00Z'), direction: 'out' as const }] };
  const options = { since: Date.parse('2026-03-15T00:00:00Z'), now: Date.parse('2026-03-20T00:00:00Z'), hours };
  it('takes the time away out of reply times and out of "within a working day"', () => {
    const without = computeDeskStats([conversation], options);
    expect([without.firstResponse?.medianMs, without.withinWorkingDay.within]).toEqual([48 * 3_600_000, 0]);
    const paused = computeDeskStats([conversation], { ...options, paused: [{ from: '2026-03-16T10:00:00.000Z', until: '2026-03-18T06:00:00.000Z' }] });
    expect([paused.firstResponse?.medianMs, paused.withinWorkingDay.within]).toEqual([4 * 3_600_000, 1]);
  });
});
