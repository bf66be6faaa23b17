/**
 * Scrubbing secrets from text a server or a command produced, before it reaches an error, a log
 * line or the store. A server that echoes what it was sent may carry the password or token in any
 * form the client sent it: as is (LOGIN's atom or literal), as an IMAP quoted string (`"` and `\`
 * escaped), or inside a base64 SASL blob (PLAIN's `authzid\0user\0pass`, XOAUTH2's
 * `user=…\1auth=Bearer …\1\1`, OAUTHBEARER), where the secret's base64 depends on its offset.
 * So: every plain form is replaced, and so is every base64 run that holds the secret at any of the
 * three byte alignments, or that decodes to a SASL-shaped payload (NUL or \1 separators) at all.
 */

const base64Run = /[A-Za-z0-9+/]{8,}={0,2}/g;

/** The forms a client may have put the secret on the wire in, as is. */
function plainForms(secret: string): string[] {
  const quoted = secret.replace(/[\\"]/g, '\\$&');
  const json = JSON.stringify(secret).slice(1, -1);
  return [...new Set([quoted, json, secret, Buffer.from(secret).toString('base64')])].sort((a, b) => b.length - a.length);
}

/**
 * The base64 characters that encode `secret` whatever precedes it: for each of the three offsets
 * modulo 3, the whole 4-character groups made of the secret's bytes only. Any base64 text holding
 * the secret holds one of these.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const cores: string[] = [];
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = encoded.slice(k === 0 ? 0 : 4, Math.floor((k + bytes.length) / 3) * 4);
    if (core.length >= 4) cores.push(core);
  }
  return cores;
}

/**
 * Decodes to a SASL client response: PLAIN's `[authzid]\0user\0pass`, XOAUTH2's `user=…\1auth=…`,
 * OAUTHBEARER's `n,…\1…`. Words that happen to be base64 ("AUTHENTICATIONFAILED") decode to bytes
 * that are not printable text with these separators, so they stay.
 */
function looksLikeSasl(run: string): boolean {
  const decoded = Buffer.from(run, 'base64');
  if (decoded.toString('base64') !== run.padEnd(Math.ceil(run.length / 4) * 4, '=')) return false;
  const text = decoded.toString('utf8');
  if (text.includes('\uFFFD') || /[\u0002-\u001f\u007f]/.test(text)) return false;
  return /^[^\0\x01]*\0[^\0\x01]+\0[^\0\x01]+$/.test(text) || /^user=[^\x01]*\x01auth=/.test(text) || /^n,[^\x01]*\x01/.test(text);
}

/** `text` with every form of every secret (see the module comment) replaced by `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const present = secrets.filter((s) => s.length > 0);
  // Whole base64 runs first: replacing a plain form inside one would leave the rest of the blob.
  const cores = present.flatMap(base64Cores);
  let out = text.replace(base64Run, (run) => (cores.some((c) => run.includes(c)) || looksLikeSasl(run) ? '***' : run));
  for (const secret of present) for (const form of plainForms(secret)) out = out.split(form).join('***');
  return out;
}
