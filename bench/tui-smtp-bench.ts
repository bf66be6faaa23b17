/**
 * Part of `npm run bench -- tui`: key press to frame while a reply is being sent to an SMTP server
 * that takes the connection and never answers (as one behind a firewall dropping packets looks),
 * side by side with the same TUI idle. The send hangs for the 15 s greeting timeout; the presses
 * are made inside that window, and the row says whether the reply was still on its way after them.
 * A store of 2,000 conversations in a temp folder (a reply is queued in it, so not the kept store).
 */
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { createElement } from 'react';
import { loadConfig } from '../src/app/config.js';
import { createServices } from '../src/app/create-services.js';
import { App } from '../src/tui/app.js';
import { inkOptions } from '../src/tui/run-tui.js';
import { shop } from './generate-mailbox.js';
import { MemoryKeyboard, MemoryTerminal } from './tui-bench.js';

/** Per phase: j/k to next frame, and Enter to the opened conversation on screen (which reads the store). */
export type Phase = { keys: number[]; opens: number[] };
export type SmtpDropResult = { idle: Phase; sending: Phase; stillSending: boolean };

function message(i: number): Buffer {
  const date = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString();
  return Buffer.from([`From: Customer ${i} <c${i}@example.com>`, `To: ${shop.name} <${shop.email}>`, `Subject: Question ${i}`, `Message-ID: <q${i}@example.com>`, `Date: ${date}`, 'Content-Type: text/plain; charset=utf-8', '', `Where is order ${i}?`, ''].join('\r\n'));
}

export async function measureWhileSmtpDrops(presses = 150): Promise<SmtpDropResult> {
  const sockets: Socket[] = [];
  const silent = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'h2h-bench-smtp-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ agent: shop, account: { imap: { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' }, smtp: { host: '127.0.0.1', port, user: 'shop', tls: 'none' }, undoSendSeconds: 0 }, history: { closeOlderThanDays: 0 } }), { mode: 0o600 });
  const services = await createServices({ configFile, configDir: dir, dataDir: join(dir, 'data') }, await loadConfig(configFile), { env: { H2H_SMTP_PASSWORD: 'bench' } });
  await services.importer.import(Array.from({ length: 2000 }, (_, i) => ({ raw: message(i), source: 'bench', seen: false })));

  const out = new MemoryTerminal({ columns: 100, rows: 30 });
  const keyboard = new MemoryKeyboard();
  const instance = render(createElement(App, { services: { conversations: services.conversations, replies: services.replies, outbox: services.outbox, sync: null, clock: services.clock } }), {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    ...inkOptions,
  });
  const waitFor = async (text: string) => {
    while (!out.written.includes(text)) await out.next();
  };
  const press = async (key: string) => {
    // Spaced past Ink's throttle window: each press measures one key on its own.
    await new Promise((r) => setTimeout(r, 20));
    const frame = out.next();
    const pressed = performance.now();
    keyboard.type(key);
    return (await frame) - pressed;
  };
  /** Presses `key` and times until the screen shows `text` (an open waits for its read). */
  const until = async (key: string, text: string) => {
    await new Promise((r) => setTimeout(r, 20));
    out.written = '';
    const pressed = performance.now();
    keyboard.type(key);
    await waitFor(text);
    return performance.now() - pressed;
  };
  const run = async (n: number): Promise<Phase> => {
    const phase: Phase = { keys: [], opens: [] };
    for (let i = 0; i < n; i++) {
      phase.keys.push(await press(i % 50 < 40 ? 'j' : 'k'));
      if (i % 5 === 0) {
        phase.opens.push(await until('\r', 'conversation, customer since'));
        await until('q', 'conversations');
      }
    }
    return phase;
  };
  try {
    await waitFor('2,000 conversations');
    const idle = await run(presses);
    out.written = '';
    keyboard.type('\r');
    await waitFor('1st conversation');
    keyboard.type('r');
    await waitFor('Reply');
    keyboard.type('It left today.');
    keyboard.type('\x1b');
    await waitFor('review');
    keyboard.type('y');
    while (sockets.length === 0) await new Promise((r) => setTimeout(r, 5));
    keyboard.type('q');
    await waitFor('2,000 conversations');
    const sending = await run(presses);
    const stillSending = (await services.replies!.outbox()).some((e) => e.status === 'sending');
    return { idle, sending, stillSending };
  } finally {
    instance.unmount();
    for (const s of sockets) s.destroy();
    silent.close();
    await services.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
