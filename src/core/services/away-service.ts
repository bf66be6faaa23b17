/**
 * The owner away (issue 19, `h2h away --until`): one personal notice to each person who writes
 * meanwhile (never to machines, never twice to one person in one absence), in their language by
 * the name they are greeted by, signed by the owner, threaded into their conversation, marked
 * Auto-Submitted so it is no answer (the conversation keeps waiting, and their mail programs
 * know not to answer it). The worker that sends the outbox asks for the notices due first.
 */
import { awayTakeOverMs, awayText, isAwayNow, maxAwayWords, plainMachineName, withoutAwayControls, type AwayPeriod, type AwayState } from '../domain/away.js';
import { normaliseAddress } from '../domain/address.js';
import { isPlaceholderCustomer } from '../domain/participants.js';
import { safeAddress, threadHeaders } from '../domain/reply.js';
import { UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { MailStore, OutboxEntry } from '../ports/mail-store.js';
import type { ConversationService } from './conversation-service.js';
import type { ReplyService } from './reply-service.js';

/** A notice queued meanwhile by another process for the same person: this one is not queued. */
class AlreadyNoticed extends Error {}

/** `sendsHere`: whether this machine sends the notices (else the one named `state.machine` does). */
export type AwayReport = { state: AwayState | null; away: boolean; earlier: AwayPeriod[]; sendsHere: boolean };

export class AwayService {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
    private readonly replies: ReplyService | null,
    private readonly clock: Clock,
    /** This machine's name, said on the others ("notices go from shop-desktop"). */
    private readonly machine?: string,
  ) {}

  report(): AwayReport {
    const { current, earlier } = this.store.away();
    return { state: current, away: isAwayNow(current, this.clock.now()), earlier, sendsHere: this.sendsHere(current) };
  }

  /** The notices go from the machine told last, alone: two machines running at once never greet one person twice. */
  private sendsHere(state: AwayState | null): boolean {
    return !state?.node || state.node === this.store.sharedNode();
  }

  /**
   * Away from now until `until`; `message`: the owner's own words for the notice (`{until}` is the
   * day back; else the words said before in this absence). Said while away, the same absence goes
   * on (nobody gets a second notice) and its notices go from this machine from now on.
   */
  async start(until: number, message?: string): Promise<AwayState> {
    const now = this.clock.now();
    if (!(until > now)) throw new UsageError('away needs a time in the future to be back by');
    const words = message === undefined ? undefined : cleanMessage(message);
    if (words === '') throw new UsageError('the away message is empty');
    const before = this.store.away().current;
    const going = before && isAwayNow(before, now) ? before : null;
    const kept = words ?? going?.message;
    const state: AwayState = {
      from: going?.from ?? new Date(now).toISOString(),
      until: new Date(until).toISOString(),
      ...(kept ? { message: kept } : {}),
      noticed: going?.noticed ?? [],
      node: this.store.sharedNode(),
      ...(this.machine ? { machine: plainMachineName(this.machine) } : {}),
    };
    await this.store.transact((tx) => tx.setAway(state));
    return state;
  }

  /** Back now: no more notices; the absence is kept for "while you were away" and the figures. */
  async back(): Promise<AwayState | null> {
    const { current } = this.store.away();
    if (!current || !isAwayNow(current, this.clock.now())) return current;
    const ended = { ...current, until: new Date(this.clock.now()).toISOString() };
    await this.store.transact((tx) => tx.setAway(ended));
    return ended;
  }

  /**
   * The notices due now: to each person who wrote since the owner left and has none yet. The
   * machine told sends them at once; another sends one only when it has seen the person wait an
   * hour with no notice back in the Sent folder (the machine told is off: a laptop closed on holiday).
   */
  async queueNotices(): Promise<OutboxEntry[]> {
    const state = this.store.away().current;
    const now = this.clock.now();
    if (!this.replies || !state || !isAwayNow(state, now)) return [];
    const here = this.sendsHere(state);
    const since = Date.parse(state.from);
    const noticed = new Set(state.noticed);
    const seen = { ...state.seen };
    const queued: OutboxEntry[] = [];
    // Only conversations with mail since the owner left (the index finds them), each looked at once.
    // One notice per person: an address merged into another customer (h2h customers merge) is theirs.
    const recent = (await this.conversations.list(`is:person after:${state.from}`)).map((c) => ({ c, person: this.store.personOf(c.customer), metas: this.store.messages(c.record.seqs) }));
    // One already went from another machine of the owner's (it came back with the Sent folder), in any of their conversations.
    for (const { person, metas } of recent) if (metas.some((m) => m.direction === 'out' && m.automated && Date.parse(m.date) >= since)) noticed.add(person);
    for (const { c, person, metas } of recent) {
      if (Date.parse(c.record.lastInboundAt ?? c.lastMessageAt) < since || noticed.has(person) || isPlaceholderCustomer(c.customer) || this.replies.isShop(c.customer)) continue;
      const wrote = metas.filter((m) => m.direction === 'in' && !m.automated && m.from && normaliseAddress(m.from.email) === c.customer && Date.parse(m.date) >= since).at(-1);
      if (!wrote?.from) continue;
      if (!here) {
        // By when this machine first saw them wait (their Date header may say anything).
        seen[person] ??= new Date(now).toISOString();
        if (now - Date.parse(seen[person]) < awayTakeOverMs) continue;
      }
      // Another process's notice, or mail h2h cannot answer (a Reply-To to dozens): no notice, the others still go.
      const entry = await this.queueOne(state, c.id, c.customer, person, wrote.from).catch((error) => {
        if (error instanceof AlreadyNoticed || error instanceof UsageError) return null;
        throw error;
      });
      noticed.add(person);
      if (entry) queued.push(entry);
    }
    const newlySeen = Object.keys(seen).filter((k) => !state.seen?.[k]);
    if (newlySeen.length) {
      await this.store.transact((tx) => {
        const current = tx.away().current;
        if (current?.from === state.from) tx.setAway({ ...current, seen: { ...Object.fromEntries(newlySeen.map((k) => [k, seen[k]])), ...current.seen } });
      });
    }
    return queued;
  }

  private async queueOne(state: AwayState, conversationId: string, customer: string, person: string, to: { name: string; email: string }): Promise<OutboxEntry> {
    const replies = this.replies!;
    const greeting = await replies.greeter.greet(customer, { automated: null });
    const draft = await replies.draft(conversationId, awayText(state, greeting.language));
    return replies.enqueue(
      {
        kind: 'reply',
        notice: true,
        // No draft is kept under this key: the owner's own draft of a reply stays as it is.
        draftKey: `away-${conversationId}`,
        conversationId,
        marksSeq: draft.answers.seq,
        baseSeq: draft.baseSeq,
        from: draft.from,
        // To the person who wrote, never to a Reply-To elsewhere (RFC 3834 answers the sender).
        recipients: { to: [safeAddress(to)], cc: [], bcc: [] },
        subject: draft.subject,
        text: draft.text,
        ...threadHeaders(draft.answers),
        files: [],
        headers: { 'Auto-Submitted': 'auto-replied', 'X-H2H-Away': state.until },
      },
      { immediately: true },
      (tx) => {
        const now = tx.away().current;
        // Checked again in the transaction: another process of this machine made it, or the absence ended meanwhile.
        if (!now || now.from !== state.from || now.noticed.includes(person)) throw new AlreadyNoticed();
        tx.setAway({ ...now, noticed: [...now.noticed, person] });
      },
    );
  }
}

/** The owner's words for the notice: text, at most 2,000 characters, no control characters but line breaks. */
function cleanMessage(text: string): string {
  const clean = withoutAwayControls(text.replace(/\r\n?/g, '\n')).trim();
  if (clean.length > maxAwayWords) throw new UsageError(`the away message is ${clean.length} characters: at most ${maxAwayWords}`);
  return clean;
}
