/**
 * What the IMAP and SMTP adapters need to reach a server safely, owned here rather than taken from
 * app/config: adapters never import the composition root (which imports them). The composition
 * root maps the config file's account and the resolved secrets onto these.
 */

/** `tls`: implicit TLS (993/465). `starttls`: STARTTLS required, never clear text. `none`: only when asked for. */
export type TlsMode = 'tls' | 'starttls' | 'none';

/** One server's address and transport security. */
export type ServerSettings = {
  host: string;
  port: number;
  tls: TlsMode;
  /** A PEM file with the CA (or the server's own certificate) to trust, for self-signed servers. */
  ca?: string;
  /** A PEM text to trust instead of reading `ca`: a certificate the owner chose at `h2h init`, tested before it is saved as the `ca` file. */
  caPem?: string;
  /** Accept any certificate. Explicit opt-in only; said on every connection. */
  allowSelfSigned: boolean;
};

/** The login, resolved when a connection is made (never at start-up). */
export type Credentials = { user: string; pass?: string; accessToken?: string };

/** The secrets in `creds`: what `scrubSecrets` removes from anything a server says back. */
export function secretsOf(creds: Credentials | undefined): string[] {
  return creds ? [creds.pass, creds.accessToken].filter((s): s is string => typeof s === 'string' && s !== '') : [];
}
