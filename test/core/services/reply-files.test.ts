/**
 * The copies of files attached to replies live exactly as long as a draft or a reply in the outbox
 * points at them: taken off, discarded or sent long ago, they go at the next erase (what every
 * forget runs first); one still attached elsewhere, or attached anew meanwhile, stays.
 */
import { describe, expect, it } from 'vitest';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const label = { name: 'label.pdf', content: Buffer.from('the return label of Anna') };
const chart = { name: 'chart.pdf', content: Buffer.from('the size chart') };

async function shopWithTwo() {
  const s = await servicesFor(fixture(), fixedClock('2026-11-20T12:00:00Z'));
  await s.importer.import([
    input(rawMessage({ from: 'Anna <anna@ex.com>', to: shop, subject: 'Return', id: '<a@ex.com>', date: 'Mon, 16 Nov 2026 10:00:00 +0000' })),
    input(rawMessage({ from: 'Ben <ben@ex.com>', to: shop, subject: 'Sizes', id: '<b@ex.com>', date: 'Mon, 16 Nov 2026 11:00:00 +0000' })),
  ]);
  const [anna] = await s.conversations.list('customer:anna@ex.com');
  const [ben] = await s.conversations.list('customer:ben@ex.com');
  const kept = async (hash: string) => s.store.readRaw(hash).then(() => true, () => false);
  return { s, anna: anna.id, ben: ben.id, kept };
}

describe('files attached to replies', () => {
  it('go when taken off a draft or with a discarded draft; one attached elsewhere stays', async () => {
    const { s, anna, ben, kept } = await shopWithTwo();
    const replies = s.replies!;
    const [l, c] = await replies.attach([label, chart]);
    await replies.saveDraft(anna, 'Hi Anna', (await replies.draft(anna)).baseSeq, { attachments: [l, c] });
    await replies.saveDraft(ben, 'Hi Ben', (await replies.draft(ben)).baseSeq, { attachments: [c] });
    await replies.saveDraft(anna, 'Hi Anna', (await replies.draft(anna)).baseSeq, { attachments: [c] }); // the label taken off
    await s.store.finishErasing();
    expect([await kept(l.hash), await kept(c.hash)]).toEqual([false, true]);
    await replies.discardDraft(anna);
    await s.store.finishErasing();
    expect(await kept(c.hash)).toBe(true); // Ben's draft still has it
    await replies.discardDraft(ben);
    await s.store.finishErasing();
    expect(await kept(c.hash)).toBe(false);
    await s.store.close();
  });

  it('stay when attached anew before the erase, and while a queued reply carries them', async () => {
    const { s, anna, kept } = await shopWithTwo();
    const replies = s.replies!;
    const [l] = await replies.attach([label]);
    await replies.saveDraft(anna, 'Hi Anna', (await replies.draft(anna)).baseSeq, { attachments: [l] });
    await replies.discardDraft(anna);
    const [again] = await replies.attach([label]);
    expect(again.hash).toBe(l.hash);
    await replies.saveDraft(anna, 'Hi Anna, the label', (await replies.draft(anna)).baseSeq, { attachments: [again] });
    await s.store.finishErasing();
    expect(await kept(l.hash)).toBe(true);
    await replies.queue(await replies.draft(anna), 'Hi Anna,\n\nHere it is.\n\nRiitta');
    await s.store.finishErasing();
    expect(await kept(l.hash)).toBe(true);
    expect(s.store.outbox()[0].attachments?.map((a) => a.hash)).toEqual([l.hash]);
    await s.store.close();
  });
});
