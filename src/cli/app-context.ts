/**
 * What every command gets: the Io, and the services, built on first use from the global options
 * (--config, --data-dir, --demo) so `h2h --help` never opens a store.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../app/config.js';
import { createServices, type Services } from '../app/create-services.js';
import { demoPaths, resolvePaths } from '../app/paths.js';
import type { Clock } from '../core/ports/clock.js';
import type { Io } from './io.js';

export type GlobalOptions = { config?: string; dataDir?: string; demo?: boolean };

export class AppContext {
  private services?: Promise<Services>;
  /** Set by a command that succeeded only in part (exit 5) or wants another non-error code. */
  exitCode = 0;

  constructor(
    readonly io: Io,
    private readonly clock?: Clock,
  ) {}

  servicesFor(command: Command, forceDemo = false): Promise<Services> {
    this.services ??= this.build(command.optsWithGlobals<GlobalOptions>(), forceDemo);
    return this.services;
  }

  private async build(options: GlobalOptions, forceDemo: boolean): Promise<Services> {
    if (options.demo || forceDemo) {
      const paths = demoPaths(this.io.env);
      // The demo builder pulls in nodemailer's MIME composer: only load it for the demo.
      const { ensureDemoStore } = await import('../app/demo-store.js');
      await ensureDemoStore(paths, this.clock);
      return createServices(paths, await loadConfig(paths.configFile), { clock: this.clock });
    }
    const paths = resolvePaths({ config: options.config, dataDir: options.dataDir }, this.io.env);
    return createServices(paths, await loadConfig(paths.configFile), { clock: this.clock, env: this.io.env });
  }

  /** `h2h` alone opens the demo until the user has an account configured or mail of their own. */
  async wantsDemo(command: Command): Promise<boolean> {
    const options = command.optsWithGlobals<GlobalOptions>();
    if (options.demo) return true;
    if (options.dataDir || this.io.env.H2H_DATA_DIR) return false;
    const paths = resolvePaths({ config: options.config }, this.io.env);
    // raw/ appears with the first message stored (mail.json in a store not yet moved to v2).
    return !(await loadConfig(paths.configFile)).hasAccount && !existsSync(join(paths.dataDir, 'raw')) && !existsSync(join(paths.dataDir, 'mail.json'));
  }
}
