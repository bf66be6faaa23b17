/**
 * What every command gets: the Io, and the services, built on first use from the global options
 * (--config, --data-dir, --demo) so `h2h --help` never opens a store. A command that only reads and
 * decides about conversations (tag, list, show, triage, notes) asks for `coreFor`: the store and
 * ConversationService, without the modules of import, sync, replies and the rest (create-services.ts,
 * loaded with `servicesFor` on first use and built on the same open store).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../app/config.js';
import type { Services } from '../app/create-services.js';
import { coreNeedsFullServices, createCoreServices, type CoreServices } from '../app/core-services.js';
import { demoPaths, resolvePaths } from '../app/paths.js';
import type { Clock } from '../core/ports/clock.js';
import type { Io } from './io.js';

export type GlobalOptions = { config?: string; dataDir?: string; demo?: boolean };

export class AppContext {
  private core?: Promise<CoreServices>;
  private services?: Promise<Services>;
  private demo = false;
  /** Set by a command that succeeded only in part (exit 5) or wants another non-error code. */
  exitCode = 0;

  constructor(
    readonly io: Io,
    private readonly clock?: Clock,
  ) {}

  /** The store and the conversations; every service (`servicesFor`) first when the store holds copies awaiting their one-time review (copy-review.ts: it imports). */
  async coreFor(command: Command, forceDemo = false): Promise<CoreServices> {
    this.core ??= this.openCore(command.optsWithGlobals<GlobalOptions>(), forceDemo);
    const core = await this.core;
    if (coreNeedsFullServices(core)) await this.servicesFor(command, forceDemo);
    return core;
  }

  servicesFor(command: Command, forceDemo = false): Promise<Services> {
    this.services ??= this.extend(command, forceDemo);
    return this.services;
  }

  private async extend(command: Command, forceDemo: boolean): Promise<Services> {
    this.core ??= this.openCore(command.optsWithGlobals<GlobalOptions>(), forceDemo);
    const [core, { extendServices }] = await Promise.all([this.core, import('../app/create-services.js')]);
    return extendServices(core, this.demo ? { clock: this.clock } : { clock: this.clock, env: this.io.env });
  }

  private async openCore(options: GlobalOptions, forceDemo: boolean): Promise<CoreServices> {
    if (options.demo || forceDemo) {
      this.demo = true;
      const paths = demoPaths(this.io.env);
      // The demo builder pulls in nodemailer's MIME composer: only load it for the demo.
      const { ensureDemoStore } = await import('../app/demo-store.js');
      await ensureDemoStore(paths, this.clock);
      return createCoreServices(paths, await loadConfig(paths.configFile), { clock: this.clock });
    }
    const paths = resolvePaths({ config: options.config, dataDir: options.dataDir }, this.io.env);
    return createCoreServices(paths, await loadConfig(paths.configFile), { clock: this.clock });
  }

  /** `h2h` alone opens the demo until the user has an account configured or mail of their own. */
  async wantsDemo(command: Command): Promise<boolean> {
    const options = command.optsWithGlobals<GlobalOptions>();
    if (options.demo) return true;
    if (options.dataDir || this.io.env.H2H_DATA_DIR) return false;
    const paths = resolvePaths({ config: options.config }, this.io.env);
    const config = await loadConfig(paths.configFile);
    // An identity set up (`h2h init --name --email`) is the owner's own desk, even before any mail.
    return !config.hasAccount && !config.agent && !this.hasOwnMail(paths.dataDir);
  }

  /** Mail of the owner's own is stored: raw/ appears with the first message (mail.json in a store not yet moved to v2). */
  hasOwnMail(dataDir: string): boolean {
    return existsSync(join(dataDir, 'raw')) || existsSync(join(dataDir, 'mail.json'));
  }
}
