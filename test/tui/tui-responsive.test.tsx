/**
 * Nothing the network does holds up the keyboard. With an SMTP server that accepts the connection
 * and then never answers (a firewall dropping packets looks the same), a reply is being sent for up
 * to the 15 s greeting timeout; meanwhile the owner goes back, opens another conversation and tags
 * it, each within the render helper's 5 s. Sending is the outbox worker's, beside the TUI's lanes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

const open: Array<{ server: Server; sockets: Socket[] }> = [];
afterEach(async () => {
  cleanup();
  vi.unstubAllEnvs();
  for (const { server, sockets } of open.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A TCP server that takes connections and says nothing, ever; `connected` resolves at the first. */
async function silentServer() {
  const sockets: Socket[] = [];
  let connected!: () => void;
  const first = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  open.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, connected: first, sockets };
}

describe('the TUI while SMTP drops packets', () => {
  it('after y, going back, opening another conversation and tagging it never wait for the send', async () => {
    const smtp = await silentServer();
    vi.stubEnv('H2H_SMTP_PASSWORD', 'any');
    const f = fixture({ agent, account: { imap: { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' }, smtp: { host: '127.0.0.1', port: smtp.port, user: 'shop', tls: 'none' }, undoSendSeconds: 0 } });
    const s = await servicesFor(f, systemClock);
    const shop = `${agent.name} <${agent.email}>`;
    await s.importer.import([
      input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size of the boots', id: '<a1@ex.com>', date: 'Tue, 10 Nov 2026 10:00:00 +0000' })),
      input(rawMessage({ from: 'Bob Smith <bob@ex.com>', to: shop, subject: 'Parcel damaged', id: '<b1@ex.com>', date: 'Tue, 10 Nov 2026 09:00:00 +0000' })),
    ]);
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('Parcel damaged');
    const first = t.frame().indexOf('Size of the boots') < t.frame().indexOf('Parcel damaged') ? 'Size of the boots' : 'Parcel damaged';
    const second = first === 'Size of the boots' ? 'Parcel damaged' : 'Size of the boots';
    t.press(keys.enter);
    await t.waitFor('1st conversation');
    await t.writeReply('It is on its way.');
    t.press('y');
    await t.waitFor('U takes it back');
    // The send has begun and hangs: the server took the connection and will never greet.
    await smtp.connected;
    t.press('q');
    await t.waitFor(second);
    t.press('j');
    t.press(keys.enter);
    await t.waitFor(new RegExp(`${second}[\\s\\S]*1st conversation`));
    t.press('t');
    await t.waitFor('tags +add -remove:');
    t.press('vip');
    t.press(keys.enter);
    await t.waitFor('tagged +vip');
    // All of it while the reply was still on its way.
    expect((await s.replies!.outbox()).map((e) => e.status)).toEqual(['sending']);
    expect(smtp.sockets.some((socket) => !socket.destroyed)).toBe(true);
    expect(first).not.toBe(second);
  });
});
