/**
 * Grouping does not depend on the order or the batches mail arrives in: the corpus archives (real
 * list months, the three exports of one month, the duplicate set, the notmuch threading sets),
 * imported through the real ImportService in random orders and random batch splits, always give the
 * same conversations, and those are the ones the pure assembler derives from all the messages at once.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSources } from '../../src/adapters/sources/read-sources.js';
import { assembleConversations } from '../../src/core/domain/conversation-relation.js';
import type { ImportInput } from '../../src/core/services/import-service.js';
import { groupingMessage } from '../../src/core/services/message-records.js';
import { corpus } from '../helpers/corpus.js';
import { allMessages, conversationsOf, importFixture, type ImportFixture } from '../helpers/import-fixture.js';

// The shop is nobody in these archives: every message is a customer's.
const shop = ['shop@h2h.invalid'];
const windowMs = 30 * 86_400_000; // the configured default (config.ts threading.subjectWindowDays)

async function corpusInputs(): Promise<ImportInput[]> {
  const mboxDir = corpus('mbox/apache-ponymail');
  const paths = [
    ...readdirSync(mboxDir).filter((n) => n.endsWith('.mbox')).map((n) => `${mboxDir}/${n}`),
    ...['notmuch-default', 'notmuch-threading', 'notmuch-broken-loop', 'notmuch-duplicate'].map((set) => corpus('threading', set)),
  ];
  const inputs: ImportInput[] = [];
  for await (const input of readSources(paths).inputs) inputs.push(input);
  return inputs;
}

/** One conversation as the sorted Message-IDs of its messages; a partition as the sorted list of those. */
const partitionKey = (groups: string[][]) => groups.map((ids) => [...new Set(ids)].sort().join(' ')).sort();

async function storedPartition(f: ImportFixture): Promise<{ store: string[]; assembled: string[] }> {
  const store = [...conversationsOf(f).values()];
  const assembled = assembleConversations(allMessages(f).map(groupingMessage), windowMs).map((group) => group.map((m) => m.messageId));
  await f.store.close();
  return { store: partitionKey(store), assembled: partitionKey(assembled) };
}

async function importInBatches(inputs: ImportInput[], cuts: number[], batchSize: number): Promise<ImportFixture> {
  const f = await importFixture({ shop, subjectWindowDays: 30 });
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), inputs.length];
  for (let k = 1; k < bounds.length; k++) await f.importer.import(inputs.slice(bounds[k - 1], bounds[k]), { batchSize });
  return f;
}

describe('conversations do not depend on import order', () => {
  it('random permutations and batch splits of the corpus archives give one partition, the assembler’s', async () => {
    const inputs = await corpusInputs();
    expect(inputs.length).toBeGreaterThan(1000);
    const reference = await storedPartition(await importInBatches(inputs, [], 2000));
    expect(reference.store).toEqual(reference.assembled);
    const n = inputs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([...inputs.keys()], { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 1, max: n - 1 }), { maxLength: 6 }),
        fc.integer({ min: 3, max: 600 }),
        async (order, cuts, batchSize) => {
          const got = await storedPartition(await importInBatches(order.map((i) => inputs[i]), cuts, batchSize));
          expect(got.store).toEqual(got.assembled);
          expect(got.store).toEqual(reference.store);
        },
      ),
      { numRuns: 4, seed: 14, endOnFailure: true },
    );
  }, 300_000);
});
