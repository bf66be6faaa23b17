/**
 * The owner's word on a sender: a person h2h took for a machine (a customer writing from a
 * help-desk no-reply address), a robot with a human name. Applied at once to their stored mail
 * (the conversation's clock and views follow), remembered for new mail, and forgotten again.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';

describe('the owner says what a sender is', () => {
  it('turns a no-reply customer into a person and a human-named robot into a machine, now and for new mail', async () => {
    const f = fixture();
    const s = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([
      // Classified as a notification by its address, but the bakery's owner writes from it.
      input(rawMessage({ from: 'Bakery Mäkinen <noreply@bakery.example>', to: shop, subject: 'Our order of tins', id: '<b1@bakery.example>', date: 'Mon, 02 Nov 2026 09:00:00 +0000' })),
      // A robot with a person's name and no telltale header.
      input(rawMessage({ from: 'Sam Seller <sam@marketplace.example>', to: shop, subject: 'New review of Boots', id: '<m1@marketplace.example>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
    ]);
    const subjects = async (q: string) => (await s.conversations.list(q)).map((c) => c.subject).sort();
    expect(await subjects('is:automated')).toEqual(['Our order of tins']);
    expect(await subjects('is:unanswered')).toEqual(['New review of Boots']);

    const person = await s.senders.judge('NoReply@Bakery.example', 'person');
    expect(person).toMatchObject({ email: 'noreply@bakery.example', as: 'person', messages: 1, changed: 1, conversations: 1 });
    const robot = await s.senders.judge('sam@marketplace.example', 'automated');
    expect(robot).toMatchObject({ changed: 1 });
    expect(await subjects('is:automated')).toEqual(['New review of Boots']);
    expect(await subjects('is:unanswered')).toEqual(['Our order of tins']);
    const [tins] = await s.conversations.list('subject:tins');
    expect(tins.waitingSince).toBe('2026-11-02T09:00:00.000Z');
    const review = await s.conversations.show((await s.conversations.list('subject:review'))[0].id);
    expect(review.messages[0].meta.automated).toEqual({ kind: 'notification', by: 'the owner: sam@marketplace.example is automated' });

    // Remembered: the next message from each is judged by the owner's word, not the headers.
    await s.importer.import([
      input(rawMessage({ from: 'Bakery Mäkinen <noreply@bakery.example>', to: shop, subject: 'Tins again', id: '<b2@bakery.example>', date: 'Tue, 03 Nov 2026 09:00:00 +0000' })),
      input(rawMessage({ from: 'Sam Seller <sam@marketplace.example>', to: shop, subject: 'Another review', id: '<m2@marketplace.example>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' })),
    ]);
    expect(await subjects('is:automated')).toEqual(['Another review', 'New review of Boots']);
    expect(await subjects('is:person')).toEqual(['Our order of tins', 'Tins again']);
    // Kept in the owner's document, by address, privately.
    const owner = JSON.parse(readFileSync(join(f.dataDir, 'owner.json'), 'utf8')) as { senders: Record<string, { as: string }> };
    expect(Object.fromEntries(Object.entries(owner.senders).map(([k, v]) => [k, v.as]))).toEqual({ 'noreply@bakery.example': 'person', 'sam@marketplace.example': 'automated' });
    expect(s.senders.verdicts().map((v) => v.email)).toEqual(['noreply@bakery.example', 'sam@marketplace.example']);

    // Forgotten: the headers decide again, for the stored mail too.
    expect(await s.senders.judge('noreply@bakery.example', null)).toMatchObject({ as: null, messages: 2, changed: 2 });
    expect(await subjects('is:automated')).toEqual(['Another review', 'New review of Boots', 'Our order of tins', 'Tins again']);
    expect(s.senders.verdict('noreply@bakery.example')).toBeUndefined();
  });

  it('refuses what is not a sender: a bad address, the shop itself', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await expect(s.senders.judge('not an address', 'person')).rejects.toThrow(/not an email address: "not an address"/);
    await expect(s.senders.judge('riitta@shop.example', 'automated')).rejects.toThrow(/the shop's own address/);
    expect(s.senders.verdicts()).toEqual([]);
  });
});
