/**
 * `h2h init --alias`: other addresses of the shop the owner answers from. The SMTP login is asked to
 * accept each as sender (MAIL FROM, then RSET: nothing sent), against a real SMTP server that ties
 * senders to the login; one it refuses stops init with one line, the config not written. Aliases the
 * config had (objects with their own name and signature too) are kept.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueUser, type MailUser } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { home } from '../helpers/init-session.js';
import { runCli } from '../helpers/run-cli.js';

const mail = inject('mail');
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});
let user: MailUser;
beforeAll(async () => {
  user = await uniqueUser(mail.noTls, 'inita');
});

async function init(env: Record<string, string>, port: number, ...more: string[]) {
  return runCli(['init', '--name', 'Riitta Virtanen', '--email', 'riitta@shop.example', '--imap-host', '127.0.0.1', '--imap-port', String(mail.noTls.port), '--imap-tls', 'none', '--imap-user', user.address,
    '--smtp-host', '127.0.0.1', '--smtp-port', String(port), '--smtp-tls', 'none', '--json', ...more], { env: { ...env, H2H_IMAP_PASSWORD: user.password, H2H_SMTP_PASSWORD: 'sink-password-42' } });
}

describe('h2h init --alias', () => {
  it('checks that SMTP sends as each address; a refused one stops init, nothing written, nothing sent', async () => {
    const sink = await startSmtpSink({ lmtpPort: mail.dovecot.lmtpPort, senders: ['riitta@shop.example', 'orders@shop.example'] });
    sinks.push(sink);
    const h = home();
    const refused = await init(h.env, sink.port, '--alias', 'orders@shop.example', '--alias', 'ceo@shop.example');
    expect([refused.exitCode, JSON.parse(refused.stderr)]).toEqual([4, { error: { code: 'MAIL_UNAVAILABLE', message: `SMTP 127.0.0.1:${sink.port} will not send as ceo@shop.example with this login (server: 553 5.7.1 <ceo@shop.example>: Sender address rejected: not owned by user shop): drop that alias (--alias, agent.aliases) or allow it on the server` } }]);
    expect(existsSync(h.configFile)).toBe(false);

    const ok = await init(h.env, sink.port, '--alias', 'Orders@Shop.Example');
    expect([ok.exitCode, JSON.parse(ok.stdout).verified]).toEqual([0, { imap: true, smtp: true }]);
    expect(JSON.parse(readFileSync(h.configFile, 'utf8')).agent.aliases).toEqual(['orders@shop.example']);
    expect(sink.messages).toEqual([]);
  });

  it('keeps the aliases the config had, objects too, and checks them with the new ones', async () => {
    const sink = await startSmtpSink({ lmtpPort: mail.dovecot.lmtpPort, senders: ['riitta@shop.example', 'orders@shop.example', 'help@shop.example'] });
    sinks.push(sink);
    const h = home();
    expect((await init(h.env, sink.port, '--alias', 'help@shop.example')).exitCode).toBe(0);
    const config = JSON.parse(readFileSync(h.configFile, 'utf8'));
    config.agent.aliases = [{ email: 'orders@shop.example', name: 'Nordic Feet orders', signature: 'The orders team' }, 'help@shop.example'];
    writeFileSync(h.configFile, JSON.stringify(config));
    const again = await init(h.env, sink.port, '--force', '--alias', 'HELP@shop.example');
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(h.configFile, 'utf8')).agent.aliases).toEqual([{ email: 'orders@shop.example', name: 'Nordic Feet orders', signature: 'The orders team' }, 'help@shop.example']);
    // An alias the server stopped allowing is caught on the next init.
    const stricter = await startSmtpSink({ lmtpPort: mail.dovecot.lmtpPort, senders: ['riitta@shop.example', 'help@shop.example'] });
    sinks.push(stricter);
    const caught = await init(h.env, stricter.port, '--force');
    expect([caught.exitCode, caught.stderr]).toEqual([4, expect.stringContaining('will not send as orders@shop.example with this login')]);
  });
});
