/**
 * How one decision changes a conversation's state, whoever decides (the owner in h2h, a rule):
 * status dated by the conversation's newest message (later customer mail reopens) and by the clock
 * ("closed on 3 Dec"); read up to the newest message.
 */
import { changeTags, type ConversationRecord, type ConversationState, type ConversationStatus } from './conversation.js';

/** A tag as the owner writes it: one word of up to 64 characters, no control or invisible characters, not starting with + or - (those mean add and remove). */
export const isTagWord = (tag: string): boolean => /^[^\s+\-\p{C}][^\s\p{C}]{0,63}$/u.test(tag);

const later = (a: string | undefined, b: string) => a === undefined || Date.parse(a) < Date.parse(b);

export function setStatusOn(s: ConversationState, record: ConversationRecord, status: ConversationStatus, nowIso: string, snoozedUntil?: number): void {
  s.status = status;
  delete s.statusSeq;
  s.statusAt = record.lastAt;
  s.statusChangedAt = nowIso;
  if (status === 'snoozed') s.snoozedUntil = new Date(snoozedUntil!).toISOString();
  else delete s.snoozedUntil;
  // A promise whose time has come is dealt with when the owner decides on its conversation (a
  // reply sent, a close): it does not hold the conversation open for ever. One not yet due stays,
  // so closing after the customer's "thanks!" still brings it back on the day.
  if (s.promise && Date.parse(s.promise.by) <= Date.parse(nowIso)) delete s.promise;
}

/** What a promise may say: one line, no control characters, at most 200 characters. */
export function promiseText(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u202A-\u202E\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export function setPromiseOn(s: ConversationState, promise: ConversationState['promise'] | null): void {
  if (promise) s.promise = promise;
  else delete s.promise;
}

export function setReadOn(s: ConversationState, record: ConversationRecord, read: boolean): void {
  if (read) {
    delete s.readSeq;
    if (later(s.readAt, record.lastAt)) s.readAt = record.lastAt;
    delete s.markedUnread;
  } else s.markedUnread = true;
}

export function setTagsOn(s: ConversationState, add: string[], remove: string[]): string[] {
  s.tags = changeTags(s.tags ?? [], add, remove);
  if (s.tags.length === 0) delete s.tags;
  return s.tags ?? [];
}
