import { describe, expect, it } from 'vitest';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;

describe('is:draft', () => {
  it('finds the conversations with a saved reply draft, in the JS matcher and in SQL alike, and follows drafts as they come and go', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import(['Anna', 'Bob', 'Cem'].map((name, i) => input(rawMessage({ from: `${name} <${name.toLowerCase()}@ex.com>`, to: shop, subject: `Question ${i}`, id: `<q${i}@ex.com>` }))));
    const ids = Object.fromEntries((await s.conversations.list()).map((c) => [c.customer.split('@')[0], c.id]));
    const drafted = async (query: string) => ({
      views: (await s.conversations.list(query)).map((c) => c.customer.split('@')[0]).sort(),
      items: (await s.conversations.listItems(query)).map((c) => c.customer.split('@')[0]).sort(),
    });
    expect(await drafted('is:draft')).toEqual({ views: [], items: [] });
    const draft = await s.replies!.draft(ids.bob);
    await s.replies!.saveDraft(ids.bob, 'Hi Bob,\n\nlooking into it', draft.baseSeq);
    expect(await drafted('is:draft')).toEqual({ views: ['bob'], items: ['bob'] });
    expect(await drafted('-is:draft')).toEqual({ views: ['anna', 'cem'], items: ['anna', 'cem'] });
    expect(await drafted('is:draft or from:cem')).toEqual({ views: ['bob', 'cem'], items: ['bob', 'cem'] });
    await s.replies!.discardDraft(ids.bob);
    expect(await drafted('is:draft')).toEqual({ views: [], items: [] });
    expect(await s.replies!.draftIds()).toEqual([]);
  });
});
