/**
 * The environment every program h2h starts receives ($EDITOR, passwordCommand, accessTokenCommand,
 * `sync -f`, the parser threads): the owner's own, minus h2h's secrets. `H2H_IMAP_PASSWORD` and
 * `H2H_SMTP_PASSWORD` are read once by h2h (app/secrets.ts); an editor plugin, a shell hook or a
 * password command that logs its environment must not see them.
 * It lives with the adapters because they start programs (parser threads, `sync -f`) and may not
 * import the composition root; app/secrets.ts and the TUI's editor use it from here.
 */
type Env = Record<string, string | undefined>;

/** h2h's secret variables: any `H2H_…` name carrying PASSWORD, PASS, TOKEN or SECRET (today the two passwords). */
export function isSecretEnvName(name: string): boolean {
  return /^H2H_/i.test(name) && /PASS|TOKEN|SECRET/i.test(name);
}

/** A copy of `env` without h2h's secret variables, for `spawn`/`execFile`/`Worker` `env`. */
export function childEnv(env: Env = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !isSecretEnvName(name)) out[name] = value;
  return out;
}
