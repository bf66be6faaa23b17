/** Snippets in new mail and forwards: filled in for new mail's first recipient, and for a forward's conversation's customer. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

describe('snippets beyond replies', () => {
  it("fill in new mail's recipient (known or not) and a forward's customer", async () => {
    const f = fixture();
    mkdirSync(join(f.root, 'snippets'));
    writeFileSync(join(f.root, 'snippets', 'stock.txt'), 'Dear {{customer.firstName | friend}} ({{customer.email}}), about "{{conversation.subject}}".');
    const s = await servicesFor(f);
    await s.importer.import([input(rawMessage({ from: 'Anna Korhonen <anna@example.com>', to: 'riitta@shop.example', subject: 'Boots', id: '<b@example.com>' }))]);
    const stranger = await s.newMail!.start({ to: [{ name: 'Päivi Järvinen', email: 'Paivi@Example.fi' }], subject: 'Back in stock' });
    await s.newMail!.save(stranger, stranger.text);
    expect((await s.replies!.snippet('stock', stranger.key)).text).toBe('Dear Päivi (paivi@example.fi), about "Back in stock".');
    const known = await s.newMail!.start({ to: [{ name: '', email: 'anna@example.com' }], subject: 'Your boots' });
    await s.newMail!.save(known, known.text);
    expect((await s.replies!.snippet('stock', known.key)).text).toBe('Dear Anna (anna@example.com), about "Your boots".');
    const [c] = await s.conversations.list('');
    const forward = await s.forwards!.draft(c.id, { to: [{ name: '', email: 'claims@courier.example' }] });
    await s.forwards!.save(forward, forward.text);
    expect((await s.replies!.snippet('stock', forward.key)).text).toBe('Dear Anna (anna@example.com), about "Boots".');
  });
});
