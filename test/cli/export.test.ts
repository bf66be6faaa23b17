/**
 * `h2h export` on an imported real archive (the Apache httpd-users list, July 2020), read back by
 * Python's own mailbox, csv and json modules: every message present, bytes intact; Markdown and
 * HTML per conversation, the HTML with no script and nothing remote.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus } from '../helpers/corpus.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { agent, fixture, type Fixture } from '../helpers/store-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

const archive = corpus('mbox', 'apache-ponymail', 'httpd-users-2020-07.mbox');
let f: Fixture;
let messages: number;
let conversations: number;

const python = (script: string, ...args: string[]) => execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1e8 });

beforeAll(async () => {
  // Shared by the tests below (tempDir() folders go after each test): its own folder, removed after all.
  const root = mkdtempSync(join(tmpdir(), 'h2h-export-'));
  writeFileSync(join(root, 'config.json'), JSON.stringify({ agent }), { mode: 0o600 });
  f = { root, configFile: join(root, 'config.json'), dataDir: join(root, 'data'), env: { H2H_CONFIG: join(root, 'config.json'), H2H_DATA_DIR: join(root, 'data') } };
  const imported = await spawnCli(['import', archive, '--json'], { env: f.env });
  expect(imported.code).toBe(0);
  messages = (JSON.parse(imported.stdout) as { added: number }).added;
  conversations = (JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as unknown[]).length;
  expect(messages).toBeGreaterThan(100);
}, 60_000);
afterAll(() => rmSync(f.root, { recursive: true, force: true }));

describe('h2h export', () => {
  it('mbox (mboxrd) that Python reads back with every message, byte for byte', async () => {
    const out = join(tempDir(), 'all.mbox');
    const r = await spawnCli(['export', '--format', 'mbox', '--out', out], { env: f.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`exported ${conversations} conversations, ${messages} messages as mbox to ${out}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // Python's mailbox reads each message (mboxrd quoting undone here, as Python's mbox leaves it);
    // their sha256 are exactly the stored raw files' (the JSONL export lists them).
    const fromPython = python(
      "import mailbox,hashlib,re,sys\nfor k in mailbox.mbox(sys.argv[1]).keys():\n  b=mailbox.mbox(sys.argv[1]).get_bytes(k)\n  print(hashlib.sha256(re.sub(rb'(?m)^>(>*From )', rb'\\1', b)).hexdigest())",
      out,
    ).trim().split('\n');
    const jsonl = (await spawnCli(['export', '--format', 'jsonl'], { env: f.env })).stdout;
    const stored = jsonl.trim().split('\n').flatMap((l) => (JSON.parse(l) as { messages: { sha256: string }[] }).messages.map((m) => m.sha256));
    expect(fromPython).toHaveLength(messages);
    expect(fromPython.sort()).toEqual(stored.sort());
  });

  it('JSON Lines with every conversation and message, and CSV with a row per message', async () => {
    const dir = tempDir();
    expect((await spawnCli(['export', '--format', 'jsonl', '--out', join(dir, 'all.jsonl')], { env: f.env })).code).toBe(0);
    const counted = python("import json,sys\nrows=[json.loads(l) for l in open(sys.argv[1],encoding='utf-8')]\nprint(len(rows), sum(len(r['messages']) for r in rows))", join(dir, 'all.jsonl'));
    expect(counted.trim()).toBe(`${conversations} ${messages}`);
    const csv = await spawnCli(['export', '--format', 'csv'], { env: f.env });
    expect(csv.code).toBe(0);
    const parsed = execFileSync('python3', ['-c', "import csv,sys\nrows=list(csv.DictReader(sys.stdin))\nprint(len(rows), len({r['message_id'] for r in rows}), rows[0]['direction'] in ('inbound','outbound'))"], { input: csv.stdout, encoding: 'utf8' });
    expect(parsed.trim()).toBe(`${messages} ${messages} True`);
  });

  it('neutralises CSV cells a spreadsheet would run as formulas', async () => {
    const g = fixture();
    const eml = join(tempDir(), 'formula.eml');
    writeFileSync(eml, 'From: =HYPERLINK("http://evil.example") <eve@ex.com>\r\nTo: Riitta Virtanen <riitta@shop.example>\r\nSubject: =1+2\r\nMessage-ID: <f@ex.com>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\n@SUM(A1)\r\n');
    expect((await spawnCli(['import', eml], { env: g.env })).code).toBe(0);
    const csv = (await spawnCli(['export', '--format', 'csv'], { env: g.env })).stdout;
    const cells = execFileSync('python3', ['-c', "import csv,sys,json\nr=list(csv.DictReader(sys.stdin))[0]\nprint(json.dumps([r['subject'], r['text'].strip()]))"], { input: csv, encoding: 'utf8' });
    expect(JSON.parse(cells)).toEqual(["'=1+2", "'@SUM(A1)"]);
  });

  it('Markdown and HTML files per conversation; the HTML runs nothing and loads nothing', async () => {
    const dir = tempDir();
    expect((await spawnCli(['export', '--format', 'md', '--out', join(dir, 'md')], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['export', '--format', 'html', '--out', join(dir, 'html')], { env: f.env })).code).toBe(0);
    expect(readdirSync(join(dir, 'md'))).toHaveLength(conversations);
    const pages = readdirSync(join(dir, 'html'));
    expect(pages).toHaveLength(conversations);
    for (const page of pages) {
      const html = readFileSync(join(dir, 'html', page), 'utf8');
      expect(html).not.toMatch(/<script|<iframe|<object|<embed|<img|<link|\son\w+=|javascript:/i);
      expect(html).not.toMatch(/\b(src|href)=/i);
      expect(html).toContain(`default-src 'none'`);
    }
    expect((await spawnCli(['export', '--format', 'html'], { env: f.env })).code).toBe(2);
  });

  it('moves history to an empty store: the mbox back in, then tags, status and notes from the JSONL', async () => {
    // Decisions on the shared store first.
    const before = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
    const [a, b, c] = before.map((x) => x.id);
    expect((await spawnCli(['tag', a, b, '+refund', '+vip'], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['close', b], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['snooze', c, '--until', '2w'], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['note', a, 'Promised a call back'], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['note', a, '--customer', 'Prefers email'], { env: f.env })).code).toBe(0);
    const dir = tempDir();
    expect((await spawnCli(['export', '--format', 'mbox', '--out', join(dir, 'all.mbox')], { env: f.env })).code).toBe(0);
    expect((await spawnCli(['export', '--format', 'jsonl', '--out', join(dir, 'all.jsonl')], { env: f.env })).code).toBe(0);

    const g = fixture();
    const moved = await spawnCli(['import', join(dir, 'all.mbox'), '--state', join(dir, 'all.jsonl')], { env: g.env });
    expect(moved.code).toBe(0);
    expect(moved.stderr).toContain(`put back tags, status and notes of ${conversations} conversation(s)`);
    const shape = async (env: Record<string, string>) =>
      (JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as { id: string; status: string; tags: string[]; messageCount: number }[])
        .map(({ id, status, tags, messageCount }) => ({ id, status, tags, messageCount }))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(await shape(g.env)).toEqual(await shape(f.env));
    const show = async (env: Record<string, string>) => {
      const d = JSON.parse((await spawnCli(['show', a, '--json'], { env })).stdout) as { notes: unknown[]; customerDetails: { notes: unknown[] } };
      return [d.notes, d.customerDetails.notes];
    };
    expect(await show(g.env)).toEqual(await show(f.env));
  });
});
