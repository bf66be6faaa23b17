/**
 * Compaction of the state log (docs/two-machines.md): once the folder holds more than a bound of
 * messages, one machine reads them all, writes their join as one message and deletes the ones it
 * read. Safe with any number of machines doing the same at once, or appending meanwhile: the join
 * is idempotent (shared-state.ts), the new message is on the server before anything is deleted, and
 * only messages read into it are deleted. A message that is not a state this h2h can read (a newer
 * h2h's, or something another client put there) is kept.
 */
import { emptyShared, joinStates } from '../domain/shared-state/shared-state.js';
import { readStateMessage, stateMessage } from '../domain/shared-state/state-message.js';
import type { MailServerSession } from '../ports/mail-server.js';

/** Past this many messages in the log, it is compacted (a sync writes at most one; a year of daily use is a few hundred). */
export const compactAbove = 200;

export type Compacted = { removed: number; appended: { uid?: number; uidValidity?: string } };

/** Compacts the open log folder when it holds more than `above` messages; null when it did not. */
export async function compactLog(session: MailServerSession, folder: string, exists: number, sign: { node: string; now: number }, above = compactAbove): Promise<Compacted | null> {
  if (exists <= above) return null;
  let all = emptyShared();
  const covered: number[] = [];
  for await (const m of session.fetchMessages(await session.uidsFrom(1))) {
    const state = 'raw' in m ? readStateMessage(m.raw) : null;
    if (!state) continue;
    all = joinStates(all, state);
    covered.push(m.uid);
  }
  if (covered.length <= 1) return null;
  const appended = await session.append(folder, stateMessage(all, { node: sign.node, stamp: `compact.${sign.now}`, date: new Date(sign.now) }), ['\\Seen']);
  // Refused (no UIDPLUS): the originals stay beside their join, which repeats them harmlessly.
  const removed = await session.expunge(covered);
  return { removed: removed.ok ? covered.length : 0, appended };
}
