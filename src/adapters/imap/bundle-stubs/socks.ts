/**
 * Stands in for the socks package in the bundle (esbuild --alias, package.json "build"): imapflow
 * requires it at load time for SOCKS proxies, which h2h never configures (imap-connect.ts sets no
 * `proxy`). Loading it and ip-address cost about 13 ms of every `h2h sync`.
 */
export const SocksClient = {
  createConnection(): never {
    throw new Error('internal: SOCKS proxies are not part of h2h (no `proxy` in the IMAP settings)');
  },
};
