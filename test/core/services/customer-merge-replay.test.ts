/**
 * Who is who, rebuilt from the shared words (customer-addresses.ts `rebuild`): whatever merges and
 * splits the owner makes one after another on one machine, a new machine reading her words gets
 * the same people, address for address. Random sequences, through the real store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyShared, joinStates } from '../../../src/core/domain/shared-state/shared-state.js';
import { UsageError } from '../../../src/core/errors.js';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const addresses = ['anna@example.fi', 'anna.k@work.example', 'bo@ex.com', 'cy@ex.org', 'di@ex.net'];

async function desk() {
  const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
  await s.importer.import(addresses.map((a, i) => input(rawMessage({ from: a, to: shop, subject: `Hello ${i}`, id: `<m${i}@ex>`, date: `Mon, 0${i + 1} Nov 2026 09:00:00 +0000` }))));
  return s;
}

type Step = { merge: true; person: number; address: number } | { merge: false; address: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ merge: fc.constant(true as const), person: fc.nat(addresses.length - 1), address: fc.nat(addresses.length - 1) }),
  fc.record({ merge: fc.constant(false as const), address: fc.nat(addresses.length - 1) }),
);

describe('people rebuilt from the shared words', () => {
  it('are those the owner made one step after another', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const here = await desk();
        for (const st of steps) {
          // Steps the service refuses (already merged, a person split…) change nothing, as for the owner.
          const done = st.merge ? here.customerMerges.merge(addresses[st.person], addresses[st.address]) : here.customerMerges.split(addresses[st.address]);
          await done.catch((error: unknown) => {
            if (!(error instanceof UsageError)) throw error;
          });
        }
        const words = here.store.sharedPending().reduce((acc, p) => joinStates(acc, p.delta), emptyShared());
        const fresh = await desk();
        await fresh.store.transact((tx) => {
          const changed = tx.mergeShared(words);
          for (const [email, c] of Object.entries(tx.sharedEntries({ customers: changed.customers }).customers)) if (c.sameAs) tx.writeUnsharedCustomer(email, { sameAs: c.sameAs.v });
        });
        expect(addresses.map((a) => fresh.store.personOf(a))).toEqual(addresses.map((a) => here.store.personOf(a)));
      }),
      { numRuns: 40 },
    );
  });
});
