/**
 * One message of the state log on the mail server: a small RFC 5322 message other mail clients
 * can show without harm (a plain subject, `\Seen`, in a folder of its own) whose body is a shared
 * state as JSON (base64, 7-bit safe on every server). Read back from a server that may be hostile:
 * bounded, and every field checked, so a damaged or forged message is skipped, never half-merged.
 */
import { conversationStatuses } from '../conversation.js';
import { isTagWord } from '../decision-changes.js';
import { parseHlc } from './hlc.js';
import { isEmailAddress } from '../address.js';
import type { NoteVersion, SharedState, Stamped } from './shared-state.js';
import { isCleanAwayWords, isPlainMachineName } from '../away.js';

export const stateHeader = 'X-H2H-State';
/** A state message larger than this is not read (compaction keeps them far smaller). */
export const maxStateMessageBytes = 32 * 1024 * 1024;
const maxText = 64 * 1024;

export function stateMessage(state: SharedState, o: { node: string; stamp: string; date: Date }): Uint8Array {
  const body = Buffer.from(JSON.stringify(state), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  const head = [
    'From: h2h <state@h2h.invalid>',
    'To: h2h <state@h2h.invalid>',
    `Subject: h2h: the desk's decisions, from machine ${o.node}`,
    `Date: ${o.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${o.stamp}.${o.node}@h2h.invalid>`,
    'MIME-Version: 1.0',
    `${stateHeader}: 1`,
    `X-H2H-Node: ${o.node}`,
    'Content-Type: application/json; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}\r\n`, 'latin1');
}

/** The state a log message holds; null for anything else (another client's message, damage, a forgery). */
export function readStateMessage(raw: Uint8Array): SharedState | null {
  if (raw.byteLength > maxStateMessageBytes) return null;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  if (end < 0) return null;
  if (!new RegExp(`^${stateHeader}:[ \\t]*1[ \\t]*$`, 'im').test(text.slice(0, end))) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(text.slice(end).replace(/\s+/g, ''), 'base64').toString('utf8'));
  } catch {
    return null;
  }
  return validState(doc) ? doc : null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStamp = (v: unknown) => typeof v === 'string' && parseHlc(v) !== null;
const isText = (v: unknown, max = 1024) => typeof v === 'string' && v.length <= max;
const optText = (v: unknown) => v === undefined || isText(v);
const stamped = (v: unknown, value: (x: unknown) => boolean): v is Stamped<unknown> => isObj(v) && isStamp(v.at) && value(v.v);
const each = (v: unknown, ok: (x: unknown) => boolean) => v === undefined || (isObj(v) && Object.entries(v).every(([k, x]) => k.length <= 1024 && ok(x)));

function validNotes(v: unknown): boolean {
  return each(v, (versions) => Array.isArray(versions) && versions.length <= 10_000 && versions.every((n: unknown) => isObj(n) && isStamp(n.at) && (n.text === null || isText(n.text, maxText)) && isText(n.written) && optText((n as NoteVersion).author)));
}

const isNat = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const list = (v: unknown, max: number, ok: (x: unknown) => boolean) => Array.isArray(v) && v.length <= max && v.every(ok);
const address = (a: unknown) => isObj(a) && isText(a.name) && isText(a.email);

/** A draft's fields, each bounded: a forged one is skipped whole. */
function validDraft(d: unknown): boolean {
  if (d === null) return true;
  if (!isObj(d) || !isText(d.text, maxText) || !isText(d.updatedAt)) return false;
  if (d.kind !== undefined && d.kind !== 'new' && d.kind !== 'forward') return false;
  if (![d.anchor, d.subject, d.from, d.base, d.queued].every(optText)) return false;
  if (d.forwards !== undefined && !(isObj(d.forwards) && isText(d.forwards.messageId) && (d.forwards.as === undefined || d.forwards.as === 'inline' || d.forwards.as === 'attachment'))) return false;
  const r = d.recipients;
  if (r !== undefined && !(isObj(r) && list(r.to, 100, address) && list(r.cc, 100, address) && list(r.bcc, 100, address))) return false;
  return d.attachments === undefined || list(d.attachments, 100, (a) => isObj(a) && isText(a.name) && isNat(a.size) && typeof a.hash === 'string' && /^[0-9a-f]{64}$/.test(a.hash));
}

function validDrafts(v: unknown): boolean {
  return each(v, (versions) => list(versions, 10_000, (x) => isObj(x) && isStamp(x.at) && list(x.after, 100, isStamp) && (x.draft === undefined || validDraft(x.draft))));
}

// A merge names the person by a plain address, bounded: nothing else is taken into customer_addresses.
const sameAsOk = (v: unknown) => v === null || (isText(v, 320) && isEmailAddress(v as string) && !/[\u0000-\u001f\u007f-\u009f]/.test(v as string));

function validState(doc: unknown): doc is SharedState {
  if (!isObj(doc) || !isObj(doc.conversations) || !isObj(doc.customers) || !isObj(doc.senders)) return false;
  const conversationOk = (c: unknown) =>
    isObj(c) &&
    (c.status === undefined || stamped(c.status, (s) => isObj(s) && (conversationStatuses as readonly unknown[]).includes(s.status) && optText(s.snoozedUntil) && optText(s.statusAt) && optText(s.changedAt))) &&
    (c.promise === undefined || stamped(c.promise, (p) => p === null || (isObj(p) && isText(p.by) && !Number.isNaN(Date.parse(p.by as string)) && typeof p.text === 'string' && (p.text as string).length <= 500 && !/[\u0000-\u001f\u007f-\u009f]/.test(p.text as string) && isText(p.at)))) &&
    (c.read === undefined || stamped(c.read, (r) => isObj(r) && optText(r.readAt) && (r.unread === undefined || typeof r.unread === 'boolean'))) &&
    each(c.tags, (t) => stamped(t, (x) => typeof x === 'boolean')) &&
    (c.tags === undefined || Object.keys(c.tags as object).every(isTagWord)) &&
    validNotes(c.notes);
  const customerOk = (c: unknown) => isObj(c) && (c.greeting === undefined || stamped(c.greeting, (g) => g === null || isText(g))) && (c.language === undefined || stamped(c.language, (l) => l === null || (typeof l === 'string' && /^[a-z]{2}$/.test(l)))) && (c.register === undefined || stamped(c.register, (r) => r === null || r === 'formal' || r === 'informal')) && (c.sameAs === undefined || stamped(c.sameAs, sameAsOk)) && validNotes(c.notes);
  const senderOk = (s: unknown) => stamped(s, (v) => v === null || (isObj(v) && ['person', 'automated', 'blocked'].includes(v.as as string)));
  return each(doc.conversations, conversationOk) && each(doc.customers, customerOk) && each(doc.senders, senderOk) && validDrafts(doc.drafts) && validOwner(doc.owner);
}

const isTime = (v: unknown) => isText(v, 64) && !Number.isNaN(Date.parse(v as string));

/** The owner's absence: times that parse, the owner's words as the away service takes them, a machine's id and name. */
function validOwner(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObj(v)) return false;
  const awayOk = (a: unknown) =>
    a === null ||
    (isObj(a) &&
      isTime(a.from) &&
      isTime(a.until) &&
      (a.message === undefined || (typeof a.message === 'string' && isCleanAwayWords(a.message))) &&
      typeof a.node === 'string' &&
      /^[A-Za-z0-9_-]{1,64}$/.test(a.node) &&
      (a.machine === undefined || (typeof a.machine === 'string' && isPlainMachineName(a.machine))));
  return v.away === undefined || stamped(v.away, awayOk);
}
