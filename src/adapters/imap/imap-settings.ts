/** The IMAP adapter's settings (see secure-connection/server-settings.ts for why adapters own them). */
import type { ServerSettings } from '../secure-connection/server-settings.js';

export type ImapSettings = ServerSettings & {
  /** The login name: with host and port, it names the account (`MailServer.identity`). */
  user: string;
  /** The longest one command (or the login) may take before the connection is given up. @default 60 */
  commandTimeoutSeconds?: number;
};
