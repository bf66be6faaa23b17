import { describe, expect, it } from 'vitest';
import { customerMatches } from '../../../../src/core/domain/query/customer-match.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../../../helpers/store-fixture.js';

const people: [string, string][] = [
  ['anna@ex.com', 'Anna Virtanen'],
  ['hannah@ex.com', 'Hannah Berg'],
  ['marianna.k@example.org', 'Marianna Koskinen'],
  ['j.dupont@ex.fr', 'Joëlle Dupont'],
  ['yuki@ex.jp', '田中 優希'],
  ['info@annas-shoes.example', 'Shoe Shop'],
];
const who = (value: string) => people.filter(([email, name]) => customerMatches(email, name, value)).map(([email]) => email);

describe('customer: queries', () => {
  it.each<[string, string[]]>([
    ['anna', ['anna@ex.com', 'info@annas-shoes.example']],
    ['Anna', ['anna@ex.com', 'info@annas-shoes.example']],
    ['hannah', ['hannah@ex.com']],
    ['virt', ['anna@ex.com']],
    ['anna@ex.com', ['anna@ex.com']],
    ['@ex.com', ['anna@ex.com', 'hannah@ex.com']],
    ['ex.com', ['anna@ex.com', 'hannah@ex.com']],
    ['joelle', ['j.dupont@ex.fr']],
    ['JOËLLE', ['j.dupont@ex.fr']],
    ['dupont', ['j.dupont@ex.fr']],
    ['田中', ['yuki@ex.jp']],
    ['優希', ['yuki@ex.jp']],
    ['nna', []],
    ['ex.co', ['anna@ex.com', 'hannah@ex.com']],
  ])('customer:%s', (value, expected) => {
    expect(who(value)).toEqual(expected);
  });

  it('means the same in the store (SQL) as in the matcher: anna is not Hannah', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    const shop = `${agent.name} <${agent.email}>`;
    await s.importer.import(people.map(([email, name], i) => input(rawMessage({ from: `${name} <${email}>`, to: shop, subject: `Question ${i}`, id: `<q${i}@x>` }))));
    for (const value of ['anna', 'hannah', 'virt', '@ex.com', 'joelle', '田中', 'nna']) {
      const listed = (await s.conversations.list(`customer:${value}`)).map((c) => c.customer).sort();
      expect(listed, value).toEqual(who(value).sort());
      const items = (await s.conversations.listItems(`customer:${value}`)).map((c) => c.customer).sort();
      expect(items, value).toEqual(who(value).sort());
    }
  });
});
