import { describe, expect, it } from 'vitest';
import { effectiveStatus, isUnread } from '../../../../src/core/domain/conversation.js';
import { addConversation, meta, openTemp } from './index-fixture.js';

const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

describe('messages repository', () => {
  it('inserts messages with their texts, references and search rows in one transaction, and reads them back as MessageMeta', () => {
    const index = openTemp();
    const a = meta({ date: day(2), attachments: [{ name: 'a.pdf', type: 'application/pdf', size: 3 }], parseError: 'bad mime' });
    const b = meta({ date: day(3), references: ['<r1@x>'], inReplyTo: ['<r2@x>'], sharesMessageId: true, from: null });
    const before = index.revisions.current();
    const [ra, rb] = addConversation(index, 'c1', [
      { meta: a, text: 'first text' },
      { meta: b, text: 'second text' },
    ]);
    expect(index.revisions.current()).toBe(before + 1);
    expect(index.messages.byRowids([rb, ra])).toEqual([{ ...a, seq: ra }, { ...b, seq: rb }]);
    expect(index.messages.ofConversation('c1').map((m) => m.seq)).toEqual([ra, rb]);
    expect(index.messages.text(ra)).toEqual({ text: 'first text' });
    expect(index.messages.referring(['<r2@x>', '<nope@x>'])).toEqual([rb]);
    index.close();
  });

  it('answers dedupe lookups for a batch: known hashes (messages and copies), contents, Message-IDs', () => {
    const index = openTemp();
    const a = meta();
    const [ra] = addConversation(index, 'c1', [{ meta: a, text: 'x' }]);
    index.write(() => index.messages.addCopy(ra, 'copyhash'));
    expect(index.messages.knownHashes([a.hash, 'copyhash', 'unknown'])).toEqual(new Set([a.hash, 'copyhash']));
    expect(index.messages.knownContents([a.content!, 'other'])).toEqual(new Set([a.content]));
    expect(index.messages.byMessageIds([a.messageId, '<none@x>'])).toEqual([{ rowid: ra, messageId: a.messageId, content: a.content, conversationId: 'c1' }]);
    index.close();
  });

  it('moves a message to another conversation, stamping it with the revision', () => {
    const index = openTemp();
    const [r1] = addConversation(index, 'c1', [{ meta: meta(), text: 'x' }]);
    const rev = index.revisions.current();
    index.write((next) => index.messages.moveToConversation(next, r1, 'c2'));
    expect(index.messages.ofConversation('c2').map((m) => m.seq)).toEqual([r1]);
    expect(index.queries.changedSince(rev).messages).toEqual([r1]);
    index.close();
  });

  it('never reuses an identity, even after the newest message is deleted', () => {
    const index = openTemp();
    const [r1] = addConversation(index, 'c1', [{ meta: meta(), text: 'x' }]);
    index.db.prepare('DELETE FROM messages WHERE rowid = ?').run(r1);
    const [r2] = addConversation(index, 'c2', [{ meta: meta(), text: 'y' }]);
    expect(r2).toBeGreaterThan(r1);
    index.close();
  });
});

describe('conversations and decisions', () => {
  it('upserts the derived half without touching the decisions, and resolves ids, prefixes and aliases', () => {
    const index = openTemp();
    addConversation(index, 'cabc1', [{ meta: meta({ date: day(1) }), text: 'x' }]);
    index.decisions.setStatus(['cabc1'], 'closed');
    index.decisions.changeTags(['cabc1'], ['Refund'], []);
    // New mail re-summarises the conversation: the decisions stay.
    addConversation(index, 'cabc1', [{ meta: meta({ date: day(2), direction: 'out' }), text: 'y' }]);
    const { record, state } = index.conversations.record('cabc1')!;
    expect(state.status).toBe('closed');
    expect(state.tags).toEqual(['refund']);
    expect(record.lastIsOutbound).toBe(true);
    addConversation(index, 'cabd2', [{ meta: meta(), text: 'z' }]);
    expect(index.conversations.withPrefix('cab')).toEqual(['cabc1', 'cabd2']);
    expect(index.conversations.withPrefix('cabc')).toEqual(['cabc1']);
    index.write(() => index.conversations.alias('cabd2', 'cabc1'));
    expect(index.conversations.resolve('cabd2')).toBe('cabc1');
    expect(index.conversations.resolve('cabc1')).toBe('cabc1');
    expect(index.conversations.resolve('nope')).toBeUndefined();
    index.close();
  });

  it('each decision is one transaction that bumps the revision once and stamps only the conversations it changed', () => {
    const index = openTemp();
    addConversation(index, 'c1', [{ meta: meta({ date: day(1) }), text: 'x' }]);
    addConversation(index, 'c2', [{ meta: meta({ date: day(2) }), text: 'y' }]);
    const steps: [string, () => unknown][] = [
      ['status', () => index.decisions.setStatus(['c1', 'c2'], 'closed')],
      ['tag', () => index.decisions.changeTags(['c1'], ['vip'], [])],
      ['untag', () => index.decisions.changeTags(['c1'], [], ['vip'])],
      ['read', () => index.decisions.markRead(['c2'])],
      ['unread', () => index.decisions.markUnread(['c2'])],
      ['note', () => index.decisions.addNote({ conversationId: 'c1' }, { id: 'n1', text: 'called her', at: day(5), author: 'riitta' })],
    ];
    for (const [name, step] of steps) {
      const rev = index.revisions.current();
      step();
      expect(index.revisions.current(), name).toBe(rev + 1);
      const changed = index.queries.changedSince(rev).conversations;
      expect(changed, name).toEqual(name === 'status' ? ['c1', 'c2'] : name === 'read' || name === 'unread' ? ['c2'] : ['c1']);
    }
    const c1 = index.conversations.record('c1')!;
    expect(c1.state).toEqual({ status: 'closed', statusSeq: c1.record.seqs[0], notes: [{ id: 'n1', text: 'called her', at: day(5), author: 'riitta' }] });
    expect(index.conversations.record('c2')!.state).toMatchObject({ readSeq: index.conversations.record('c2')!.record.seqs[0], markedUnread: true });
    // A tag already there changes nothing: no conversation is stamped.
    index.decisions.changeTags(['c1'], ['a'], []);
    const rev = index.revisions.current();
    index.decisions.changeTags(['c1'], ['A'], []);
    expect(index.queries.changedSince(rev).conversations).toEqual([]);
    index.close();
  });

  it('dates decisions by the newest message: later customer mail reopens and is unread, mail dated earlier (imported late) does neither', () => {
    const index = openTemp();
    addConversation(index, 'c1', [{ meta: meta({ date: day(10) }), text: 'x' }]);
    index.decisions.setStatus(['c1'], 'closed');
    index.decisions.markRead(['c1']);
    // Old mail of the same thread arrives late (an archive import): still closed, still read.
    addConversation(index, 'c1', [{ meta: meta({ date: day(1) }), text: 'old' }]);
    let { record, state } = index.conversations.record('c1')!;
    expect(record.seqs).toHaveLength(2);
    expect(isUnread(record, state)).toBe(false);
    expect(effectiveStatus(record, state, Date.parse(day(20)))).toBe('closed');
    expect(index.queries.byStatus('closed', Date.parse(day(20)), 10).map((c) => c.id)).toEqual(['c1']);
    // The customer writes again, dated after the decision: open and unread.
    addConversation(index, 'c1', [{ meta: meta({ date: day(12) }), text: 'new' }]);
    ({ record, state } = index.conversations.record('c1')!);
    expect(effectiveStatus(record, state, Date.parse(day(20)))).toBe('open');
    expect(isUnread(record, state)).toBe(true);
    expect(index.queries.byStatus('open', Date.parse(day(20)), 10).map((c) => c.id)).toEqual(['c1']);
    index.close();
  });

  it('lists conversations by effective status, newest activity first, a page at a time (snoozes end when due)', () => {
    const index = openTemp();
    for (let d = 1; d <= 6; d++) addConversation(index, `c${d}`, [{ meta: meta({ date: day(d), direction: d === 6 ? 'out' : 'in' }), text: 'x' }]);
    index.decisions.setStatus(['c2'], 'closed');
    index.decisions.setStatus(['c3'], 'snoozed', day(15));
    const at = (d: number) => Date.parse(day(d));
    expect(index.queries.byStatus('open', at(10), 50).map((c) => c.id)).toEqual(['c5', 'c4', 'c1']);
    expect(index.queries.byStatus('open', at(10), 2).map((c) => c.id)).toEqual(['c5', 'c4']);
    expect(index.queries.byStatus('waiting', at(10), 50).map((c) => c.id)).toEqual(['c6']);
    expect(index.queries.byStatus('snoozed', at(10), 50).map((c) => c.id)).toEqual(['c3']);
    expect(index.queries.byStatus('open', at(16), 50).map((c) => c.id)).toEqual(['c5', 'c4', 'c3', 'c1']);
    index.close();
  });
});

describe('customers and folders', () => {
  it('keeps the name from the newest mail: older mail imported later does not overwrite it', () => {
    const index = openTemp();
    index.write(() => {
      index.customers.seen('anna@x', 'Anna V', Date.parse(day(5)));
      index.customers.seen('anna@x', 'Old Name', Date.parse(day(1)));
      index.customers.seen('anna@x', '', Date.parse(day(9)));
    });
    expect(index.customers.get('anna@x')).toEqual({ email: 'anna@x', name: 'Anna V', nameAt: day(5) });
    index.write(() => index.customers.seen('anna@x', 'Anna Virtanen', Date.parse(day(6))));
    expect(index.customers.get('anna@x')!.name).toBe('Anna Virtanen');
    index.decisions.addNote({ customer: 'anna@x' }, { id: 'cn1', text: 'prefers phone', at: day(3) });
    expect(index.db.prepare("SELECT customer FROM notes WHERE id = 'cn1'").pluck().get()).toBe('anna@x');
    expect(index.decisions.removeNote('cn1')).toBe(1);
    expect(index.decisions.removeNote('cn1')).toBe(0);
    index.decisions.setFirstName('anna@x', 'Anni');
    expect(index.customers.firstName('anna@x')).toBe('Anni');
    index.close();
  });

  it('reads UIDs from N, records one flag change as one transaction, and forgets the map on a new UIDVALIDITY', () => {
    const index = openTemp();
    const [r1, r2, r3] = addConversation(index, 'c1', [1, 2, 3].map((d) => ({ meta: meta({ date: day(d) }), text: 'x' })));
    index.write(() => {
      index.folders.setPosition('INBOX', { uidValidity: '7', uidNext: 31, highestModseq: '100' });
      index.folders.putUid('INBOX', 10, r1, ['\\Seen']);
      index.folders.putUid('INBOX', 20, r2, []);
      index.folders.putUid('INBOX', 30, r3, ['\\Seen', 'refund']);
      index.folders.putTooLarge('INBOX', 25, 99_000_000);
    });
    expect(index.folders.uidsFrom('INBOX', 20)).toEqual([
      { uid: 20, rowid: r2, flags: [] },
      { uid: 30, rowid: r3, flags: ['\\Seen', 'refund'] },
    ]);
    const rev = index.revisions.current();
    expect(index.folders.recordFlags('INBOX', 20, ['\\Seen'])).toBe(1);
    expect(index.revisions.current()).toBe(rev + 1);
    expect(index.folders.folderSync('INBOX')).toEqual({
      uidValidity: '7',
      uidNext: 31,
      highestModseq: '100',
      uids: { '10': [r1, '\\Seen'], '20': [r2, '\\Seen'], '30': [r3, '\\Seen', 'refund'] },
      tooLarge: { '25': 99_000_000 },
    });
    index.write(() => index.folders.dropUid('INBOX', 10));
    expect(index.folders.uidsFrom('INBOX').map((u) => u.uid)).toEqual([20, 30]);
    index.write(() => index.folders.setPosition('INBOX', { uidValidity: '8', uidNext: 1 }));
    expect(index.folders.folderSync('INBOX')).toEqual({ uidValidity: '8', uidNext: 1, uids: {} });
    expect(index.folders.paths()).toEqual(['INBOX']);
    index.write(() => index.folders.removeFolder('INBOX'));
    expect(index.folders.paths()).toEqual([]);
    expect(index.folders.position('INBOX')).toBeUndefined();
    index.close();
  });
});
