/** The state log's messages: what one holds comes back whole; anything else (damage, forgery, another client's mail) is no state at all. */
import { describe, expect, it } from 'vitest';
import { readStateMessage, stateMessage } from '../../../../src/core/domain/shared-state/state-message.js';
import type { SharedState } from '../../../../src/core/domain/shared-state/shared-state.js';

const at = '1796634000000-00000-ab12';
const state: SharedState = {
  conversations: { '<q1@example.fi>': { status: { v: { status: 'closed', statusAt: '2026-12-03T09:00:00.000Z', changedAt: '2026-12-07T09:00:00.000Z' }, at }, tags: { refund: { v: true, at } }, promise: { v: { by: '2026-12-11T09:00:00.000Z', text: 'soita kuriirille', at: '2026-12-07T09:00:00.000Z' }, at }, notes: { n1: [{ at, text: 'koko 39 — 田中様', written: '2026-12-07T09:00:00.000Z', author: 'Riitta' }] } } },
  customers: { 'anna@example.fi': { greeting: { v: 'Anna', at }, language: { v: 'fi', at }, register: { v: 'formal', at } }, 'ben@example.com': { language: { v: null, at }, register: { v: null, at } } },
  senders: { 'prizes@lottery.example': { v: { as: 'blocked' }, at } },
  owner: { away: { v: { from: '2026-12-07T09:00:00.000Z', until: '2026-12-28T07:00:00.000Z', message: 'Lomalla {until} asti.\nVastaan itse.', node: '9f3a0c1b2d4e5f60', machine: 'kaupan-kone' }, at } },
  drafts: {
    'r:<q1@example.fi>': [
      { at: '1796633000000-00000-ab12', after: [] },
      { at, after: ['1796633000000-00000-ab12'], draft: { anchor: '<q1@example.fi>', text: 'Hei Anna,\n\nkiitos!', updatedAt: '2026-12-07T09:00:00.000Z', recipients: { to: [{ name: 'Anna', email: 'anna@example.fi' }], cc: [], bcc: [] }, attachments: [{ name: 'kuitti.pdf', size: 1200, hash: 'a'.repeat(64) }] } },
    ],
    'n:new-1a2b3c4d': [{ at, after: [], draft: null }],
  },
};
const draft = state.drafts!['r:<q1@example.fi>'][1].draft!;
const away = state.owner!.away!.v!;

describe('state log messages', () => {
  it('hold a state, 7-bit on the wire, and give it back', () => {
    const raw = stateMessage(state, { node: 'ab12', stamp: at, date: new Date('2026-12-07T09:00:00Z') });
    expect([...raw].every((b) => b < 128)).toBe(true);
    expect(Buffer.from(raw).toString('latin1')).toMatch(/^Subject: h2h: the desk's decisions, from machine ab12\r$/m);
    expect(readStateMessage(raw)).toEqual(state);
  });

  it.each([
    ['mail that is not a state', Buffer.from('From: a@b\r\nSubject: hi\r\n\r\nhello\r\n')],
    ['a body that is not base64 JSON', Buffer.from('X-H2H-State: 1\r\n\r\n!!!not json\r\n')],
    ['a state of the wrong shape', msg({ conversations: [] })],
    ['a forged stamp', msg({ ...state, senders: { 'x@y': { v: null, at: 'yesterday' } } })],
    ['an unknown status', msg({ ...state, conversations: { a: { status: { v: { status: 'deleted' }, at } } } })],
    ['a tag with a control character', msg({ ...state, conversations: { a: { tags: { 'x\u001b[2J': { v: true, at } } } } })],
    ['a promise with a control character', msg({ ...state, conversations: { a: { promise: { v: { by: '2026-12-11T09:00:00.000Z', text: 'x\u001b[2J', at: '2026-12-07T09:00:00.000Z' }, at } } } })],
    ['a promise whose time is no date', msg({ ...state, conversations: { a: { promise: { v: { by: 'friday', text: '', at: '2026-12-07T09:00:00.000Z' }, at } } } })],
    ['a customer language that is no language code', msg({ ...state, customers: { 'a@b': { language: { v: '../../x', at } } } })],
    ['a customer language with an escape', msg({ ...state, customers: { 'a@b': { language: { v: '\u001b]', at } } } })],
    ['a register nobody knows', msg({ ...state, customers: { 'a@b': { register: { v: 'royal', at } } } })],
    ['a sender verdict nobody knows', msg({ ...state, senders: { 'x@y': { v: { as: 'root' }, at } } })],
    ['a draft without its text', msg({ ...state, drafts: { k: [{ at, after: [], draft: { updatedAt: 'x' } }] } })],
    ['a draft of another kind', msg({ ...state, drafts: { k: [{ at, after: [], draft: { ...draft, kind: 'fax' } }] } })],
    ['a draft attachment named by a path', msg({ ...state, drafts: { k: [{ at, after: [], draft: { ...draft, attachments: [{ name: 'x', size: 1, hash: '../../etc/passwd' }] } }] } })],
    ['a draft written over a forged stamp', msg({ ...state, drafts: { k: [{ at, after: ['now'], draft: null }] } })],
    ['an absence whose end is no date', msg({ ...state, owner: { away: { v: { ...away, until: 'after xmas' }, at } } })],
    ['an absence with an escape in its words', msg({ ...state, owner: { away: { v: { ...away, message: 'x\u001b[2J' }, at } } })],
    ['an absence with words past 2,000 characters', msg({ ...state, owner: { away: { v: { ...away, message: 'x'.repeat(2001) }, at } } })],
    ['an absence told to a machine named by a path', msg({ ...state, owner: { away: { v: { ...away, node: '../../x' }, at } } })],
    ['an absence told to a machine whose name has a line break', msg({ ...state, owner: { away: { v: { ...away, machine: 'a\nFrom: x' }, at } } })],
    ['an absence without its machine', msg({ ...state, owner: { away: { v: { from: away.from, until: away.until }, at } } })],
    ['an owner section of the wrong shape', msg({ ...state, owner: [] })],
    ['a draft with a thousand recipients', msg({ ...state, drafts: { k: [{ at, after: [], draft: { ...draft, recipients: { to: Array.from({ length: 1000 }, () => ({ name: '', email: 'a@b' })), cc: [], bcc: [] } } }] } })],
  ])('read %s as no state', (_what, raw) => {
    expect(readStateMessage(raw)).toBeNull();
  });
});

function msg(doc: unknown): Buffer {
  return Buffer.from(`X-H2H-State: 1\r\n\r\n${Buffer.from(JSON.stringify(doc)).toString('base64')}\r\n`);
}
