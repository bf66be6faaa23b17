/**
 * The demo store: its own config and data folder (see demoPaths), filled on first use with the
 * demo shop's mail, so `npm start` works on a fresh machine without touching a real store.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/ports/clock.js';
import { ensurePrivateDir, writeFileAtomic } from '../adapters/store/atomic-file.js';
import { loadConfig } from './config.js';
import { createServices, type Services } from './create-services.js';
import type { Paths } from './paths.js';

export async function ensureDemoStore(paths: Paths, clock: Clock = systemClock): Promise<void> {
  if (existsSync(join(paths.dataDir, 'index.sqlite'))) return;
  // The demo's mail is built with nodemailer's composer: loaded only the once the store is made,
  // not by every `h2h --demo list`.
  const { buildDemoMailbox, demoAgent } = await import('../demo/build-demo-mailbox.js');
  const { demoConversations } = await import('../demo/demo-conversations.js');
  await ensurePrivateDir(paths.configDir);
  if (!existsSync(paths.configFile)) {
    const config = { agent: demoAgent, searches: { refunds: 'tag:refund status:open', urgent: 'is:unanswered (tag:defect or tag:lost-parcel)' } };
    await writeFileAtomic(paths.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }
  const services = await createServices(paths, await loadConfig(paths.configFile), { clock });
  const now = clock.now();
  const mail = await buildDemoMailbox(now);
  await services.importer.import(mail.map((m) => ({ raw: m.raw, source: m.source, seen: false })));
  // The owner's earlier decisions, so every view of the demo has something in it.
  const all = await services.conversations.list();
  const week = 7 * 86_400_000;
  for (const c of demoConversations) {
    const view = all.find((v) => v.customer === c.customer.email && v.record.subjects.includes(c.subject));
    if (!view) continue;
    const id = view.id;
    if (c.tags) await services.conversations.tag([id], c.tags, []);
    if (c.status === 'snoozed') await services.conversations.setStatus([id], 'snoozed', now + week);
    else if (c.status) await services.conversations.setStatus([id], c.status);
    if (c.note) await services.conversations.addNote(id, c.note, demoAgent.name);
    if (c.customerNote) await services.conversations.addCustomerNote(c.customer.email, c.customerNote, demoAgent.name);
    // Written as a decision of its own: one already due could not be made through the service (it refuses a time past).
    if (c.promise) await promiseAt(services.store, id, c.promise, now);
    if (c.status === 'closed' || c.turns[c.turns.length - 1].who === 'shop') await services.conversations.markRead([id], true);
  }
}

async function promiseAt(store: Services['store'], id: string, p: { in: number; text: string }, now: number): Promise<void> {
  const by = new Date(now + p.in * 60_000).toISOString();
  await store.transact((tx) => {
    const entry = tx.conversation(id);
    if (entry) tx.writeStates(new Map([[id, { ...entry.state, promise: { by, text: p.text, at: new Date(now - 2 * 86_400_000).toISOString() } }]]));
  });
}

export async function resetDemoStore(paths: Paths): Promise<void> {
  await rm(paths.dataDir, { recursive: true, force: true });
}
