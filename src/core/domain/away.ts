/**
 * Away (issue 19): while the owner is away, each person who writes gets one personal notice, in
 * their language, signed by the owner: greeting, when the owner is back, sign-off and signature.
 * Never a machine, never the same person twice in one absence. The times away are kept, so the
 * waiting clocks of the owner's figures pause over them and "while you were away" can be shown.
 */
import type { AwayDecision } from './shared-state/shared-state.js';

export type AwayPeriod = { from: string; until: string };

/**
 * The owner's absence now or last: `message`, their own words (else the language's below);
 * `noticed`, who got a notice from this machine; `node`, the machine told (its `machine` name), the
 * one that sends the notices (absent in a store from before the absence was shared: this one).
 */
export type AwayState = AwayPeriod & {
  message?: string;
  noticed: string[];
  node?: string;
  machine?: string;
  /** On a machine that does not send the notices: when it first saw each person wait for one (it takes over after a while). */
  seen?: Record<string, string>;
};

// What the owner's words for the notice and a machine's name may not hold: control characters and
// bidi overrides (the words keep their line breaks). Cleaned where they are made, checked where
// another machine's are read (state-message.ts): one rule for both.
const notInWords = '\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';
const notInName = '\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';
export const maxAwayWords = 2000;
export const maxMachineName = 64;

export const withoutAwayControls = (words: string) => words.replace(new RegExp(`[${notInWords}]`, 'g'), '');
export const isCleanAwayWords = (words: string) => words.length <= maxAwayWords && !new RegExp(`[${notInWords}]`).test(words);
export const plainMachineName = (name: string) => name.replace(new RegExp(`[${notInName}]`, 'g'), '').slice(0, maxMachineName);
export const isPlainMachineName = (name: string) => name.length <= maxMachineName && !new RegExp(`[${notInName}]`).test(name);

/** How long a machine that was not told waits for the one that was before it sends a notice itself (that one may be off). */
export const awayTakeOverMs = 60 * 60_000;

/** What of an absence is shared between the owner's machines: all but who got a notice. */
export function sharedAway(state: AwayState): AwayDecision {
  if (!state.node) return null;
  return { from: state.from, until: state.until, ...(state.message !== undefined ? { message: state.message } : {}), node: state.node, ...(state.machine !== undefined ? { machine: state.machine } : {}) };
}

/** "I am away until {until}": what the notice says between greeting and sign-off, per language. */
export const defaultAwayTexts: Record<string, string> = {
  en: 'Thank you for your message. I am away until {until} and will answer you myself as soon as I am back.',
  fi: 'Kiitos viestistäsi. Olen poissa {until} asti ja vastaan sinulle itse heti palattuani.',
  sv: 'Tack för ditt meddelande. Jag är borta till och med {until} och svarar dig själv så snart jag är tillbaka.',
  nl: 'Dank je voor je bericht. Ik ben weg tot {until} en antwoord je zelf zodra ik terug ben.',
  de: 'Danke für Ihre Nachricht. Ich bin bis {until} nicht da und antworte Ihnen selbst, sobald ich zurück bin.',
  fr: 'Merci pour votre message. Je suis absente jusqu’au {until} et je vous répondrai moi-même dès mon retour.',
  es: 'Gracias por tu mensaje. Estoy fuera hasta el {until} y te responderé yo misma en cuanto vuelva.',
  it: 'Grazie per il tuo messaggio. Sono assente fino al {until} e ti risponderò io stessa appena torno.',
  ja: 'ご連絡ありがとうございます。{until}まで不在にしております。戻り次第、私からご返信いたします。',
  ko: '메시지 감사합니다. {until}까지 자리를 비웁니다. 돌아오는 대로 직접 답장드리겠습니다.',
  zh: '感谢您的来信。我将离开至{until}，回来后会亲自回复您。',
};

/** The day the owner is back, as the customer's language writes a date ("perjantaihin 11. joulukuuta" reads as "11. joulukuuta"). */
export function awayUntilText(untilIso: string, language: string | null, timeZone?: string): string {
  const lang = language && defaultAwayTexts[language] ? language : 'en';
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', ...(timeZone ? { timeZone } : {}) };
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, options).format(new Date(untilIso));
}

/** The notice's words: the owner's own (`{until}` filled in), else the language's, else English's. */
export function awayText(state: Pick<AwayState, 'until' | 'message'>, language: string | null, timeZone?: string): string {
  const template = state.message ?? defaultAwayTexts[language ?? 'en'] ?? defaultAwayTexts.en;
  return template.replaceAll('{until}', awayUntilText(state.until, state.message ? null : language, timeZone));
}

export function isAwayNow(state: AwayPeriod | null | undefined, now: number): boolean {
  return !!state && Date.parse(state.from) <= now && now < Date.parse(state.until);
}

/** How much of [from, to) falls inside the times away: the waiting clocks pause over them. */
export function awayOverlapMs(from: number, to: number, periods: readonly AwayPeriod[]): number {
  let total = 0;
  for (const p of periods) total += Math.max(0, Math.min(to, Date.parse(p.until)) - Math.max(from, Date.parse(p.from)));
  return total;
}

/** The times away a waiting clock pauses over: the earlier ones and the one now or last (not cut at now: a clock read later stays paused). */
export function pausePeriods(away: { current: AwayPeriod | null; earlier: readonly AwayPeriod[] }): AwayPeriod[] {
  const all = [...away.earlier, ...(away.current ? [{ from: away.current.from, until: away.current.until }] : [])];
  return all.filter((p) => p.from < p.until);
}

/** How long someone has waited from `since` to `now` with the times away left out, and how much of it was away (ms). */
export function waitedMs(since: number, now: number, periods: readonly AwayPeriod[]): { waited: number; away: number } {
  const away = awayOverlapMs(since, now, periods);
  return { waited: Math.max(0, now - since - away), away };
}
