/**
 * The owner's word on a sender (`h2h sender`): a person whose mail h2h took for a machine's (a
 * customer writing from a help-desk address), or a machine it took for a person (a supplier's
 * robot with a human name). Remembered by address and applied to new mail at import, and at once
 * to the sender's stored mail: each message is classified again from its raw file with the new
 * word, and its conversation's record (waiting clock, Other view) follows.
 */
import { isEmailAddress, normaliseAddress } from '../domain/address.js';
import type { Automation } from '../domain/automated.js';
import { UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MailStore, SenderVerdict, StoreTx } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import { rewriteRecords } from './conversation-records.js';
import { automationOf } from './message-records.js';

export type SenderVerdictView = { email: string; as: SenderVerdict['as']; at: string };
export type SenderChange = { email: string; as: SenderVerdict['as'] | null; messages: number; changed: number; conversations: number };

export class SenderService {
  constructor(
    private readonly store: MailStore,
    private readonly parser: MessageParser,
    private readonly settings: { shopAddresses: Set<string> },
    private readonly clock: Clock,
  ) {}

  /** Every sender the owner has a word on, by address. */
  verdicts(): SenderVerdictView[] {
    return this.store.senderVerdicts().map(([email, v]) => ({ email, as: v.as, at: v.at }));
  }

  verdict(email: string): SenderVerdictView | undefined {
    const address = this.address(email);
    const v = this.store.senderVerdict(address);
    return v && { email: address, as: v.as, at: v.at };
  }

  /** Says what a sender is (null: h2h decides from the mail again), for their stored mail and new mail alike. */
  async judge(email: string, as: 'person' | 'automated' | null): Promise<SenderChange> {
    const address = this.address(email);
    return this.classifyStored(address, as, (tx) => tx.setSenderVerdict(address, as === null ? null : { as, at: new Date(this.clock.now()).toISOString() }));
  }

  /**
   * The owner's word on these senders came from another machine (state-sync.ts) and is in the store
   * already: their stored mail is classified again by it, as `judge` does where it was said.
   */
  async applyShared(emails: string[]): Promise<void> {
    for (const email of emails) {
      const v = this.store.senderVerdict(email);
      const as = v && v.as !== 'blocked' ? v.as : null;
      await this.classifyStored(email, as, () => {});
    }
  }

  private async classifyStored(address: string, as: 'person' | 'automated' | null, decide: (tx: StoreTx) => void): Promise<SenderChange> {
    const stored = this.store.inboundFrom(address);
    // Parsed before the transaction (slow work never runs inside one): the headers are in the raw files only.
    const next = new Map<number, Automation | null>();
    for (const { meta } of stored) next.set(meta.seq, automationOf(await this.parser.parse(await this.store.readRaw(meta.hash)), meta.customer, as ?? undefined));
    return this.store.transact((tx) => {
      decide(tx);
      const touched: string[] = [];
      let changed = 0;
      // Read again inside: mail that arrived meanwhile was classified at import with the old word.
      for (const { meta, conversationId } of tx.inboundFrom(address)) {
        const automated = next.has(meta.seq) ? next.get(meta.seq)! : unparsed(meta.automated, as, address);
        if (JSON.stringify(automated) === JSON.stringify(meta.automated ?? null)) continue;
        tx.setAutomated(meta.seq, automated);
        changed++;
        if (conversationId) touched.push(conversationId);
      }
      rewriteRecords(tx, touched);
      return { email: address, as, messages: stored.length, changed, conversations: new Set(touched).size };
    });
  }

  private address(email: string): string {
    const address = normaliseAddress(email);
    if (!isEmailAddress(address)) throw new UsageError(`not an email address: ${JSON.stringify(email)}`);
    if (this.settings.shopAddresses.has(address)) throw new UsageError(`${address} is the shop's own address: its mail is the shop's, neither a person's nor a machine's`);
    return address;
  }
}

/** A message that arrived while the sender's mail was being read: judged from what import decided. */
function unparsed(current: Automation | undefined, as: SenderVerdict['as'] | null, address: string): Automation | null {
  if (as === 'person') return null;
  if (as === 'automated') return current ?? { kind: 'notification', by: `the owner: ${address} is automated` };
  return current ?? null;
}
