/**
 * A promise as the lists and the conversation show it (issue 19): "⚑ promised by Fri 11 Dec" once
 * due, "⚑ Fri 11 Dec" before, with what was promised when there is room. Local time: the owner's.
 */
import { safeLine } from './terminal-text.js';

const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

export function promiseDay(byIso: string): string {
  return day.format(new Date(byIso)).replace(',', '');
}

/** The short mark for a list row. */
export function promiseFlag(promise: { by: string; due: boolean }): string {
  return promise.due ? `⚑ promised by ${promiseDay(promise.by)}` : `⚑ ${promiseDay(promise.by)}`;
}

/** The line a conversation shows: when, and what was promised. */
export function promiseLine(promise: { by: string; text: string; due: boolean }): string {
  const what = promise.text ? `: ${safeLine(promise.text)}` : '';
  return promise.due ? `⚑ promised by ${promiseDay(promise.by)}${what} (due: W resolves it)` : `⚑ promise by ${promiseDay(promise.by)}${what}`;
}
