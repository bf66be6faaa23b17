/**
 * Opens the TUI full-screen (the terminal's alternate screen, like mutt and less, so the shell's
 * scrollback is left as it was) and resolves when the owner quits. Loaded only by commands that
 * open it: Ink and React stay out of every other command's start-up.
 */
import { render } from 'ink';
import { watchDataDir } from '../adapters/store/watch-data-dir.js';
import type { Services } from '../app/create-services.js';
import { App } from './app.js';

/**
 * Ink's options for the real terminal. Ink draws the first change after a quiet spell at once and
 * throttles the rest; at 60 frames a second a held-down j still moves within a frame of 16 ms.
 */
export const inkOptions = { exitOnCtrlC: false, patchConsole: false, maxFps: 60 } as const;

const enterAlternateScreen = '\x1b[?1049h\x1b[H';
const leaveAlternateScreen = '\x1b[?1049l';

export async function runTui(services: Services, streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }, notice?: string): Promise<void> {
  const { stdout } = streams;
  stdout.write(enterAlternateScreen);
  const restore = () => stdout.write(leaveAlternateScreen);
  process.once('exit', restore);
  try {
    const instance = render(
      <App
        notice={notice}
        services={{
          conversations: services.conversations,
          sync: services.sync,
          clock: services.clock,
          // mail.json: mail synced by another process; state.json: decisions made in another terminal.
          watchStore: (onChange, signal) => watchDataDir(services.paths.dataDir, onChange, signal, 150, ['state.json', 'mail.json']),
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
