/**
 * The server's Junk folder and the moves to and from it. Spam goes there with `$Junk` set (and
 * `$NotJunk` taken off), so other mail clients and the server's own filter training see what the
 * owner decided; taken back, it returns to INBOX with `$NotJunk`. Nothing is ever deleted: a
 * server that cannot move exactly these messages (no MOVE, no UIDPLUS) leaves them where they are,
 * and says so.
 */
import { junkKeyword, notJunkKeyword, spamTag } from '../domain/spam.js';
import type { MailServerSession, ServerFolder } from '../ports/mail-server.js';
import type { MailStore } from '../ports/mail-store.js';
import { besideSent } from './sent-folder.js';

const junkNames = ['Junk', 'Spam', 'Junk E-mail', 'Junk Email', 'Junk Mail', 'Bulk Mail', 'INBOX.Junk', 'INBOX.Spam', 'INBOX/Junk', 'INBOX/Spam', '[Gmail]/Spam'];

/** The folder marked SPECIAL-USE \Junk, else a well-known name (any case); undefined when none. */
export function findJunkFolder(listed: ServerFolder[]): string | undefined {
  const byLower = new Map(listed.map((f) => [f.path.toLowerCase(), f.path]));
  return listed.find((f) => f.specialUse === '\\Junk')?.path ?? junkNames.map((n) => byLower.get(n.toLowerCase())).find((p) => p !== undefined);
}

export type JunkOutcome = { folder: string; moved: number; problems: string[] };

export class JunkFolder {
  constructor(
    private readonly store: MailStore,
    private readonly settings: { sentFolder?: string },
  ) {}

  /** The Junk folder, created (beside Sent: `INBOX.Junk` on servers that keep folders under INBOX) when the account has none. */
  async ensure(session: MailServerSession): Promise<string> {
    const listed = await session.listFolders();
    const found = findJunkFolder(listed);
    if (found) return found;
    const path = besideSent(listed, this.settings.sentFolder, 'Junk');
    await session.createFolder(path);
    return path;
  }

  /** Moves every message of a conversation marked spam that a synced folder still holds to Junk. */
  async pushSpam(session: MailServerSession): Promise<JunkOutcome | null> {
    if (this.store.spamLocations([]).length === 0) return null;
    const junk = await this.ensure(session);
    const byFolder = new Map<string, number[]>();
    for (const l of this.store.spamLocations([junk])) (byFolder.get(l.path) ?? byFolder.set(l.path, []).get(l.path)!).push(l.uid);
    const outcome: JunkOutcome = { folder: junk, moved: 0, problems: [] };
    for (const [path, uids] of byFolder) {
      await session.open(path);
      // Flags first: they travel with the message (a MOVE keeps them).
      const flagged = await session.storeFlags(uids, { add: [junkKeyword], remove: [notJunkKeyword] });
      if (!flagged.ok) outcome.problems.push(`${path}: ${flagged.reason}`);
      const moved = await session.move(uids, junk);
      if (!moved.ok) {
        outcome.problems.push(`${path}: ${moved.reason}`);
        continue;
      }
      await this.store.transact((tx) => tx.movedAway(path, uids));
      outcome.moved += uids.length;
    }
    return outcome;
  }

  /** Moves these messages (by Message-ID) from Junk back to INBOX, marked not junk; the next sync stores them there again. */
  async takeBack(session: MailServerSession, messageIds: string[]): Promise<JunkOutcome | null> {
    const listed = await session.listFolders();
    const junk = findJunkFolder(listed);
    if (!junk || messageIds.length === 0) return null;
    await session.open(junk);
    const uids = new Set<number>();
    for (const id of messageIds) for (const uid of await session.uidsWithMessageId(id)) uids.add(uid);
    if (uids.size === 0) return { folder: junk, moved: 0, problems: [] };
    return this.moveBack(session, junk, [...uids], listed.find((f) => f.path.toUpperCase() === 'INBOX')?.path ?? 'INBOX');
  }

  private async moveBack(session: MailServerSession, junk: string, uids: number[], inbox: string): Promise<JunkOutcome> {
    const outcome: JunkOutcome = { folder: junk, moved: 0, problems: [] };
    // The spam tag may have travelled as a keyword (flag sync ran before the move): it goes too, or the
    // next sync would read it back as the owner's tag.
    const flagged = await session.storeFlags(uids, { add: [notJunkKeyword], remove: [junkKeyword, spamTag] });
    if (!flagged.ok) outcome.problems.push(`${junk}: ${flagged.reason}`);
    const moved = await session.move(uids, inbox);
    if (moved.ok) outcome.moved = uids.length;
    else outcome.problems.push(`${junk}: ${moved.reason}`);
    return outcome;
  }
}
