/**
 * Filing a reply once SMTP took it: its exact bytes into the server's Sent folder (as read), so
 * other clients show it and a lost store gets it back, and \Answered on the customer's message in
 * every folder the sync saw it in. ReplyService calls it after a send and for `outbox --retry`.
 */
import { MailUnavailableError } from '../errors.js';
import { canonicalCrlf } from '../domain/line-endings.js';
import type { MailStore } from '../ports/mail-store.js';
import type { MailServer } from '../ports/mail-server.js';
import type { FilingResult, SentFiling, SentMark } from './outbox-sending.js';
import { findSentFolder } from './sent-folder.js';

export type SentFilingSettings = {
  /** Append sent replies to Sent (false where the server files them itself). @default true */
  saveSentCopy?: boolean;
  /** The Sent folder when the server marks none with \Sent. */
  sentFolder?: string;
};

export class SentFilingService implements SentFiling {
  constructor(
    private readonly store: MailStore,
    private readonly server: MailServer,
    private readonly settings: SentFilingSettings,
  ) {}

  async fileSent(raw: Uint8Array, mark: SentMark | null, again?: { messageId: string }): Promise<FilingResult> {
    const session = await this.server.connect();
    try {
      if (this.settings.saveSentCopy !== false) {
        const sent = findSentFolder(await session.listFolders(), this.settings.sentFolder);
        if (!sent) throw new MailUnavailableError('no Sent folder on the server (set account.sentFolder, or saveSentCopy: false if the server files sent mail itself)', { transient: false });
        // Filed again after a try that was not recorded (h2h killed between the APPEND and the
        // record): the copy already in Sent is the reply; a second would show it twice everywhere.
        const there = again ? (await session.open(sent), await session.hasMessageId(again.messageId)) : false;
        // Replies stored before they were made canonical still have bare LF lines.
        if (!there) await session.append(sent, canonicalCrlf(raw), ['\\Seen']);
      }
      const refused: string[] = [];
      let marked = 0;
      // Every folder the sync saw the customer's message in (INBOX, an archive folder…), each opened once.
      const uidsByFolder = new Map<string, number[]>();
      for (const { path, uid } of mark ? this.store.locationsOf([mark.seq]) : []) uidsByFolder.set(path, [...(uidsByFolder.get(path) ?? []), uid]);
      for (const [path, uids] of uidsByFolder) {
        await session.open(path);
        const result = await session.storeFlags(uids, { add: [mark!.flag] });
        if (result.ok) marked++;
        else refused.push(`${path}: ${result.reason}`);
      }
      return { marked: marked > 0 && refused.length === 0, ...(refused.length ? { note: `${mark!.flag} not set (${refused.join('; ')})` } : {}) };
    } finally {
      await session.close().catch(() => {});
    }
  }
}
