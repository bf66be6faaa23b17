/**
 * "How am I doing": reply times, the share answered within a working day, who is waiting now and
 * how much mail came in, computed from conversations the caller has already loaded (machine mail
 * left out by the caller). Pure: the clock comes in as `now`, the schedule as `hours`.
 *
 * A response is a customer message that found the shop not already owing a reply (the first one, or
 * one after the shop wrote), measured to the shop's next message. Follow-ups sent while waiting
 * ("any news?") do not restart the clock: the customer has been waiting since the first one.
 */
import { awayOverlapMs, waitedMs, type AwayPeriod } from '../away.js';
import { workingDayMs, workingMsBetween, type WorkingHours } from './working-hours.js';
import { addDays, dateKey, daysBetween, isoWeekKey, localDateAt } from './zoned-time.js';

export type StatsMessage = { at: number; direction: 'in' | 'out' };
export type StatsConversation = { id: string; messages: StatsMessage[]; waitingSince: number | null };
/** `paused`: the times the owner was away (away.ts): the waiting clocks stop over them. */
export type StatsOptions = { since: number; now: number; hours: WorkingHours; paused?: readonly AwayPeriod[] };

/**
 * Reply times over a period. Both figures are nearest-rank percentiles (the value at rank ⌈p·n⌉ of
 * the sorted times), so each is a reply that really happened; for an even count the median is the
 * lower of the middle two, never an average of two replies.
 */
export type ResponseTimes = { count: number; medianMs: number; p90Ms: number; longestMs: number };

/** Conversations waiting on the shop now, by plain elapsed time since the customer wrote. */
export type WaitingByAge = {
  total: number;
  /** How long the longest-waiting customer has waited; null when nobody waits. */
  longestMs: number | null;
  /** Under 4 h. */
  underFourHours: number;
  /** 4 h up to (not including) 24 h. */
  fourToTwentyFourHours: number;
  /** 1 day up to (not including) 3 days. */
  oneToThreeDays: number;
  /** 3 days or more. */
  overThreeDays: number;
};

export type DayVolume = { date: string; inbound: number; replies: number };
export type WeekVolume = { week: string; inbound: number; replies: number };

export type DeskStats = {
  since: number;
  now: number;
  /** First reply in each conversation whose first customer message falls in the period; null when none. */
  firstResponse: ResponseTimes | null;
  /** Every response (see the module comment) whose customer message falls in the period; null when none. */
  everyResponse: ResponseTimes | null;
  /** Of every response, how many took at most one working day of working time; share null when none. */
  withinWorkingDay: { answered: number; within: number; share: number | null };
  waitingNow: WaitingByAge;
  /** Each local day (hours.timeZone) from since to now, days without mail included. */
  perDay: DayVolume[];
  /** ISO weeks ("2026-W14") of those days; the first and last week count only their days in the period. */
  perWeek: WeekVolume[];
};

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Nearest-rank percentile of ascending values: the value at rank ⌈percent·n/100⌉ (integer maths, no float drift). */
export function nearestRank(sorted: number[], percent: number): number {
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function summarize(times: number[]): ResponseTimes | null {
  if (times.length === 0) return null;
  const sorted = [...times].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: nearestRank(sorted, 50), p90Ms: nearestRank(sorted, 90), longestMs: sorted[sorted.length - 1] };
}

type Response = { askedAt: number; answeredAt: number; first: boolean };

/** The responses of one conversation, in order; messages after `now` are not yet real and are ignored. */
function responsesOf(conversation: StatsConversation, now: number): Response[] {
  const messages = conversation.messages.filter((m) => m.at <= now).sort((a, b) => a.at - b.at);
  const responses: Response[] = [];
  let waitingFrom: number | null = null;
  for (const message of messages) {
    if (message.direction === 'in') {
      waitingFrom ??= message.at;
    } else if (waitingFrom !== null) {
      responses.push({ askedAt: waitingFrom, answeredAt: message.at, first: responses.length === 0 });
      waitingFrom = null;
    }
  }
  return responses;
}

/** Ages with the times away left out: the waiting clocks pause over them, as in the list. */
function waitingByAge(conversations: StatsConversation[], now: number, paused: readonly AwayPeriod[]): WaitingByAge {
  const waiting: WaitingByAge = { total: 0, longestMs: null, underFourHours: 0, fourToTwentyFourHours: 0, oneToThreeDays: 0, overThreeDays: 0 };
  for (const { waitingSince } of conversations) {
    if (waitingSince === null) continue;
    const age = waitedMs(waitingSince, now, paused).waited;
    waiting.total += 1;
    waiting.longestMs = Math.max(waiting.longestMs ?? 0, age);
    if (age < 4 * hourMs) waiting.underFourHours += 1;
    else if (age < dayMs) waiting.fourToTwentyFourHours += 1;
    else if (age < 3 * dayMs) waiting.oneToThreeDays += 1;
    else waiting.overThreeDays += 1;
  }
  return waiting;
}

function volumes(conversations: StatsConversation[], { since, now, hours }: StatsOptions): { perDay: DayVolume[]; perWeek: WeekVolume[] } {
  const first = localDateAt(since, hours.timeZone);
  const dayCount = Math.max(0, daysBetween(first, localDateAt(now, hours.timeZone)) + 1);
  const perDay: DayVolume[] = [];
  const byDate = new Map<string, DayVolume>();
  const weekOf = new Map<string, string>();
  for (let i = 0; i < dayCount; i++) {
    const date = addDays(first, i);
    const day = { date: dateKey(date), inbound: 0, replies: 0 };
    perDay.push(day);
    byDate.set(day.date, day);
    weekOf.set(day.date, isoWeekKey(date));
  }
  for (const conversation of conversations) {
    for (const message of conversation.messages) {
      if (message.at < since || message.at > now) continue;
      const day = byDate.get(dateKey(localDateAt(message.at, hours.timeZone)));
      if (!day) continue;
      if (message.direction === 'in') day.inbound += 1;
      else day.replies += 1;
    }
  }
  const perWeek: WeekVolume[] = [];
  for (const day of perDay) {
    const week = weekOf.get(day.date) as string;
    let last = perWeek[perWeek.length - 1];
    if (last?.week !== week) perWeek.push((last = { week, inbound: 0, replies: 0 }));
    last.inbound += day.inbound;
    last.replies += day.replies;
  }
  return { perDay, perWeek };
}

export function computeDeskStats(conversations: StatsConversation[], options: StatsOptions): DeskStats {
  const { since, now, hours } = options;
  const paused = options.paused ?? [];
  // Working time the owner was away within [from, to): not counted against them.
  const pausedWorking = (from: number, to: number) => paused.reduce((n, p) => n + workingMsBetween(Math.max(from, Date.parse(p.from)), Math.min(to, Date.parse(p.until)), hours), 0);
  const firstTimes: number[] = [];
  const everyTimes: number[] = [];
  let within = 0;
  const oneWorkingDay = workingDayMs(hours);
  for (const conversation of conversations) {
    for (const response of responsesOf(conversation, now)) {
      if (response.askedAt < since) continue;
      const took = response.answeredAt - response.askedAt - awayOverlapMs(response.askedAt, response.answeredAt, paused);
      everyTimes.push(took);
      if (response.first) firstTimes.push(took);
      if (workingMsBetween(response.askedAt, response.answeredAt, hours) - pausedWorking(response.askedAt, response.answeredAt) <= oneWorkingDay) within += 1;
    }
  }
  const answered = everyTimes.length;
  return {
    since,
    now,
    firstResponse: summarize(firstTimes),
    everyResponse: summarize(everyTimes),
    withinWorkingDay: { answered, within, share: answered === 0 ? null : within / answered },
    waitingNow: waitingByAge(conversations, now, paused),
    ...volumes(conversations, options),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "45 min", "2 h 10 min", "1 day 3 h", "under a minute". Under a day it is exact to the minute;
 * from a day on, to the hour, since minutes no longer matter to anyone reading it.
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  if (minutes === 0) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const rest = minutes % 60;
    return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
  }
  const hours = Math.round(ms / hourMs);
  const days = Math.floor(hours / 24);
  return `${plural(days, 'day', 'days')}${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/**
 * A whole percent that never overstates or hides: 99.6 % of answers within a day is "99 %" (not all
 * were), and 0.3 % is "1 %" (some were).
 */
function wholePercent(part: number, whole: number): number {
  const percent = Math.round((part / whole) * 100);
  if (part < whole && percent === 100) return 99;
  if (part > 0 && percent === 0) return 1;
  return percent;
}

function describeTimes(times: ResponseTimes, what: string, theOne: string): string {
  if (times.count === 1) return `${theOne} took ${formatDuration(times.medianMs)}`;
  return `${what} took ${formatDuration(times.medianMs)} (median), ${formatDuration(times.p90Ms)} at most for 9 in 10`;
}

/**
 * The stats in the owner's own words, one plain-text line per point, no colour. `periodLabel`
 * finishes a sentence: "this week", "in the last 4 weeks".
 */
export function describeStats(stats: DeskStats, periodLabel: string): string[] {
  const lines: string[] = [];
  const inbound = stats.perDay.reduce((sum, day) => sum + day.inbound, 0);
  const replies = stats.perDay.reduce((sum, day) => sum + day.replies, 0);
  if (inbound === 0) lines.push(`no customer mail ${periodLabel}`);
  else lines.push(`${plural(inbound, 'customer message', 'customer messages')} ${periodLabel}, ${plural(replies, 'reply', 'replies')} sent`);

  const { answered, within } = stats.withinWorkingDay;
  if (answered > 0) {
    lines.push(`${wholePercent(within, answered)} % answered within a working day ${periodLabel} (${within} of ${answered})`);
  } else if (inbound > 0) {
    lines.push(`nothing answered yet ${periodLabel}`);
  }
  if (stats.firstResponse) lines.push(describeTimes(stats.firstResponse, 'first replies', 'the one first reply'));
  // When every reply was a first reply the two lines would say the same thing: say it once.
  if (stats.everyResponse && stats.everyResponse.count > (stats.firstResponse?.count ?? 0)) {
    lines.push(describeTimes(stats.everyResponse, 'all replies', 'the one reply'));
  }

  const waiting = stats.waitingNow;
  if (waiting.total === 0) lines.push('nobody waiting now');
  else if (waiting.total === 1) lines.push(`1 person waiting now, for ${formatDuration(waiting.longestMs ?? 0)}`);
  else lines.push(`${waiting.total} people waiting now, the longest ${formatDuration(waiting.longestMs ?? 0)}`);
  return lines;
}
