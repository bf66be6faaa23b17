/**
 * Opens the TUI full-screen (the terminal's alternate screen, like mutt and less, so the shell's
 * scrollback is left as it was) and resolves when the owner quits. Loaded only by commands that
 * open it: Ink and React stay out of every other command's start-up.
 */
import { keymapOfConfig } from '../app/keymap-of-config.js';
import { render } from 'ink';
import { watchDataDir } from '../adapters/store/watch-data-dir.js';
import { enterAlternateScreen, externalEditor, leaveAlternateScreen } from './external-editor.js';
import type { Services } from '../app/create-services.js';
import { threadedSync } from '../app/threaded-sync.js';
import { App } from './app.js';

/**
 * Ink's options for the real terminal. Ink draws the first change after a quiet spell at once and
 * throttles the rest; at 60 frames a second a held-down j still moves within a frame of 16 ms.
 */
export const inkOptions = { exitOnCtrlC: false, patchConsole: false, maxFps: 60 } as const;

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
          outbox: services.outbox,
          savedSearches: Object.keys(services.config.searches),
          keymap,
          hyperlinks: services.config.tui.hyperlinks,
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
