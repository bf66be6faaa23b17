/**
 * The text the store keeps of each message (message_texts rows, written with the metadata at import)
 * and reading a conversation's messages back with it (MailStore.storedMessages), which show and
 * exports run on.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { openMailIndex } from '../../../src/adapters/store/sqlite/mail-index.js';
import { corpus } from '../../helpers/corpus.js';
import { runCli } from '../../helpers/run-cli.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

describe('kept message texts', () => {
  it('keeps each message\'s quote split, as a parse of the raw file makes it, and show reads it instead of the raw file', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    expect((await runCli(['import', corpus('mime')], { env: f.env })).exitCode).toBe(0);
    const views = await s.conversations.list();
    const parser = new PostalMimeParser();
    let split = 0;
    for (const { meta, text, split: kept } of views.flatMap((v) => s.store.storedMessages(v.record.seqs, true))) {
      if (text === undefined) continue;
      const body = await parser.body(await s.store.readRaw(meta.hash));
      expect(kept, meta.source).toEqual({ fragments: body.fragments, warnings: body.warnings });
      if (kept!.fragments.some((x) => x.kind !== 'text')) split++;
    }
    expect(split).toBeGreaterThan(10);
    // A quoting reply whose raw file is gone still shows, folded: show read the kept split, not the raw file.
    const g = fixture();
    const t = await servicesFor(g);
    const raw = rawMessage({ from: 'Anna <anna@ex.com>', to: agent.email, subject: 'Size', id: '<q1@ex.com>', body: 'Too small.\n\nOn Mon, 2 Nov 2026, Shop wrote:\n> Here are your shoes.' });
    await t.importer.import([input(raw)]);
    const [view] = await t.conversations.list();
    const [meta] = await t.store.messages(view.record.seqs);
    rmSync(join(g.dataDir, 'raw'), { recursive: true, force: true });
    const detail = await t.conversations.show(view.id);
    expect(detail.messages[0].body.fragments.map((x) => x.kind).slice(0, 2)).toEqual(['text', 'quote']);
    expect(meta.hash).toMatch(/^[0-9a-f]{64}$/);
  }, 180_000);

  it('keeps for every corpus message the text a parse of its raw file gives, and reads it back in the order asked for', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    expect((await runCli(['import', corpus('mime')], { env: f.env })).exitCode).toBe(0);
    const views = await s.conversations.list();
    const groups = views.map((v) => [...v.record.seqs].reverse());
    const read = groups.map((g) => s.store.storedMessages(g, true));
    expect(read.map((g) => g.map((m) => m.meta.seq))).toEqual(groups);
    const parser = new PostalMimeParser();
    let kept = 0;
    for (const { meta, text } of read.flat()) {
      const raw = await s.store.readRaw(meta.hash);
      const parsed = await parser.text(raw);
      // Not kept: mail that did not parse, and texts over 256 KB (the export parses those again).
      if (meta.parseError || parsed.length > 256 * 1024) expect(text, meta.source).toBeUndefined();
      else expect(text, meta.source).toBe(parsed);
      if (text !== undefined) kept++;
    }
    expect(kept).toBeGreaterThan(100);
    // Without asking for text, none is read.
    expect(groups.slice(0, 3).flatMap((g) => s.store.storedMessages(g, false)).every((m) => m.text === undefined)).toBe(true);
  }, 120_000);

  it('a message without a kept text (migrated from a store that kept none): export parses its raw file instead, and new mail has its text kept', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    const mail = (n: number) => input(rawMessage({ from: `C${n} <c${n}@ex.com>`, to: agent.email, subject: `Question ${n}`, id: `<q${n}@ex.com>`, body: `Body of question ${n}.` }));
    await s.importer.import([mail(1), mail(2)]);
    const before = (await runCli(['export', '--format', 'jsonl'], { env: f.env })).stdout;
    await s.store.close();
    const index = openMailIndex(f.dataDir);
    index.db.prepare('DELETE FROM message_texts').run();
    index.close();
    expect((await runCli(['export', '--format', 'jsonl'], { env: f.env })).stdout).toBe(before);

    const later = await servicesFor(f);
    await later.importer.import([mail(3)]);
    const kept = (await later.conversations.list()).flatMap((v) => later.store.storedMessages(v.record.seqs, true)).map((m) => [m.meta.messageId, m.text?.trim() ?? null]);
    expect(kept.sort()).toEqual([['<q1@ex.com>', null], ['<q2@ex.com>', null], ['<q3@ex.com>', 'Body of question 3.']]);
    const texts = (await runCli(['export', '--format', 'jsonl'], { env: f.env })).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { messages: { text: string }[] }).messages[0].text.trim());
    expect(texts.sort()).toEqual(['Body of question 1.', 'Body of question 2.', 'Body of question 3.']);
  });
});
