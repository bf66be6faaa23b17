/**
 * The one line the CLI prints for an error: the error's own text (facts, from wherever it was
 * raised) and, when a setting of the account would fix it, how to change that setting here: the
 * flag of `h2h init` and the config key. Adapters and the core raise the fact (`SettingsFix`); only
 * the CLI knows its flags.
 */
import { describeError, MailUnavailableError, type SettingsFix } from '../core/errors.js';

const ports = { imap: { implicit: 993, starttls: 143 }, smtp: { implicit: 465, starttls: 587 } } as const;

/** The text that follows the error's own line for `fix`, separator included. */
export function settingsHint({ protocol, problem }: SettingsFix): string {
  const flag = `--${protocol}-tls`;
  switch (problem) {
    case 'no-starttls':
      return `. Use ${flag} tls (port ${ports[protocol].implicit}) if the server has implicit TLS; ${flag} none only for a trusted local server`;
    case 'not-implicit-tls':
      return ` For port ${ports[protocol].starttls} use ${flag} starttls`;
    case 'untrusted-certificate':
      return `; give its CA certificate (--${protocol}-ca <pem>, account.${protocol}.ca) or, for a server you control, allow self-signed certificates (--allow-self-signed, account.${protocol}.allowSelfSigned)`;
  }
}

/** Said after a reply that could not go because no SMTP server is configured. */
export const noSenderHint = ' (h2h init sets one up)';

export function errorLine(error: unknown): string {
  const line = describeError(error);
  return error instanceof MailUnavailableError && error.fix ? `${line}${settingsHint(error.fix)}` : line;
}
