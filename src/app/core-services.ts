/**
 * The part of the composition root every command needs: the store and the conversations on it
 * (`h2h tag`, `list`, `show`, triage, notes). Commands that import, sync, reply, export, forget or
 * reindex get the rest from create-services.ts, which builds on this; kept apart so a triage
 * command never loads (or compiles) the IMAP, SMTP, parser and intake code it does not use.
 */
import type { AwayPeriod } from '../core/domain/away.js';
import { lazyParser } from '../adapters/mime/lazy-parser.js';
import type { SqliteMailStore } from '../adapters/store/sqlite/sqlite-mail-store.js';
import { systemClock, type Clock } from '../core/ports/clock.js';
import type { MessageParser } from '../core/ports/message-parser.js';
import { AttachmentService } from '../core/services/attachment-service.js';
import { ConversationService } from '../core/services/conversation-service.js';
import { copiesAwaitReview } from '../core/services/copy-review.js';
import type { Config } from './config.js';
import { openStore } from './open-store.js';
import type { Paths } from './paths.js';

export type CoreServices = {
  paths: Paths;
  config: Config;
  clock: Clock;
  store: SqliteMailStore;
  /** Loads the MIME parser on its first call. */
  parser: MessageParser;
  conversations: ConversationService;
  /** Attachments of a conversation, numbered, with their bytes on demand (`h2h attachments`, the TUI). */
  attachments: AttachmentService;
};

export async function createCoreServices(paths: Paths, config: Config, options: { clock?: Clock } = {}): Promise<CoreServices> {
  const clock = options.clock ?? systemClock;
  const parser = lazyParser();
  // A v1 store (the previous release's JSON layout) is migrated on the way: see open-store.ts.
  const store = await openStore(paths.dataDir, parser);
  // "While you were away" (issue 19): a saved search of the last absence while it is recent (the config's own name wins).
  const conversations = new ConversationService(store, parser, clock, { ...whileAwaySearch(store.away().current, clock.now()), ...config.searches });
  const attachments = new AttachmentService(store, parser, conversations);
  return { paths, config, clock, store, parser, conversations, attachments };
}

/** The search `@while-away`: what people wrote during the owner's absence, from its start until two weeks after it ended. */
export function whileAwaySearch(away: AwayPeriod | null, now: number): Record<string, string> {
  if (!away || Date.parse(away.from) > now || now - Date.parse(away.until) > 14 * 86_400_000) return {};
  return { 'while-away': `is:person after:${away.from} before:${away.until}` };
}

/**
 * Whether opening this store needs every service first: copies kept by older versions await their
 * one-time review, which imports (create-services.ts runs it). On a current store, one meta row.
 */
export function coreNeedsFullServices(core: CoreServices): boolean {
  return copiesAwaitReview(core.store);
}
