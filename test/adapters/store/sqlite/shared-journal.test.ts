/**
 * Local decisions are recorded for the other machines as they are written, in the same
 * transaction, under the conversation's anchor (its first message's Message-ID): the shared state
 * gives back the local decisions; decisions read from the server are written without being
 * recorded again.
 */
import { describe, expect, it } from 'vitest';
import { localState } from '../../../../src/core/domain/shared-state/state-mapping.js';
import { fixedClock, fixture, input, rawMessage, servicesFor } from '../../../helpers/store-fixture.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';

describe('the journal of shared decisions', () => {
  it('records tags, status, notes, greetings and sender verdicts as they are written, and not what came from the server', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-12-07T09:00:00Z'));
    await s.importer.import([
      input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Wrong size', id: '<q1@example.fi>', date: 'Wed, 02 Dec 2026 09:00:00 +0000' })),
      input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Re: Wrong size', id: '<q2@example.fi>', irt: '<q1@example.fi>', date: 'Thu, 03 Dec 2026 09:00:00 +0000' })),
    ]);
    const [c] = await s.conversations.list('');
    expect(s.store.sharedPending()).toEqual([]);
    await s.conversations.tag([c.id], ['refund', 'vip'], []);
    await s.conversations.setStatus([c.id], 'closed');
    await s.conversations.addNote(c.id, 'sent a bigger pair', 'Riitta');
    await s.conversations.tag([c.id], [], ['vip']);
    await s.conversations.addCustomerNote('anna@example.fi', 'size 39', 'Riitta');
    await s.store.transact((tx) => tx.setFirstName('anna@example.fi', 'Anna-Liisa'));
    await s.senders.judge('anna@example.fi', 'person');
    expect(s.store.sharedPending().length).toBe(7);
    expect(s.store.sharedAnchorsOf(c.id)).toEqual(['<q1@example.fi>']);
    const shared = s.store.sharedEntries({ conversations: ['<q1@example.fi>'], customers: ['anna@example.fi'], senders: ['anna@example.fi'] });
    const now = (await s.conversations.get(c.id)).record;
    expect(now.id).toBe(c.id);
    const state = s.store.conversation(c.id)!.state;
    expect(localState([shared.conversations['<q1@example.fi>']])).toEqual(state);
    expect(shared.customers['anna@example.fi'].greeting?.v).toBe('Anna-Liisa');
    expect(Object.values(shared.customers['anna@example.fi'].notes!)[0].map((v) => v.text)).toEqual(['size 39']);
    expect(shared.senders['anna@example.fi'].v).toEqual({ as: 'person' });

    // From the server: written, nothing new to send.
    await s.store.transact((tx) => tx.writeUnsharedStates(new Map([[c.id, { ...state, tags: ['refund', 'from-laptop'] }]])));
    expect(s.store.sharedPending().length).toBe(7);
    expect(s.store.conversation(c.id)!.state.tags).toEqual(['from-laptop', 'refund']);
  });
});
