/**
 * Names that are also JavaScript object properties (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`, `valueOf`) arrive in mail data as folder names, addresses, tags and Message-IDs.
 * As keys of plain objects they read as inherited values or set the prototype instead of an entry:
 * sync broke and customer notes were lost. Every map keyed by mail data is a Map or a
 * null-prototype object (core/domain/dict.ts); these tests drive the real CLI and a real Dovecot.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { fixture, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { syncFixture } from '../helpers/sync-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

const { dovecot } = inject('mail');
const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

type Listed = { id: string; subject: string; tags: string[]; customer: string };
const list = async (env: Record<string, string>) => {
  const r = await spawnCli(['list', '--json'], { env });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Listed[]).sort((a, b) => (a.subject < b.subject ? -1 : 1));
};

describe('data keys that are object properties', () => {
  it('customers, Message-IDs, tags and notes named like them: all imported and kept', { timeout: 120_000 }, async () => {
    const f = fixture();
    const dir = tempDir();
    // Each name as a bare address, as an address's local part, and as a Message-ID; replies thread by it.
    names.forEach((name, i) => {
      writeFileSync(join(dir, `${i}a.eml`), rawMessage({ from: `${name}@x.example`, to: 'riitta@shop.example', subject: `Q ${i}`, id: `<${name}>`, date: `Mon, 02 Nov 2026 10:0${i}:00 +0000` }));
      writeFileSync(join(dir, `${i}b.eml`), rawMessage({ from: `${name}@x.example`, to: 'riitta@shop.example', subject: `Re: Q ${i}`, id: `<${name}.2@x.example>`, irt: `<${name}>`, date: `Mon, 02 Nov 2026 11:0${i}:00 +0000` }));
      writeFileSync(join(dir, `${i}c.eml`), rawMessage({ from: name, to: 'riitta@shop.example', subject: `Bare ${i}`, id: `<bare-${i}@x.example>` }));
    });
    const r = await spawnCli(['import', dir], { env: f.env });
    expect(r.code, r.stderr).toBe(0);
    const listed = await list(f.env);
    const threads = listed.filter((c) => c.subject.startsWith('Q '));
    expect(threads.map((c) => c.subject)).toEqual(names.map((_, i) => `Q ${i}`));
    for (const c of threads) {
      // Tags named like them, then a customer note and a conversation note.
      expect((await spawnCli(['tag', c.id, ...names.map((n) => `+${n.toLowerCase()}`)], { env: f.env })).code).toBe(0);
      expect((await spawnCli(['note', c.id, '--customer', `about ${c.customer}`], { env: f.env })).code).toBe(0);
      expect((await spawnCli(['note', c.id, `on ${c.subject}`], { env: f.env })).code).toBe(0);
    }
    // A second import of the same mail (dedupe by Message-ID) and a third message from each: nothing lost.
    expect((await spawnCli(['import', dir], { env: f.env })).code).toBe(0);
    const after = await list(f.env);
    expect(after.length).toBe(listed.length);
    for (const c of after.filter((x) => x.subject.startsWith('Q '))) {
      expect(c.tags.sort()).toEqual(names.map((n) => n.toLowerCase()).sort());
      const shown = JSON.parse((await spawnCli(['show', c.id, '--json'], { env: f.env })).stdout) as { messages: unknown[]; notes: { text: string }[]; customerDetails: { notes: { text: string }[] } };
      expect(shown.messages).toHaveLength(2);
      expect(shown.notes.map((n) => n.text)).toEqual([`on ${c.subject}`]);
      expect(shown.customerDetails.notes.map((n) => n.text)).toEqual([`about ${c.customer}`]);
    }
  });

  it('customer notes put back from an --state file under such keys are all kept', { timeout: 60_000 }, async () => {
    const f = fixture();
    const dir = tempDir();
    writeFileSync(join(dir, 'm.eml'), rawMessage({ from: 'Anna <anna@x.example>', to: 'riitta@shop.example', subject: 'Hi', id: '<m1@x.example>' }));
    expect((await spawnCli(['import', join(dir, 'm.eml')], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['export', '--format', 'jsonl', '--out', join(dir, 'state.jsonl')], { env: f.env })).code).toBe(0);
    const row = JSON.parse(readFileSync(join(dir, 'state.jsonl'), 'utf8')) as { customer: { email: string; notes: unknown[] } };
    // A hand-edited or hostile state file: one row per key, each with a customer note.
    const rows = names.map((name, i) => JSON.stringify({ ...row, customer: { ...row.customer, email: name, notes: [{ id: `n${i}`, text: `note ${name}`, at: '2026-01-01T00:00:00.000Z', author: 'a' }] } }));
    writeFileSync(join(dir, 'state.jsonl'), `${rows.join('\n')}\n`);
    const r = await spawnCli(['import', '--state', join(dir, 'state.jsonl')], { env: f.env });
    expect(r.code, r.stderr).toBe(0);
    // Each one a customer of its own in the store, with exactly its note.
    const s = await servicesFor(f);
    try {
      for (const name of names) expect(s.conversations.customer(name).notes.map((n) => n.text), name).toEqual([`note ${name}`]);
    } finally {
      await s.store.close();
    }
  });

  it('IMAP folders named like them sync through the real Dovecot, twice', { timeout: 120_000 }, async () => {
    const folders = ['INBOX', ...names];
    const f = await syncFixture(dovecot, { folders });
    for (const [i, folder] of folders.entries()) {
      await appendMessages(dovecot, f.user, folder, [rawMessage({ from: `c${i}@x.example`, to: 'riitta@shop.example', subject: `In ${folder}`, id: `<f${i}@x.example>` })]);
    }
    const first = await spawnCli(['sync'], { env: f.env });
    expect(first.code, first.stderr).toBe(0);
    expect((await list(f.env)).map((c) => c.subject)).toEqual(folders.map((n) => `In ${n}`).sort());
    for (const [i, folder] of folders.entries()) {
      await appendMessages(dovecot, f.user, folder, [rawMessage({ from: `c${i}@x.example`, to: 'riitta@shop.example', subject: `Again ${folder}`, id: `<g${i}@x.example>` })]);
    }
    const second = await spawnCli(['sync'], { env: f.env });
    expect(second.code, second.stderr).toBe(0);
    expect((await list(f.env)).map((c) => c.subject)).toEqual([...folders.map((n) => `Again ${n}`), ...folders.map((n) => `In ${n}`)].sort());
  });
});
