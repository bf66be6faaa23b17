import type { Services } from '../app/create-services.js';
import type { AppContext } from './app-context.js';

/** Opens the TUI when h2h runs in a terminal; false when it does not (piped, or in tests). */
export async function openTui(ctx: AppContext, services: Services, notice?: string): Promise<boolean> {
  const terminal = ctx.io.terminal;
  if (!terminal) return false;
  const { runTui } = await import('../tui/run-tui.js');
  await runTui(services, terminal, notice);
  return true;
}
