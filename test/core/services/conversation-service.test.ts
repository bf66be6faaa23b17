import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError, AmbiguousIdError } from '../../../src/core/errors.js';
import { shortId } from '../../../src/core/domain/short-id.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shopAddr = `${agent.name} <${agent.email}>`;

async function seeded() {
  const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
  await s.importer.import([
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shopAddr, subject: 'Size', id: '<a1@ex.com>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shopAddr, subject: 'Colour', id: '<a2@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' })),
  ]);
  return s;
}

describe('ConversationService', () => {
  it('keeps notes about a customer, shown with each of their conversations', async () => {
    const s = await seeded();
    await s.conversations.addCustomerNote('Anna@Ex.com', 'Prefers phone calls', 'Riitta');
    for (const c of await s.conversations.list()) {
      const detail = await s.conversations.show(c.id);
      expect(detail.customer.notes.map((n) => [n.text, n.author])).toEqual([['Prefers phone calls', 'Riitta']]);
      expect(detail.otherConversations).toHaveLength(1);
    }
    await expect(s.conversations.addCustomerNote('nobody@ex.com', 'x')).rejects.toThrow(NotFoundError);
    await expect(s.conversations.addCustomerNote('anna@ex.com', '  ')).rejects.toThrow(UsageError);
  });

  it('undoes the last triage change, and only where nothing changed since', async () => {
    const s = await seeded();
    const [a, b] = await s.conversations.list();
    await s.conversations.tag([a.id], ['vip'], []);
    await s.conversations.setStatus([a.id, b.id], 'closed');
    expect(s.conversations.lastUndoable()).toBe('close 2 conversations');
    // b is changed again by hand after the bulk close: undo must not revert that.
    await s.store.transact((tx) => tx.writeStates(new Map([[b.id, { ...tx.conversation(b.id)!.state, tags: ['later'] }]])));
    expect(await s.conversations.undo()).toEqual({ action: 'close 2 conversations', restored: [a.id], kept: [b.id] });
    expect(await s.conversations.get(a.id)).toMatchObject({ status: 'open', tags: ['vip'] });
    expect(await s.conversations.get(b.id)).toMatchObject({ status: 'closed', tags: ['later'] });
    // Undo is a stack: the change before comes next.
    expect(await s.conversations.undo()).toEqual({ action: 'tag +vip on 1 conversation', restored: [a.id], kept: [] });
    expect(await s.conversations.get(a.id)).toMatchObject({ status: 'open', tags: [] });
    expect(await s.conversations.undo()).toBeNull();
  });

  it('takes back the last 20 changes one after another, newest first, across processes', async () => {
    const f = fixture();
    const s = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shopAddr, subject: 'Size', id: '<a1@ex.com>' }))]);
    const [a] = await s.conversations.list();
    for (let i = 0; i < 25; i++) await s.conversations.tag([a.id], [`t${i}`], []);
    // Another process (a second store on the same folder) undoes what this one did.
    const other = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));
    const undone: string[] = [];
    for (let r = await other.conversations.undo(); r; r = await other.conversations.undo()) undone.push(r.action);
    expect(undone).toEqual(Array.from({ length: 20 }, (_, i) => `tag +t${24 - i} on 1 conversation`));
    expect((await s.conversations.get(a.id)).tags).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('undoes a tag change and a customer note, and keeps changes seen by the sync undoable', async () => {
    const s = await seeded();
    const [a] = await s.conversations.list();
    await s.conversations.tag([a.id], ['refund'], []);
    await s.conversations.applyRemote(new Map([[a.id, { addTags: ['fromphone'], removeTags: [] }]]));
    expect(s.conversations.lastUndoable()).toBe('tag +refund on 1 conversation');
    // The sync changed the state after the tag: undo keeps it rather than lose the phone's tag.
    expect((await s.conversations.undo())?.kept).toEqual([a.id]);
    await s.conversations.addCustomerNote('anna@ex.com', 'Allergic to wool');
    await s.conversations.undo();
    expect(s.conversations.customer('anna@ex.com').notes).toEqual([]);
    expect(s.conversations.tagsInUse()).toEqual(['fromphone', 'refund']);
  });

  it('marks conversations read and unread', async () => {
    const s = await seeded();
    const [c] = await s.conversations.list();
    expect(c.isUnread).toBe(true);
    await s.conversations.markRead([c.id], true);
    expect((await s.conversations.get(c.id)).isUnread).toBe(false);
    await s.conversations.markRead([c.id], false);
    expect((await s.conversations.get(c.id)).isUnread).toBe(true);
  });

  it('snoozes until a time in the future, then the conversation is open again', async () => {
    let now = Date.parse('2026-11-10T12:00:00Z');
    const s = await servicesFor(fixture(), { now: () => now });
    await s.importer.import([input(rawMessage({ from: 'Bob <bob@ex.com>', to: shopAddr, subject: 'Later', id: '<b@ex.com>' }))]);
    const [c] = await s.conversations.list();
    await expect(s.conversations.setStatus([c.id], 'snoozed', now - 1)).rejects.toThrow(UsageError);
    await s.conversations.setStatus([c.id], 'snoozed', now + 86_400_000);
    expect(await s.conversations.get(c.id)).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-11T12:00:00.000Z' });
    now += 2 * 86_400_000;
    expect(await s.conversations.get(c.id)).toMatchObject({ status: 'open', snoozedUntil: null });
  });

  it('resolves unique prefixes and refuses ambiguous or too short ones', async () => {
    // Two Message-IDs whose conversation ids share their first three characters (ids derive from the first message's id).
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let n = 0; !pair; n++) {
      const messageId = `<m${n}@ex.com>`;
      const prefix = shortId(messageId).slice(0, 3);
      const other = seen.get(prefix);
      if (other) pair = [other, messageId];
      seen.set(prefix, messageId);
    }
    const s = await servicesFor(fixture());
    await s.importer.import(pair.map((id, i) => input(rawMessage({ from: `C${i} <c${i}@ex.com>`, to: shopAddr, subject: `S${i}`, id }))));
    const [a, b] = pair.map((id) => shortId(id));
    let shared = 0;
    while (a[shared] === b[shared]) shared++;
    expect(s.conversations.resolveId(a.slice(0, shared + 1).toUpperCase())).toBe(a);
    expect(() => s.conversations.resolveId(a.slice(0, 3))).toThrow(AmbiguousIdError);
    expect(() => s.conversations.resolveId(a.slice(0, 2))).toThrow(NotFoundError);
  });
});

describe('ConversationService on the v2 store', () => {
  it('dates decisions by the conversation\'s newest message, not by arrival order', async () => {
    const s = await seeded();
    const [c] = await s.conversations.list();
    await s.conversations.setStatus([c.id], 'closed');
    await s.conversations.markRead([c.id], true);
    // statusChangedAt is the clock's (the fixture's fixed clock), for "closed on …".
    expect(s.conversations.stateOf(c.id)).toEqual({ status: 'closed', statusAt: c.lastMessageAt, statusChangedAt: expect.any(String), readAt: c.lastMessageAt });
  });

  it('turns a read mark from another client (by message) into the date of that message', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([
      input(rawMessage({ from: 'Anna <anna@ex.com>', to: shopAddr, subject: 'Size', id: '<r1@ex.com>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
      input(rawMessage({ from: 'Anna <anna@ex.com>', to: shopAddr, subject: 'Re: Size', id: '<r2@ex.com>', irt: '<r1@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' })),
    ]);
    const [c] = await s.conversations.list();
    const [first, second] = c.record.seqs;
    await s.conversations.applyRemote(new Map([[c.id, { addTags: [], removeTags: [], readSeq: first }]]));
    expect((await s.conversations.show(c.id)).messages.map((m) => m.isUnread)).toEqual([false, true]);
    expect((await s.conversations.get(c.id)).isUnread).toBe(true);
    await s.conversations.applyRemote(new Map([[c.id, { addTags: [], removeTags: [], readSeq: second }]]));
    expect((await s.conversations.get(c.id)).isUnread).toBe(false);
    expect(s.conversations.lastUndoable()).toBeNull();
  });

  it('lists customers with conversations, latest contact first, with their first and last contact', async () => {
    const s = await seeded();
    await s.importer.import([
      input(rawMessage({ from: 'Bob Berg <bob@ex.com>', to: shopAddr, subject: 'Returns', id: '<b1@ex.com>', date: 'Sun, 01 Nov 2026 10:00:00 +0000' })),
    ]);
    // A customer the owner named by hand but who never wrote is not listed.
    await s.store.transact((tx) => tx.setFirstName('nobody@ex.com', 'No'));
    const customers = await s.conversations.customers();
    expect(customers.map((c) => [c.email, c.name, c.firstContactAt, c.lastContactAt])).toEqual([
      ['anna@ex.com', 'Anna Virtanen', '2026-11-02T10:00:00.000Z', '2026-11-03T10:00:00.000Z'],
      ['bob@ex.com', 'Bob Berg', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'],
    ]);
    const anna = await s.conversations.list('customer:anna');
    expect(customers[0].conversationIds).toEqual(anna.map((c) => c.id).reverse());
    expect(customers[0]).toEqual({ ...s.conversations.customer('anna@ex.com') });
  });

  it('greets a customer by the first name the owner set, and by the one from their mail once it is cleared', async () => {
    const s = await seeded();
    await s.store.transact((tx) => tx.setFirstName('anna@ex.com', 'Anni'));
    expect(s.conversations.customerRef('anna@ex.com')).toEqual({ email: 'anna@ex.com', name: 'Anna Virtanen', firstName: 'Anni' });
    await s.store.transact((tx) => tx.setFirstName('anna@ex.com', null));
    expect(s.conversations.customer('anna@ex.com').firstName).toBe('Anna');
  });

  it('counts tags in use, most used first', async () => {
    const s = await seeded();
    const [a, b] = await s.conversations.list();
    await s.conversations.tag([a.id], ['zeta', 'alpha'], []);
    await s.conversations.tag([b.id], ['zeta'], []);
    expect(s.conversations.tagsInUse()).toEqual(['zeta', 'alpha']);
    expect((await s.conversations.list('tag:zeta')).map((c) => c.id)).toEqual([a.id, b.id]);
  });

  it('restores exported decisions onto the conversations holding the same messages, once', async () => {
    const s = await seeded();
    const note = { id: 'n1', text: 'Wants a refund', at: '2026-11-04T10:00:00.000Z' };
    const customerNote = { id: 'k1', text: 'VIP', at: '2026-11-04T10:00:00.000Z' };
    const records = [
      { messageIds: ['<gone@ex.com>', '<a2@ex.com>'], status: 'closed' as const, snoozedUntil: null, tags: ['refund'], notes: [note], customer: { email: 'anna@ex.com', notes: [customerNote] } },
      { messageIds: ['<nowhere@ex.com>'], status: 'open' as const, snoozedUntil: null, tags: [], notes: [], customer: { email: 'x@ex.com', notes: [] } },
    ];
    expect(await s.conversations.restoreDecisions(records)).toEqual({ restored: 1, missing: 1 });
    expect(await s.conversations.restoreDecisions(records)).toEqual({ restored: 1, missing: 1 });
    const [restored] = await s.conversations.list('subject:colour');
    expect(restored).toMatchObject({ status: 'closed', tags: ['refund'], notes: [note] });
    expect(s.conversations.customer('anna@ex.com').notes).toEqual([customerNote]);
    // Dated by its newest message: the customer writing later reopens it.
    expect(s.conversations.stateOf(restored.id).statusAt).toBe(restored.lastMessageAt);
  });

  it('shows messages expunged on the server as kept here', async () => {
    const s = await seeded();
    const [c] = await s.conversations.list();
    await s.store.transact((tx) => tx.markOffServer(c.record.seqs));
    expect((await s.conversations.show(c.id)).messages.map((m) => m.deletedOnServer)).toEqual([true]);
  });
});
