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
    await s.store.transactState((state) => {
      state.conversations[b.id] = { ...state.conversations[b.id], tags: ['later'] };
    });
    expect(await s.conversations.undo()).toEqual({ action: 'close 2 conversations', restored: [a.id], kept: [b.id] });
    expect(await s.conversations.get(a.id)).toMatchObject({ status: 'open', tags: ['vip'] });
    expect(await s.conversations.get(b.id)).toMatchObject({ status: 'closed', tags: ['later'] });
    expect(await s.conversations.undo()).toBeNull();
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
