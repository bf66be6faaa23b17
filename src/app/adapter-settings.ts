/**
 * The config file's account, mapped onto the settings each adapter owns (adapters never read
 * app/config: see adapters/secure-connection/server-settings.ts). Only what the adapter uses goes
 * over; where the secrets come from (passwordCommand, the environment) stays in app/secrets.ts.
 */
import type { ImapSettings } from '../adapters/imap/imap-settings.js';
import type { SmtpSettings } from '../adapters/smtp/smtp-settings.js';
import type { ServerConfig } from './config.js';

const transport = (server: ServerConfig) => ({
  host: server.host,
  port: server.port,
  tls: server.tls,
  ...(server.ca !== undefined ? { ca: server.ca } : {}),
  allowSelfSigned: server.allowSelfSigned,
});

export function imapSettings(server: ServerConfig): ImapSettings {
  return { ...transport(server), user: server.user, ...(server.commandTimeoutSeconds !== undefined ? { commandTimeoutSeconds: server.commandTimeoutSeconds } : {}) };
}

export function smtpSettings(server: ServerConfig): SmtpSettings {
  return transport(server);
}
