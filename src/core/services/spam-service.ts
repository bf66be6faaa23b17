/**
 * Spam and blocking for the owner (`h2h spam`, `!` in the TUI, `h2h unspam`, `h2h block`): the
 * conversation leaves every view (the spam tag), its customer is blocked (their next mail is spam on
 * arrival, here; through the Junk folder, for other clients and the server's filter too), and its
 * mail goes to the server's Junk folder at once when the server can be reached, else at the next
 * sync. Never deletes anything: `unspam` puts it all back.
 */
import { isEmailAddress, normaliseAddress } from '../domain/address.js';
import { describeError, UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MailServer } from '../ports/mail-server.js';
import type { MailStore } from '../ports/mail-store.js';
import type { JunkFolder, JunkOutcome } from './junk-folder.js';
import { markSpamIn, unmarkSpamIn, type SpamMarks } from './spam-marks.js';

/** What happened on the server: moved (or nothing to move), not reachable (it happens at the next sync), or no account. */
export type ServerOutcome = { moved: JunkOutcome | null } | { error: string } | { noAccount: true };
export type SpamReport = SpamMarks & { server: ServerOutcome };

export class SpamService {
  constructor(
    private readonly store: MailStore,
    private readonly server: { imap: MailServer; junk: JunkFolder } | null,
    private readonly shop: Set<string>,
    private readonly clock: Clock,
  ) {}

  async spam(ids: string[]): Promise<SpamReport> {
    const marks = await this.store.transact((tx) => markSpamIn(tx, ids, { nowIso: this.nowIso(), block: true, shop: this.shop }));
    return { ...marks, server: await this.onServer((session, junk) => junk.pushSpam(session)) };
  }

  async unspam(ids: string[]): Promise<SpamReport> {
    const marks = await this.store.transact((tx) => unmarkSpamIn(tx, ids));
    const messageIds = marks.conversations.flatMap((id) => this.store.conversationMessages(id).filter((m) => m.direction === 'in' && !m.isSyntheticId).map((m) => m.messageId));
    return { ...marks, server: await this.onServer((session, junk) => junk.takeBack(session, messageIds)) };
  }

  /** Blocked senders, by address. */
  blocked(): { email: string; at: string }[] {
    return this.store.senderVerdicts().flatMap(([email, v]) => (v.as === 'blocked' ? [{ email, at: v.at }] : []));
  }

  /** Blocks a sender: their next mail is spam on arrival (mail already here stays where it is). */
  async block(email: string): Promise<string> {
    const address = this.address(email);
    await this.store.transact((tx) => tx.setSenderVerdict(address, { as: 'blocked', at: this.nowIso() }));
    return address;
  }

  /** Lifts a block; false when the sender was not blocked. */
  async unblock(email: string): Promise<boolean> {
    const address = this.address(email);
    return this.store.transact((tx) => {
      if (tx.senderVerdict(address)?.as !== 'blocked') return false;
      tx.setSenderVerdict(address, null);
      return true;
    });
  }

  private async onServer(work: (session: Awaited<ReturnType<MailServer['connect']>>, junk: JunkFolder) => Promise<JunkOutcome | null>): Promise<ServerOutcome> {
    if (!this.server) return { noAccount: true };
    let session;
    try {
      session = await this.server.imap.connect();
      return { moved: await work(session, this.server.junk) };
    } catch (error) {
      return { error: describeError(error) };
    } finally {
      await session?.close().catch(() => {});
    }
  }

  private address(email: string): string {
    const address = normaliseAddress(email);
    if (!isEmailAddress(address)) throw new UsageError(`not an email address: ${JSON.stringify(email)}`);
    if (this.shop.has(address)) throw new UsageError(`${address} is the shop's own address: it cannot be blocked`);
    return address;
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
