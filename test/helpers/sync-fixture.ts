import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { createServices, type Services } from '../../src/app/create-services.js';
import type { MessageMeta } from '../../src/core/domain/message.js';
import type { Clock } from '../../src/core/ports/clock.js';
import type { MailStore } from '../../src/core/ports/mail-store.js';
import type { SyncService } from '../../src/core/services/sync-service.js';
import type { DovecotEnv } from '../mail-harness/dovecot.js';
import { uniqueUser, type MailUser } from '../mail-harness/mailbox.js';
import { agent, rawMessage, type Fixture } from './store-fixture.js';
import { tempDir } from './temp-dir.js';

export type SyncFixture = Fixture & { user: MailUser; server: DovecotEnv };

/**
 * An h2h home whose account is a fresh user on a test Dovecot, over STARTTLS (required) with the
 * server's own certificate as CA, as a real setup would be. The password comes from the environment.
 */
export async function syncFixture(server: DovecotEnv, account: Record<string, unknown> = {}): Promise<SyncFixture> {
  const user = await uniqueUser(server, 'sync');
  const root = tempDir();
  const ca = join(root, 'ca.pem');
  writeFileSync(ca, server.certPem);
  const configFile = join(root, 'config.json');
  const imap = server.ssl
    ? { host: '127.0.0.1', port: server.port, user: user.address, tls: 'starttls', ca }
    : { host: '127.0.0.1', port: server.port, user: user.address, tls: 'none' };
  // Fixed dates against the real clock: history is not closed at import (see store-fixture.ts).
  writeFileSync(configFile, JSON.stringify({ agent, history: { closeOlderThanDays: 0 }, account: { imap, ...account } }), { mode: 0o600 });
  const dataDir = join(root, 'data');
  return { root, configFile, dataDir, user, server, env: { H2H_CONFIG: configFile, H2H_DATA_DIR: dataDir, H2H_IMAP_PASSWORD: user.password } };
}

/** Every message the store holds (seqs are rowids from 1, never reused: a test store holds far fewer than `upTo`). */
export function storedMessages(store: MailStore, upTo = 10_000): MessageMeta[] {
  return store.messages(Array.from({ length: upTo }, (_, i) => i + 1));
}

/** Fast retries, so a test of a dropped connection does not wait seconds. */
export async function syncServicesFor(f: SyncFixture, env: Record<string, string> = {}, clock?: Clock): Promise<Services & { sync: SyncService }> {
  const services = await createServices({ configFile: f.configFile, configDir: f.root, dataDir: f.dataDir }, await loadConfig(f.configFile), {
    ...(clock ? { clock } : {}),
    env: { H2H_IMAP_PASSWORD: f.user.password, ...env },
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
  });
  if (!services.sync) throw new Error('no sync service: account missing from the fixture config');
  return services as Services & { sync: SyncService };
}

const customers = ['Anna Korhonen <anna@example.com>', 'Mikko Mäkinen <mikko@example.fi>', 'Lukas Schmidt <lukas@example.de>'];

/** A customer's question and, when `answered`, the shop's reply (which belongs in Sent). */
export function exchange(n: number, answered = true): { question: Buffer; reply: Buffer | null; questionId: string } {
  const customer = customers[n % customers.length];
  const questionId = `<q${n}@example.com>`;
  const day = String(1 + (n % 27)).padStart(2, '0');
  const question = rawMessage({ from: customer, to: `${agent.name} <${agent.email}>`, subject: `Order ${1000 + n}`, id: questionId, date: `Mon, ${day} Nov 2026 09:00:00 +0000`, body: `Where is order ${1000 + n}?` });
  const reply = answered
    ? rawMessage({ from: `${agent.name} <${agent.email}>`, to: customer, subject: `Re: Order ${1000 + n}`, id: `<r${n}@shop.example>`, irt: questionId, refs: questionId, date: `Mon, ${day} Nov 2026 10:00:00 +0000`, body: `It left today.\n\n> Where is order ${1000 + n}?` })
    : null;
  return { question, reply, questionId };
}

/**
 * Milliseconds from `deliver()` (called once `--watch` is watching) until the watch stores new mail
 * in INBOX; -1 when the watch ends first. The watch is stopped before returning.
 */
export async function watchLatency(services: { sync: SyncService }, deliver: () => Promise<unknown>): Promise<number> {
  const stop = new AbortController();
  let watching!: () => void;
  const started = new Promise<void>((resolve) => (watching = resolve));
  let arrived!: (ms: number) => void;
  const stored = new Promise<number>((resolve) => (arrived = resolve));
  let deliveredAt = 0;
  const watch = services.sync.watch({
    signal: stop.signal,
    onEvent: (e) => {
      if (e.type === 'watching') watching();
      if (e.type === 'folder-done' && e.report.folder === 'INBOX' && e.report.added > 0 && deliveredAt) arrived(Date.now() - deliveredAt);
    },
  });
  try {
    await started;
    deliveredAt = Date.now();
    await deliver();
    return await Promise.race([stored, watch.then(() => -1)]);
  } finally {
    stop.abort();
    await watch;
  }
}
