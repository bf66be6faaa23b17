import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { createServices, type Services } from '../../src/app/create-services.js';
import type { Clock } from '../../src/core/ports/clock.js';
import { tempDir } from './temp-dir.js';

export const agent = { name: 'Riitta Virtanen', email: 'riitta@shop.example', aliases: ['hello@shop.example'] };

export type Fixture = { root: string; configFile: string; dataDir: string; env: Record<string, string> };

/**
 * A configured h2h home in a temp folder: config with the agent's identity, an empty data folder.
 * The tests' mail has fixed dates, read against the real clock too: history is not closed at import
 * unless a test asks for it (`history` in `config`), or the suite's results would change with the date.
 */
export function fixture(config: Record<string, unknown> = { agent }, root = tempDir()): Fixture {
  const configFile = join(root, 'config.json');
  writeFileSync(configFile, JSON.stringify({ history: { closeOlderThanDays: 0 }, ...config }), { mode: 0o600 });
  const dataDir = join(root, 'data');
  return { root, configFile, dataDir, env: { H2H_CONFIG: configFile, H2H_DATA_DIR: dataDir } };
}

export async function servicesFor(f: Fixture, clock?: Clock): Promise<Services> {
  return createServices({ configFile: f.configFile, configDir: f.root, dataDir: f.dataDir }, await loadConfig(f.configFile), { clock });
}

export const fixedClock = (iso: string): Clock => ({ now: () => Date.parse(iso) });

/** A raw RFC 5322 message from a few fields. */
export function rawMessage(fields: { from: string; to: string; subject: string; id?: string; date?: string; irt?: string; refs?: string; body?: string; cc?: string; headers?: string }): Buffer {
  const lines = [`From: ${fields.from}`, `To: ${fields.to}`, `Subject: ${fields.subject}`];
  if (fields.cc) lines.push(`Cc: ${fields.cc}`);
  if (fields.id) lines.push(`Message-ID: ${fields.id}`);
  lines.push(`Date: ${fields.date ?? 'Mon, 02 Nov 2026 10:00:00 +0000'}`);
  if (fields.irt) lines.push(`In-Reply-To: ${fields.irt}`);
  if (fields.refs) lines.push(`References: ${fields.refs}`);
  if (fields.headers) lines.push(fields.headers);
  lines.push('Content-Type: text/plain; charset=utf-8', '', fields.body ?? 'Hello');
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** The same with one attached file (base64), after the text: multipart/mixed. */
export function rawMessageWithFile(fields: Parameters<typeof rawMessage>[0] & { file: { name: string; type: string; content: Buffer } }): Buffer {
  const head = rawMessage({ ...fields, body: '' }).toString('latin1').split('Content-Type: text/plain; charset=utf-8')[0];
  const { name, type, content } = fields.file;
  const parts = ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', fields.body ?? 'Hello', '--b', `Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', content.toString('base64'), '--b--', ''];
  return Buffer.from(`${head}${parts.join('\r\n')}`, 'latin1');
}

export const input = (raw: Buffer, source = 'test') => ({ raw, source, seen: false });
