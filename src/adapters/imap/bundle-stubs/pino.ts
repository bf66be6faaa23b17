/**
 * Stands in for pino in the bundle (esbuild --alias, package.json "build"). imapflow requires pino
 * at load time for its default logger, which it creates only when given no logger; h2h always
 * passes `logger: false` (imap-connect.ts), so pino is never called. Loading it cost a fifth of a
 * no-change `h2h sync` (about 25 ms of compiling pino and its helpers). If a later imapflow did
 * call it, the call fails loudly instead of logging mail to stdout.
 */
export default function pino(): never {
  throw new Error('internal: imapflow asked for its default logger (pino), which h2h does not bundle; pass `logger: false`');
}
