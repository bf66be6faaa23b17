/**
 * The owner's mailcap (RFC 1524; `~/.mailcap`, or the files `$MAILCAPS` lists), as mutt reads it,
 * for opening an attachment by its type: the first entry whose type matches (`image/jpeg`,
 * `image/*`, `image`) and that runs on its own, its `%s` the file. Entries for a terminal
 * (`needsterminal`), for text shown in a pager (`copiousoutput`), or with a `test=` h2h does not
 * run are passed over. What the command is given is the file as the shell's "$1", never pasted
 * into the command text, and a type is never pasted in either (it comes from mail).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** The mailcap files in the order they are read: `$MAILCAPS` (colon-separated), else `~/.mailcap`. */
export function mailcapFiles(env: Env, home: string): string[] {
  return env.MAILCAPS ? env.MAILCAPS.split(':').filter(Boolean) : [join(home, '.mailcap')];
}

/** A shell command opening `"$1"` for `type`, or null when no entry fits. */
export function mailcapCommand(type: string, files: string[]): string | null {
  const wanted = type.toLowerCase().trim();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const entry of entries(text)) {
      const [pattern, command, ...flags] = splitFields(entry);
      if (!pattern || !command || !matches(pattern.trim().toLowerCase(), wanted)) continue;
      const names = flags.map((f) => f.trim().toLowerCase());
      if (names.some((f) => f === 'needsterminal' || f === 'copiousoutput' || f.startsWith('test='))) continue;
      // %s is the file; %t (the type, from mail) and other fields are not handed to the shell.
      if (/%[^s%]|%\{/.test(command)) continue;
      const run = command.trim().replace(/%%/g, '\u0000').replace(/%s/g, '"$1"').replace(/\u0000/g, '%');
      return command.includes('%s') ? run : `${run} < "$1"`;
    }
  }
  return null;
}

/** Logical lines: comments and blank lines dropped, `\` at a line's end joining the next. */
function entries(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Fields separated by unescaped semicolons. */
function splitFields(entry: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] === '\\' && i + 1 < entry.length) current += entry[++i];
    else if (entry[i] === ';') {
      fields.push(current);
      current = '';
    } else current += entry[i];
  }
  fields.push(current);
  return fields;
}

function matches(pattern: string, type: string): boolean {
  if (pattern === type) return true;
  const [major] = type.split('/');
  return pattern === `${major}/*` || pattern === major;
}
