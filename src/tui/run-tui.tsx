/**
 * Opens the TUI full-screen (the terminal's alternate screen, like mutt and less, so the shell's
 * scrollback is left as it was) and resolves when the owner quits. Loaded only by commands that
 * open it: Ink and React stay out of every other command's start-up.
 */
import { keymapOfConfig } from '../app/keymap-of-config.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { watchDataDir } from '../adapters/store/watch-data-dir.js';
import { childEnv } from '../adapters/process/child-env.js';
import type { Services } from '../app/create-services.js';
import { threadedSync } from '../app/threaded-sync.js';
import { App } from './app.js';

/**
 * Ink's options for the real terminal. Ink draws the first change after a quiet spell at once and
 * throttles the rest; at 60 frames a second a held-down j still moves within a frame of 16 ms.
 */
export const inkOptions = { exitOnCtrlC: false, patchConsole: false, maxFps: 60 } as const;

const enterAlternateScreen = '\x1b[?1049h\x1b[H';
const leaveAlternateScreen = '\x1b[?1049l';

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

/**
 * The owner's $VISUAL or $EDITOR for replies (as mutt does), or null for the built-in editor. The
 * terminal is handed over while it runs (normal screen, cooked mode) and taken back after; the text
 * goes through a private temp file that is removed afterwards. Null when the editor failed.
 */
export function externalEditor(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): ((text: string) => Promise<string | null>) | null {
  const command = ownerEditor(env);
  if (!command) return null;
  return async (text) => {
    const dir = mkdtempSync(join(tmpdir(), 'h2h-reply-'));
    const file = join(dir, 'reply.txt');
    writeFileSync(file, text, { mode: 0o600 });
    stdin.setRawMode?.(false);
    stdout.write(leaveAlternateScreen);
    try {
      // Through the shell, like git and mutt: EDITOR may carry arguments ("code --wait").
      const result = spawnSync('/bin/sh', ['-c', `${command} "$1"`, 'sh', file], { stdio: 'inherit', env: childEnv(env) });
      return result.status === 0 ? readFileSync(file, 'utf8') : null;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      stdout.write(`${enterAlternateScreen}\x1b[2J`);
      stdin.setRawMode?.(true);
    }
  };
}

export async function runTui(services: Services, streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }, notice?: string): Promise<void> {
  const { stdout } = streams;
  // Before the screen changes: a bad binding is one line on the terminal, like any config error.
  const keymap = await keymapOfConfig(services.config, services.paths.configFile);
  stdout.write(enterAlternateScreen);
  const restore = () => stdout.write(leaveAlternateScreen);
  process.once('exit', restore);
  try {
    const instance = render(
      <App
        notice={notice}
        services={{
          conversations: services.conversations,
          replies: services.replies,
          savedSearches: Object.keys(services.config.searches),
          keymap,
          editor: externalEditor(process.env, streams.stdin, stdout),
          // On a thread of its own: taking in mail never holds up a key.
          sync: services.sync ? threadedSync(services.paths, services.config, { rereadConfig: true }) : null,
          clock: services.clock,
          // Mail synced by another process, decisions made in another terminal: both are commits to
          // index.sqlite. The TUI's own commits wake the watcher too: those it has already shown.
          watchStore: (onChange, signal) => watchDataDir(services.paths.dataDir, () => services.store.changedElsewhere() && onChange(), signal),
        }}
      />,
      { stdin: streams.stdin, stdout, stderr: streams.stderr, ...inkOptions },
    );
    await instance.waitUntilExit();
  } finally {
    process.off('exit', restore);
    restore();
  }
}
