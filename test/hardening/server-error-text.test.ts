/**
 * What a server says reaches stderr in h2h's error line ("server: NO …"): a hostile server's text
 * must pass the same terminal filter as mail (C1 controls made visible, bidi overrides and
 * invisible characters dropped), in the one place errors are printed (src/main.ts).
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { agent, fixture } from '../helpers/store-fixture.js';
import { unsafeForTerminal } from './hostile-cases.js';

const hostile = 'go away \u009b31m \u001b]0;pwned\u0007 \u202Eesrever\u202C zero\u200Bwidth \u2066iso\u2069 \u061Calm';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** An IMAP server on loopback that greets, then answers LOGIN (or everything, at `stage`) with `reply` + the hostile text. */
async function hostileImap(stage: 'login' | 'greeting'): Promise<number> {
  const server = createServer((socket) => {
    if (stage === 'greeting') {
      socket.end(`* BYE ${hostile}\r\n`);
      return;
    }
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const tag = line.split(' ')[0];
        if (/^\S+ CAPABILITY/i.test(line)) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else if (/^\S+ LOGOUT/i.test(line)) socket.end(`* BYE ${hostile}\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} NO [AUTHENTICATIONFAILED] ${hostile}\r\n`);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('server texts on stderr', () => {
  for (const stage of ['login', 'greeting'] as const) {
    it(`a hostile IMAP server's ${stage} answer is filtered in h2h's error line`, async () => {
      const port = await hostileImap(stage);
      const f = fixture({ agent, account: { imap: { host: '127.0.0.1', port, user: 'shop', tls: 'none' } } });
      const r = await runCli(['sync'], { env: { ...f.env, H2H_IMAP_PASSWORD: 'secret' } });
      expect(r.exitCode).not.toBe(0);
      const bad = unsafeForTerminal.exec(r.stderr);
      expect(bad && `U+${bad[0].codePointAt(0)!.toString(16)} in ${JSON.stringify(r.stderr)}`).toBeNull();
      expect(r.stderr).not.toMatch(/[\u200B\u061C\u2066-\u2069\u202A-\u202E]/);
      // A refused login is final: one error line (a closed greeting is retried first, each retry its own line).
      if (stage === 'login') expect(r.stderr).toMatch(/^h2h: IMAP 127\.0\.0\.1:\d+ refused the login[^\n]*esrever[^\n]*\n$/);
    });
  }
});
