/**
 * Hostile input: every message of the MIME corpus, the named attacks of hostile-cases.ts and
 * generated mail (fast-check, seeded) import without a crash or a hang, keep their bytes exactly,
 * and show as text a terminal cannot act on. (The soak variant runs many more generated messages:
 * npm run test:soak.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/domain/short-id.js';
import { corpusMessages } from '../helpers/corpus.js';
import { runCli } from '../helpers/run-cli.js';
import { fixture, input, servicesFor } from '../helpers/store-fixture.js';
import { generatedMail, hostileCases, unsafeForTerminal } from './hostile-cases.js';


/** Imports `raws` into a fresh store; checks each is stored byte for byte, and every text output about it is safe. */
async function importAndShow(raws: Buffer[], options: { showEach: boolean } = { showEach: true }) {
  const f = fixture();
  const s = await servicesFor(f);
  const report = await s.importer.import(raws.map((raw, i) => input(raw, `hostile#${i}`)));
  expect(report.read).toBe(raws.length);
  const views = await s.conversations.list();
  const stored = new Map<string, Buffer>();
  for (const v of views) for (const m of await s.store.messages(v.record.seqs)) stored.set(m.hash, await s.store.readRaw(m.hash));
  // Every message is in the store under its own sha256 with exactly its bytes (copies of one Message-ID included).
  for (const raw of raws) expect(stored.get(sha256Hex(raw))?.equals(raw) ?? (await s.store.readRaw(sha256Hex(raw))).equals(raw)).toBe(true);
  const env = { ...f.env, NO_COLOR: '1' };
  const outputs: string[] = [];
  for (const args of [['list'], ['customers']]) outputs.push(await cli(args, env));
  if (options.showEach) for (const v of views) outputs.push(await cli(['show', '--quotes', v.id], env));
  return { outputs, views };
}

async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const r = await runCli(args, { env, tty: true, columns: 100 });
  expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  const all = r.stdout + r.stderr;
  expect(all, args.join(' ')).not.toMatch(unsafeForTerminal);
  expect(all).not.toContain('\u001b');
  return all;
}

describe('hostile mail', () => {
  for (const c of hostileCases) {
    it(`${c.name}: imported whole, shown safely`, async () => {
      const { outputs } = await importAndShow([c.raw()]);
      if (c.shows) expect(outputs.join('\n')).toContain(c.shows);
    }, 60_000);
  }

  it('every message of the MIME corpus: imported byte for byte, shown safely', async () => {
    const messages = await corpusMessages();
    expect(messages.length).toBeGreaterThan(190);
    await importAndShow(messages.map((m) => m.raw));
  }, 120_000);

  it('generated mail (fast-check, seeded): imported byte for byte, shown safely', async () => {
    const numRuns = Number(process.env.H2H_FUZZ_RUNS ?? 60);
    let messages = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(generatedMail, { minLength: 1, maxLength: 4 }), async (raws) => {
        messages += raws.length;
        await importAndShow(raws);
      }),
      { seed: 20261123, numRuns },
    );
    if (process.env.H2H_FUZZ_RUNS) console.info(`generated mail: ${numRuns} runs, ${messages} messages imported and shown in ${((performance.now() - started) / 1000).toFixed(1)} s, none lost or unsafe`);
  }, 60_000 + Number(process.env.H2H_FUZZ_RUNS ?? 60) * 500);
});
