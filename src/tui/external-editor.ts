/**
 * The owner's own editor for replies ($VISUAL, else $EDITOR, as mutt does). While it runs the
 * terminal is the editor's: the TUI leaves the alternate screen, turns raw mode off and takes its
 * key reader off stdin, and puts all three back afterwards. The editor runs as an ordinary child
 * process, awaited: h2h's event loop keeps turning meanwhile (IMAP IDLE, the outbox worker's timers,
 * the store lock's refresh), which `spawnSync` would stop for as long as the owner writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from '../adapters/process/child-env.js';

export const enterAlternateScreen = '\x1b[?1049h\x1b[H';
export const leaveAlternateScreen = '\x1b[?1049l';

/**
 * The editor the owner chose: $VISUAL, else $EDITOR, else none (the built-in editor). `npm start`
 * runs h2h as an npm script, and npm sets EDITOR=vi for its scripts when the shell had none: that
 * is npm's default, not the owner's choice, and would drop a newcomer into vi at their first `r`.
 */
export function ownerEditor(env: NodeJS.ProcessEnv): string | null {
  if (env.VISUAL) return env.VISUAL;
  if (env.npm_lifecycle_event && env.EDITOR === 'vi') return null;
  return env.EDITOR || null;
}

type Reader = (...args: unknown[]) => void;
/** What the editor needs of stdin: its 'readable' listeners (Ink's key reader) and raw mode, when it is a terminal. */
type EditorStdin = { listeners(event: 'readable'): Function[]; removeListener(event: 'readable', reader: Reader): unknown; addListener(event: 'readable', reader: Reader): unknown; setRawMode?: (raw: boolean) => unknown };

/**
 * Opens `text` in the owner's editor and resolves with the saved text, or null when the editor
 * failed (non-zero exit, or it could not be started). The text goes through a private temp file
 * (0600, in a 0700 folder) that is removed afterwards. Null as a whole when the owner has no editor.
 */
export function externalEditor(env: NodeJS.ProcessEnv, stdin: EditorStdin, stdout: Pick<NodeJS.WriteStream, 'write'>): ((text: string) => Promise<string | null>) | null {
  const command = ownerEditor(env);
  if (!command) return null;
  return async (text) => {
    const dir = mkdtempSync(join(tmpdir(), 'h2h-reply-'));
    const file = join(dir, 'reply.txt');
    writeFileSync(file, text, { mode: 0o600 });
    // Ink reads keys through 'readable' listeners; while they are attached, keys typed into the
    // editor would be read by h2h too (both processes read the same terminal).
    const readers = stdin.listeners('readable') as Reader[];
    for (const reader of readers) stdin.removeListener('readable', reader);
    stdin.setRawMode?.(false);
    stdout.write(leaveAlternateScreen);
    // The TUI goes on rendering (a tick, a sync status); its frames would be drawn over the editor.
    // They are dropped until the editor exits: the next frame is drawn whole on the cleared screen.
    const write = stdout.write;
    stdout.write = (() => true) as typeof stdout.write;
    try {
      // Through the shell, like git and mutt: EDITOR may carry arguments ("code --wait").
      const status = await new Promise<number | null>((resolve) => {
        const child = spawn('/bin/sh', ['-c', `${command} "$1"`, 'sh', file], { stdio: 'inherit', env: childEnv(env) });
        child.once('error', () => resolve(null));
        child.once('exit', (code) => resolve(code));
      });
      return status === 0 ? readFileSync(file, 'utf8') : null;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      stdout.write = write;
      stdout.write(`${enterAlternateScreen}\x1b[2J`);
      stdin.setRawMode?.(true);
      for (const reader of readers) stdin.addListener('readable', reader);
    }
  };
}
