/**
 * The composition root: builds the adapters from paths and config and hands both front ends one
 * plain Services object. Nothing else constructs adapters. The store and the conversations come
 * from core-services.ts, which the triage commands use alone (start-up loads only what they use).
 */
import { EldDetector } from '../adapters/language/eld-detector.js';
import { GreetingService } from '../core/services/greeting-service.js';
import { LanguageService } from '../core/services/language-service.js';
import { CustomerMergeService } from '../core/services/customer-merge-service.js';
import { WorkerIntake } from '../adapters/mime/worker-intake.js';
import { systemClock, type Clock } from '../core/ports/clock.js';
import { inProcessIntake } from '../core/ports/message-intake.js';
import { ExportService } from '../core/services/export-service.js';
import { reviewCopies } from '../core/services/copy-review.js';
import { ImportService } from '../core/services/import-service.js';
import { SyncService, type SyncRetry } from '../core/services/sync-service.js';
import { ReplyService } from '../core/services/reply-service.js';
import { SentFilingService } from '../core/services/sent-filing-service.js';
import { NodemailerComposer } from '../adapters/smtp/mime-composer.js';
import { SmtpMailSender } from '../adapters/smtp/smtp-sender.js';
import { SnippetFiles } from '../adapters/config/snippet-files.js';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ImapMailServer } from '../adapters/imap/imap-session.js';
import { resolveCredentials } from './secrets.js';
import { imapSettings, smtpSettings } from './adapter-settings.js';
import { shopAddresses, type Config } from './config.js';
import { createCoreServices, type CoreServices } from './core-services.js';
import type { Paths } from './paths.js';
import { ForgetService } from '../core/services/forget-service.js';
import { ReindexService } from '../core/services/reindex-service.js';
import { SenderService } from '../core/services/sender-service.js';
import { RuleService } from '../core/services/rule-service.js';
import { SpamService } from '../core/services/spam-service.js';
import { JunkFolder } from '../core/services/junk-folder.js';
import { OutboxWorker } from '../core/services/outbox-worker.js';
import { NewMailService } from '../core/services/new-mail-service.js';
import { ForwardService } from '../core/services/forward-service.js';
import { StatsService } from '../core/services/stats-service.js';
import { AwayService } from '../core/services/away-service.js';

export type Services = CoreServices & {
  importer: ImportService;
  /** Conversation history out (`h2h export`); the writers (mbox, CSV…) are the command's. */
  exports: ExportService;
  /** Erasing mail for good (`h2h forget`); deletes on the server too when an IMAP account is configured. */
  forget: ForgetService;
  /** Re-deriving from the raw files (`h2h reindex`). */
  reindex: ReindexService;
  /** The owner's word on senders: a person or a machine (`h2h sender`). */
  senders: SenderService;
  /** The owner's rules on stored mail (`h2h rules`); new mail meets them at import. */
  rules: RuleService;
  /** Spam and blocked senders (`h2h spam`, `!`): the Junk folder on the server. */
  spam: SpamService;
  /** A customer's language: the owner's setting, else what they write in (issue 19). */
  languages: LanguageService;
  /** A person with several addresses: `h2h customers merge` and `split` (issue 19). */
  customerMerges: CustomerMergeService;
  /** How mail to a person starts and ends, in their language (issue 19). */
  greetings: GreetingService;
  /** Present when an IMAP account is configured. */
  sync: SyncService | null;
  /** Present when the agent is configured (replies need a name and an address to come from). */
  replies: ReplyService | null;
  /** Sends the outbox when each reply is due (the TUI, `sync --watch`, `outbox --retry`); with `replies`. */
  outbox: OutboxWorker | null;
  /** New mail the owner starts (h2h compose, m in the TUI); with `replies`, whose outbox it goes through. */
  newMail: NewMailService | null;
  /** Forwards to a third party (h2h forward, f in the TUI); with `replies`. */
  forwards: ForwardService | null;
  /** The owner's own figures: reply times, who waits, mail per day (`h2h stats`). */
  stats: StatsService;
  /** The owner away: notices to the people who write, the times away (`h2h away`). */
  away: AwayService;
};

export type ServiceOptions = { clock?: Clock; env?: Record<string, string | undefined>; retry?: SyncRetry };

export async function createServices(paths: Paths, config: Config, options: ServiceOptions = {}): Promise<Services> {
  return extendServices(await createCoreServices(paths, config, { clock: options.clock ?? systemClock }), options);
}

/** Everything else, on the store and conversations a command already opened (cli/app-context.ts). */
export async function extendServices(core: CoreServices, options: ServiceOptions = {}): Promise<Services> {
  const { paths, config, clock, store, parser, conversations } = core;
  // Large imports and first syncs parse and write raw files on other cores; small ones stay on this thread.
  const intake = new WorkerIntake({ raw: store.rawFiles, inProcess: inProcessIntake(store, parser) });
  const importSettings = {
    shopAddresses: shopAddresses(config),
    subjectWindowDays: config.threading.subjectWindowDays,
    closeOlderThanDays: config.history.closeOlderThanDays,
    rules: config.rules,
    searches: config.searches,
  };
  const importer = new ImportService(store, parser, importSettings, clock, intake);
  // Copies hidden by older versions are shown when they are other messages; a failure (a store
  // another process holds) is not fatal to the command: the review runs again on the next open.
  await reviewCopies(store, importer).catch(() => {});
  // Cheap to build (core only; the format writers are adapters the command picks), so not lazy.
  const exports = new ExportService(store, conversations, parser);
  const account = config.account;
  const senders = new SenderService(store, parser, importSettings, clock);
  // Secrets are looked up when a connection is made, never at start-up.
  const imap = account ? new ImapMailServer(imapSettings(account.imap), () => resolveCredentials(account.imap, 'imap', options.env)) : null;
  const sync = account && imap
    ? new SyncService(store, importer, conversations, imap, {
        folders: account.folders,
        sentFolder: account.sentFolder,
        pollMs: account.pollSeconds * 1000,
      }, options.retry, {
        sharedVerdicts: (emails) => senders.applyShared(emails),
        ...(config.agent ? { drafts: { composer: new NodemailerComposer(), parser, from: { name: config.agent.name, email: config.agent.email } } } : {}),
      })
    : null;
  const filing = account && imap ? new SentFilingService(store, imap, { sentFolder: account.sentFolder, saveSentCopy: account.saveSentCopy }) : null;
  const smtp = account?.smtp;
  const sender = smtp ? new SmtpMailSender(smtpSettings(smtp), () => resolveCredentials(smtp, 'smtp', options.env)) : null;
  const agent = config.agent;
  const languages = new LanguageService(store, new EldDetector(), parser);
  const greeter = new GreetingService(store, languages, config.greetings);
  const replies = agent
    ? new ReplyService(store, conversations, importer, new NodemailerComposer(), sender, filing, { agent, undoDelayMs: (account?.undoSendSeconds ?? 10) * 1000, maxAttachmentBytes: (account?.maxAttachmentMb ?? 20) * 1024 * 1024 }, clock, new SnippetFiles(join(paths.configDir, 'snippets')), parser, greeter)
    : null;
  const forget = new ForgetService(store, conversations, imap, parser, { sentFolder: account?.sentFolder });
  const reindex = new ReindexService(store, parser, conversations, importSettings, clock);
  const away = new AwayService(store, conversations, replies, clock, hostname());
  // Each run of the outbox first queues the away notices due (one per person while the owner is away).
  const outbox = replies ? new OutboxWorker(replies, clock, {}, () => away.queueNotices()) : null;
  const newMail = replies ? new NewMailService(replies, conversations, store) : null;
  const forwards = replies ? new ForwardService(replies, conversations, core.attachments, store, { forwardAs: account?.forwardAs ?? 'inline' }) : null;
  const spam = new SpamService(store, imap && account ? { imap, junk: new JunkFolder(store, { sentFolder: account.sentFolder }) } : null, importSettings.shopAddresses, clock);
  const rules = new RuleService(store, conversations, config.rules, config.searches, clock, importSettings.shopAddresses);
  const stats = new StatsService(store, conversations, clock, { workingHours: config.workingHours, paused: () => conversations.pausePeriods() });
  return { ...core, importer, exports, forget, reindex, sync, replies, outbox, newMail, forwards, senders, rules, spam, languages, greetings: greeter, stats, away, customerMerges: new CustomerMergeService(store) };
}
