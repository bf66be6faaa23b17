/**
 * `h2h stats` through the real store: a hand-built week of customer mail and the shop's replies,
 * every figure worked out by hand below (never by the code under test).
 *
 * Working hours Mon–Fri 09:00–17:00 Europe/Helsinki, UTC+2 in November: 07:00Z–15:00Z.
 * Now: Wed 2026-11-11 12:00Z. `--since 1w`: from Wed 2026-11-04 12:00Z.
 *
 * | who     | customer wrote (Z)           | shop answered (Z)  | took   | working time               | within a day |
 * | Anna    | Wed 11-04 13:00 (first)      | Wed 11-04 14:30    | 1 h 30 | 1 h 30                     | yes          |
 * | Anna    | Thu 11-05 08:00              | Fri 11-06 08:00    | 24 h   | Thu 10–17 + Fri 9–10 = 8 h | yes (= 8 h)  |
 * | Bertil  | Fri 11-06 14:00 (first), "any news?" Sat 11-07 10:00 | Mon 11-09 08:00 | 66 h | Fri 16–17 + Mon 9–10 = 2 h | yes |
 * | Carla   | Mon 11-09 07:00 (first)      | Wed 11-11 09:00    | 50 h   | 8 + 8 + 2 = 18 h           | no           |
 * | Gustav  | Tue 11-03 10:00 (before the period) | Wed 11-04 13:30 | not counted: asked before since   |
 * | Dmitri  | Tue 11-10 10:00, waiting     |                    | waits 26 h: 1 to 3 days                      |
 * | Eeva    | Wed 11-11 10:00, waiting     |                    | waits 2 h: under 4 hours                     |
 * | Frank   | Tue 10-20 10:00, waiting     |                    | waits 22 days 2 h (530 h): 3 days or more    |
 * | courier | Tue 11-10 09:00, Auto-Submitted: auto-generated: machine mail, left out |
 *
 * First replies: 1.5 h, 50 h, 66 h → median (rank ⌈1.5⌉ = 2) 50 h, p90 (rank ⌈2.7⌉ = 3) 66 h.
 * Every reply: 1.5 h, 24 h, 50 h, 66 h → median (rank 2) 24 h, p90 (rank ⌈3.6⌉ = 4) 66 h.
 * Within a working day: 3 of 4. Mail per Helsinki day, 11-04 … 11-11, in/replies:
 * 04: 1/2 (Anna; replies to Anna and Gustav), 05: 1/0, 06: 1/1, 07: 1/0, 08: 0/0, 09: 1/1,
 * 10: 1/0 (Dmitri; the courier left out), 11: 1/1 → 7 in, 5 replies; week 45 (04–08) 4/3, week 46 (09–11) 3/2.
 */
import { describe, expect, it } from 'vitest';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { displayWidth } from '../../src/cli/output/terminal-width.js';
import { runCli } from '../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;
const clock = fixedClock('2026-11-11T12:00:00Z');
const workingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Helsinki' };
const hour = 3_600_000;

/** "Wed, 04 Nov 2026 13:00:00 +0000" for an ISO instant. */
const date = (iso: string) => new Date(iso).toUTCString().replace('GMT', '+0000');

type Mail = { who: string; at: string; id: string; irt?: string; out?: boolean; headers?: string };

const customers: Record<string, string> = {
  anna: 'Anna Virtanen <anna@example.fi>',
  bertil: 'Bertil Lund <bertil@example.se>',
  carla: 'Carla Rossi <carla@example.it>',
  gustav: 'Gustav Berg <gustav@example.se>',
  dmitri: 'Dmitri Ivanov <dmitri@example.com>',
  eeva: 'Eeva Mäki <eeva@example.fi>',
  frank: 'Frank Meyer <frank@example.de>',
  courier: 'Parcel Updates <noreply@courier.example>',
};

const mail: Mail[] = [
  { who: 'frank', at: '2026-10-20T10:00:00Z', id: 'f1' },
  { who: 'gustav', at: '2026-11-03T10:00:00Z', id: 'g1' },
  { who: 'gustav', at: '2026-11-04T13:30:00Z', id: 'g2', irt: 'g1', out: true },
  { who: 'anna', at: '2026-11-04T13:00:00Z', id: 'a1' },
  { who: 'anna', at: '2026-11-04T14:30:00Z', id: 'a2', irt: 'a1', out: true },
  { who: 'anna', at: '2026-11-05T08:00:00Z', id: 'a3', irt: 'a2' },
  { who: 'anna', at: '2026-11-06T08:00:00Z', id: 'a4', irt: 'a3', out: true },
  { who: 'bertil', at: '2026-11-06T14:00:00Z', id: 'b1' },
  { who: 'bertil', at: '2026-11-07T10:00:00Z', id: 'b2', irt: 'b1' },
  { who: 'bertil', at: '2026-11-09T08:00:00Z', id: 'b3', irt: 'b2', out: true },
  { who: 'carla', at: '2026-11-09T07:00:00Z', id: 'c1' },
  { who: 'carla', at: '2026-11-11T09:00:00Z', id: 'c2', irt: 'c1', out: true },
  { who: 'dmitri', at: '2026-11-10T10:00:00Z', id: 'd1' },
  { who: 'eeva', at: '2026-11-11T10:00:00Z', id: 'e1' },
  { who: 'courier', at: '2026-11-10T09:00:00Z', id: 'p1', headers: 'Auto-Submitted: auto-generated' },
];

async function shopWeek() {
  const f = fixture({ agent, workingHours });
  const s = await servicesFor(f, clock);
  await s.importer.import(
    mail.map((m) =>
      input(
        rawMessage({
          from: m.out ? shop : customers[m.who],
          to: m.out ? customers[m.who] : shop,
          subject: m.irt ? `Re: order of ${m.who}` : `order of ${m.who}`,
          id: `<${m.id}@test.example>`,
          ...(m.irt ? { irt: `<${m.irt}@test.example>` } : {}),
          date: date(m.at),
          ...(m.headers ? { headers: m.headers } : {}),
        }),
      ),
    ),
  );
  return f;
}

describe('h2h stats', () => {
  it('gives the week\'s figures as JSON, machine mail left out', async () => {
    const f = await shopWeek();
    const r = await runCli(['stats', '--json'], { env: f.env, clock });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const stats = JSON.parse(r.stdout);
    expect(stats.since).toBe('2026-11-04T12:00:00.000Z');
    expect(stats.now).toBe('2026-11-11T12:00:00.000Z');
    expect(stats.workingHours).toEqual(workingHours);
    expect(stats.firstResponse).toEqual({ count: 3, medianMs: 50 * hour, p90Ms: 66 * hour, longestMs: 66 * hour });
    expect(stats.everyResponse).toEqual({ count: 4, medianMs: 24 * hour, p90Ms: 66 * hour, longestMs: 66 * hour });
    expect(stats.withinWorkingDay).toEqual({ answered: 4, within: 3, share: 0.75 });
    expect(stats.waitingNow).toEqual({ total: 3, longestMs: 530 * hour, underFourHours: 1, fourToTwentyFourHours: 0, oneToThreeDays: 1, overThreeDays: 1 });
    expect(stats.perDay.map((d: { date: string; inbound: number; replies: number }) => `${d.date.slice(-2)} ${d.inbound}/${d.replies}`)).toEqual(['04 1/2', '05 1/0', '06 1/1', '07 1/0', '08 0/0', '09 1/1', '10 1/0', '11 1/1']);
    expect(stats.perWeek).toEqual([{ week: '2026-W45', inbound: 4, replies: 3 }, { week: '2026-W46', inbound: 3, replies: 2 }]);
    expect(stats.summary).toEqual([
      '7 customer messages this week, 5 replies sent',
      '75 % answered within a working day this week (3 of 4)',
      'first replies took 2 days 2 h (median), 2 days 18 h at most for 9 in 10',
      'all replies took 1 day (median), 2 days 18 h at most for 9 in 10',
      '3 people waiting now, the longest 22 days 2 h',
    ]);
  });

  it('prints the sentences and charts in plain text within 80 columns', async () => {
    const f = await shopWeek();
    const r = await runCli(['stats'], { env: { ...f.env, NO_COLOR: '1' }, clock, columns: 80, tty: true });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines.slice(0, 9)).toEqual([
      '7 customer messages this week, 5 replies sent',
      '75 % answered within a working day this week (3 of 4)',
      'first replies took 2 days 2 h (median), 2 days 18 h at most for 9 in 10',
      'all replies took 1 day (median), 2 days 18 h at most for 9 in 10',
      '3 people waiting now, the longest 22 days 2 h',
      '',
      'Customer mail per day',
      '████▁███', // one mail each day but the Sunday
      '2026-11-04 to 2026-11-11',
    ]);
    // 80 columns less the label (15), the value (1) and a space each side of the bar: 62 cells for the largest, 4.
    expect(lines.slice(9)).toEqual([
      '',
      'Per week',
      `week 45 mail in ${'█'.repeat(62)} 4`,
      `        replies ${'█'.repeat(46)}▌ 3`, // 3/4 of 62 = 46.5
      `week 46 mail in ${'█'.repeat(46)}▌ 3`,
      `        replies ${'█'.repeat(31)} 2`,
      '',
      'Waiting now, by how long',
      `under 4 hours ${'█'.repeat(64)} 1`, // 80 less 13, 1 and two spaces
      '4 to 24 hours 0',
      `1 to 3 days   ${'█'.repeat(64)} 1`,
      `3 days and up ${'█'.repeat(64)} 1`,
    ]);
    for (const line of lines) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      expect(line).not.toContain('\u001b');
    }
  });

  it('takes the period from --since: weeks back, or a date from midnight where the owner works', async () => {
    const f = await shopWeek();
    // Four weeks back (from 10-14 12:00Z) Gustav's and Frank's mail is in: 7 + 2 in, still 5 replies.
    const weeks = JSON.parse((await runCli(['stats', '--since', '4w', '--json'], { env: f.env, clock })).stdout);
    expect(weeks.summary[0]).toBe('9 customer messages in the last 4 weeks, 5 replies sent');
    // A narrow terminal that is not UTF-8: sentences wrapped (a count in brackets kept whole), charts in ASCII.
    const narrow = await runCli(['stats', '--since', '4w'], { env: { ...f.env, NO_COLOR: '1', LANG: 'C' }, clock, columns: 40 });
    const lines = narrow.stdout.replace(/\n$/, '').split('\n');
    expect(lines.slice(0, 4)).toEqual(['9 customer messages in the last 4 weeks,', '  5 replies sent', '60 % answered within a working day in', '  the last 4 weeks (3 of 5)']);
    for (const line of lines) expect(line, line).toMatch(/^[\x20-\x7e]{0,40}$/);
    // Midnight of 11-09 in Helsinki is 11-08 22:00Z: Carla's question (not answered within a day) is the one response.
    const since = JSON.parse((await runCli(['stats', '--since', '2026-11-09', '--json'], { env: f.env, clock })).stdout);
    expect(since.since).toBe('2026-11-08T22:00:00.000Z');
    expect(since.summary.slice(0, 2)).toEqual(['3 customer messages since 2026-11-09, 2 replies sent', '0 % answered within a working day since 2026-11-09 (0 of 1)']);
  });

  it('refuses a period it cannot read with one line and exit 2', async () => {
    const f = await shopWeek();
    for (const when of ['nonsense', '2026-13-01', '2027-01-01']) {
      const r = await runCli(['stats', '--since', when], { env: f.env, clock });
      expect([r.exitCode, r.stdout, r.stderr.trim().split('\n').length]).toEqual([2, '', 1]);
      expect(r.stderr).toMatch(/^h2h: --since: /);
    }
  });
});
