/**
 * customerRefs (one read for a list's customers, as `h2h list --json` uses; customerRef is one of
 * them) says of each customer what their own view says: the name from their mail, the first name the owner
 * set when greeting them, or the one taken from their name; and an unknown address as unknown.
 */
import { describe, expect, it } from 'vitest';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

describe('customerRefs', () => {
  it('matches the customer view for every customer, a greeting the owner changed included', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    const shop = `${agent.name} <${agent.email}>`;
    const people = ['Anna Virtanen <anna@ex.com>', 'bo@ex.com', '"Müller, Jürgen" <jm@ex.com>', 'Dr. Chen Wei <chen@ex.com>'];
    for (const [i, from] of people.entries()) await s.importer.import([input(rawMessage({ from, to: shop, subject: `Q${i}`, id: `<q${i}@ex.com>` }))]);
    // Anna is greeted as "Annie": a reply changes the first name kept for her.
    const [anna] = await s.conversations.list('customer:anna@ex.com');
    const draft = await s.replies!.draft(anna.id);
    await s.replies!.queue(draft, `Hi Annie,\n\nok\n\n${agent.name}`);
    const emails = ['anna@ex.com', 'bo@ex.com', 'jm@ex.com', 'chen@ex.com', 'nobody@ex.com', 'anna@ex.com'];
    const refs = s.conversations.customerRefs(emails);
    expect(refs.get('anna@ex.com')?.firstName).toBe('Annie');
    expect([...refs.keys()]).toEqual(['anna@ex.com', 'bo@ex.com', 'jm@ex.com', 'chen@ex.com', 'nobody@ex.com']);
    // As the customer's own view (their details and notes, read alone) names them.
    for (const email of emails) {
      const { name, firstName } = s.conversations.customer(email);
      expect(refs.get(email)).toEqual({ email, name, firstName });
    }
  });
});
