/**
 * The shared state in the SQLite store (ports/store/shared-store.ts): `shared_entries` holds the
 * merged state by entry (a conversation's anchor, a customer, a sender), `shared_pending` the local
 * deltas not yet written to the server. The journal is what the other parts call when they write a
 * local decision, inside the same transaction: the decision and its delta commit together or not at
 * all. This machine's clock (hlc.ts) and id live in `meta`.
 */
import { HybridClock, type Hlc } from '../../../../core/domain/shared-state/hlc.js';
import { emptyShared, joinStates, newestStamp, type SharedConversation, type SharedCustomer, type SharedState, type Stamped, type SenderDecision, type AwayDecision } from '../../../../core/domain/shared-state/shared-state.js';
import type { DraftHere, SharedReads, SharedWrites } from '../../../../core/ports/mail-store.js';
import type { DraftVersion } from '../../../../core/domain/shared-state/shared-drafts.js';
import type { StoreContext, StorePart } from './store-context.js';

type Kind = 'c' | 'u' | 's' | 'd' | 'o';
const sections = { c: 'conversations', u: 'customers', s: 'senders', d: 'drafts', o: 'owner' } as const;

export type SharedJournal = ReturnType<typeof sharedJournal>;

export function sharedJournal(ctx: StoreContext) {
  const { db } = ctx.index;
  const getEntry = db.prepare('SELECT doc FROM shared_entries WHERE kind = ? AND key = ?').pluck();
  const putEntry = db.prepare('INSERT OR REPLACE INTO shared_entries(kind, key, doc) VALUES (?, ?, ?)');
  const addPending = db.prepare('INSERT INTO shared_pending(delta) VALUES (?)');
  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)');
  const firstMessage = db.prepare('SELECT message_id FROM messages WHERE conversation_id = ? ORDER BY date, rowid LIMIT 1').pluck();
  const anchors = db.prepare("SELECT DISTINCT m.message_id FROM messages m JOIN shared_entries e ON e.kind = 'c' AND e.key = m.message_id WHERE m.conversation_id = ? ORDER BY m.date, m.rowid").pluck();
  let clock: HybridClock | undefined;

  // Made by the schema 7 migration, once per store.
  const node = (): string => getMeta.get('shared_node') as string;

  const theClock = (): HybridClock => (clock ??= new HybridClock(node(), Date.now, (getMeta.get('shared_clock') as string | undefined) ?? undefined));

  /** Joins a state into the entries; returns the keys whose entry changed. */
  const join = (state: SharedState) => {
    const changed = { conversations: [] as string[], customers: [] as string[], senders: [] as string[], drafts: [] as string[], owner: [] as string[] };
    for (const kind of ['c', 'u', 's', 'd', 'o'] as const) {
      const section = (state[sections[kind]] ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(section)) {
        const before = getEntry.get(kind, key) as string | undefined;
        const merged = joinStates(single(kind, key, before === undefined ? undefined : JSON.parse(before)), single(kind, key, value));
        const doc = JSON.stringify((merged[sections[kind]] as Record<string, unknown> | undefined)?.[key]);
        if (doc === before) continue;
        putEntry.run(kind, key, doc);
        changed[sections[kind]].push(key);
      }
    }
    return changed;
  };

  return {
    node,
    /** A stamp for a local decision, after every stamp this store made or read. */
    now(): Hlc {
      const stamp = theClock().now();
      setMeta.run('shared_clock', stamp);
      return stamp;
    },
    /** A local decision: merged into the entries and kept to send. Inside the caller's transaction. */
    record(delta: SharedState): void {
      ctx.rev();
      join(delta);
      addPending.run(JSON.stringify(delta));
    },
    /** A state read from the server: merged, nothing to send; the clock moves past it. */
    merge(state: SharedState) {
      ctx.rev();
      const newest = newestStamp(state);
      if (newest) {
        theClock().seen(newest);
        setMeta.run('shared_clock', theClock().now());
      }
      return join(state);
    },
    /** The anchor a conversation's decisions are shared under: one it already has, else its first message's Message-ID. */
    anchorOf(conversationId: string): string | undefined {
      return (anchors.get(conversationId) as string | undefined) ?? (firstMessage.get(conversationId) as string | undefined);
    },
    anchorsOf: (conversationId: string) => anchors.all(conversationId) as string[],
    entry(kind: Kind, key: string): unknown {
      const doc = getEntry.get(kind, key) as string | undefined;
      return doc === undefined ? undefined : JSON.parse(doc);
    },
  };
}

function single(kind: Kind, key: string, value: unknown): SharedState {
  const s = emptyShared();
  if (kind === 'd') s.drafts = {};
  if (kind === 'o') s.owner = {};
  if (value !== undefined) (s[sections[kind]] as Record<string, unknown>)[key] = value;
  return s;
}

export function sharedPart(
  ctx: StoreContext,
  journal: SharedJournal,
  apply: { states: SharedWrites['writeUnsharedStates']; customer: SharedWrites['writeUnsharedCustomer'] },
): StorePart<SharedReads, Omit<SharedWrites, 'writeUnsharedVerdict' | 'writeUnsharedAway'>> {
  const { db } = ctx.index;
  const pending = db.prepare('SELECT id, delta FROM shared_pending ORDER BY id');
  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)');
  const deleteMeta = db.prepare('DELETE FROM meta WHERE key = ?');
  const draftKeys = db.prepare("SELECT key FROM shared_entries WHERE kind = 'd' ORDER BY key").pluck();
  const dropPending = db.prepare('DELETE FROM shared_pending WHERE id IN (SELECT value FROM json_each(?))');
  return {
    reads: {
      sharedNode: () => journal.node(),
      sharedEntries(keys) {
        const s = emptyShared();
        for (const k of keys.conversations ?? []) if (journal.entry('c', k) !== undefined) s.conversations[k] = journal.entry('c', k) as SharedConversation;
        for (const k of keys.customers ?? []) if (journal.entry('u', k) !== undefined) s.customers[k] = journal.entry('u', k) as SharedCustomer;
        for (const k of keys.senders ?? []) if (journal.entry('s', k) !== undefined) s.senders[k] = journal.entry('s', k) as Stamped<SenderDecision>;
        for (const k of keys.drafts ?? []) if (journal.entry('d', k) !== undefined) (s.drafts ??= {})[k] = journal.entry('d', k) as DraftVersion[];
        for (const k of keys.owner ?? []) if (journal.entry('o', k) !== undefined) (s.owner ??= {})[k] = journal.entry('o', k) as Stamped<AwayDecision>;
        return s;
      },
      sharedDraftKeys: () => draftKeys.all() as string[],
      sharedDraftsMirrored: () => JSON.parse((getMeta.get('shared_drafts_mirrored') as string | undefined) ?? '{}') as Record<string, string>,
      sharedDraftsHere: () => JSON.parse((getMeta.get('shared_drafts_here') as string | undefined) ?? '{}') as Record<string, DraftHere>,
      sharedPending: () => (pending.all() as { id: number; delta: string }[]).map((r) => ({ id: r.id, delta: JSON.parse(r.delta) as SharedState })),
      sharedAnchorsOf: (id) => journal.anchorsOf(id),
      sharedAnchorOf: (id) => journal.anchorOf(id),
      sharedWaiting: () => JSON.parse((getMeta.get('shared_waiting') as string | undefined) ?? '[]') as string[],
      sharedSeeded: () => getMeta.get('shared_seeded') === '1',
      sharedJoined: () => getMeta.get('shared_joined') === '1',
      sharedLastStamp: () => (getMeta.get('shared_clock') as string | undefined) ?? undefined,
      sharedAgreedAt: () => Number((getMeta.get('shared_agreed_at') as string | undefined) ?? 0),
      sharedRefusedAt: () => {
        const at = getMeta.get('shared_refused_at') as string | undefined;
        return at === undefined ? undefined : Number(at);
      },
    },
    writes: {
      mergeShared: (state) => journal.merge(state),
      recordShared: (delta) => journal.record(delta),
      sharedStamp() {
        ctx.rev();
        return journal.now();
      },
      setSharedWaiting(anchors) {
        ctx.rev();
        setMeta.run('shared_waiting', JSON.stringify(anchors));
      },
      setSharedRefusedAt(at) {
        ctx.rev();
        if (at === null) deleteMeta.run('shared_refused_at');
        else setMeta.run('shared_refused_at', String(at));
      },
      setSharedDraftsMirrored(mirrored) {
        ctx.rev();
        setMeta.run('shared_drafts_mirrored', JSON.stringify(mirrored));
      },
      setSharedDraftsHere(here) {
        ctx.rev();
        setMeta.run('shared_drafts_here', JSON.stringify(here));
      },
      setSharedAgreedAt(at) {
        ctx.rev();
        setMeta.run('shared_agreed_at', String(at));
      },
      markSharedJoined() {
        ctx.rev();
        setMeta.run('shared_joined', '1');
      },
      markSharedSeeded() {
        ctx.rev();
        setMeta.run('shared_seeded', '1');
      },
      dropSharedPending(ids) {
        ctx.rev();
        dropPending.run(JSON.stringify(ids));
      },
      writeUnsharedStates: apply.states,
      writeUnsharedCustomer: apply.customer,
    },
  };
}
