/**
 * Erasing mail for good (`h2h forget <query>`): a customer's data request, a mistaken import, spam.
 * Everything about the matching conversations goes: messages, raw files no other message shares,
 * texts and search entries, tags, notes, sync positions, drafts and replies in the outbox; and each
 * customer left without a conversation, with the notes about them. With `onServer`, the messages
 * are deleted from the IMAP server first (a refusal there stops before anything local is erased,
 * so the owner can try again).
 */
import { StateSync } from './state-sync.js';
import type { ConversationView } from '../domain/conversation.js';
import { UsageError } from '../errors.js';
import type { MailServer } from '../ports/mail-server.js';
import type { ForgottenMail, MailStore, StoreTx } from '../ports/mail-store.js';
import type { ConversationService } from './conversation-service.js';
import { filesInUse } from './reply-files.js';
import type { MessageParser } from '../ports/message-parser.js';
import { createHash } from 'node:crypto';

export type ForgetPlan = {
  conversations: ConversationView[];
  messages: number;
  /** Customers who would be left without any conversation (their record and notes go too). */
  customers: string[];
  /** Messages known to be on the IMAP server. */
  onServer: number;
};

export type ForgetReport = ForgottenMail & { deletedOnServer: number };

export class ForgetService {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
    private readonly server: MailServer | null,
    /** Reads the files the shop attached to its replies (their copies kept for the outbox). */
    private readonly parser: MessageParser | null = null,
    /** Where the account keeps Sent: the state log is beside it (state-sync.ts). */
    private readonly settings: { sentFolder?: string } = {},
  ) {}

  /** What `forget` would remove, removing nothing. */
  async plan(query: string): Promise<ForgetPlan> {
    if (this.conversations.parse(query, true).type === 'all') throw new UsageError('forget needs a query: it never erases everything at once');
    // Spam too: a customer's request to be forgotten covers every conversation of theirs.
    const conversations = await this.conversations.list(query, { includeSpam: true });
    const ids = new Set(conversations.map((c) => c.id));
    const customers = [...new Set(conversations.map((c) => c.customer))].filter((email) =>
      this.store.conversationsOfCustomer(email).every((entry) => ids.has(entry.record.id)),
    );
    const onServer = this.store.serverCopiesOf([...ids]).reduce((n, f) => n + f.uids.length, 0);
    return { conversations, messages: conversations.reduce((n, c) => n + c.messageCount, 0), customers, onServer };
  }

  async forget(query: string, options: { onServer?: boolean } = {}): Promise<ForgetReport> {
    // Anything a forget killed earlier left pending goes first: it is the same promise.
    await this.store.finishErasing();
    const plan = await this.plan(query);
    const ids = plan.conversations.map((c) => c.id);
    const deletedOnServer = options.onServer ? await this.deleteOnServer(ids, plan.customers) : 0;
    const sentFiles = await this.filesOfSentReplies(ids);
    const forgotten = await this.store.transact((tx) => {
      const replies = this.clearOwnerDocuments(tx, new Set(ids), new Set(plan.customers), sentFiles);
      return tx.forgetConversations(ids, replies);
    });
    await this.store.finishErasing();
    return { ...forgotten, deletedOnServer };
  }

  /** Drafts, outbox entries and an undo record about these conversations; returns their raw files (replies, and files attached to them). */
  private clearOwnerDocuments(tx: StoreTx, ids: Set<string>, customers: Set<string>, sentFiles: string[]): string[] {
    const hashes: string[] = [...sentFiles];
    for (const entry of tx.outbox()) {
      if (!ids.has(entry.conversationId)) continue;
      // The SMTP conversation may be under way in another process: erasing now could not stop it.
      if (entry.status === 'sending') throw new UsageError(`a reply in conversation ${entry.conversationId} is being sent right now; run forget again once it is done`);
      hashes.push(entry.hash, ...(entry.attachments ?? []).map((a) => a.hash));
      tx.removeOutboxEntry(entry.id);
    }
    for (const id of ids) {
      const draft = tx.draft(id);
      if (!draft) continue;
      hashes.push(...(draft.attachments ?? []).map((a) => a.hash));
      tx.removeDraft(id);
    }
    tx.dropUndoRecords((undo) => undo.changes.some((c) => ids.has(c.id)) || (!!undo.customerNote && customers.has(undo.customerNote.email)));
    // The same file attached to a reply in another conversation keeps its bytes for that one.
    const stillUsed = filesInUse(tx);
    for (const e of tx.outbox()) stillUsed.add(e.hash);
    return hashes.filter((h) => !stillUsed.has(h));
  }

  /**
   * The copies of files the shop attached to replies in these conversations: a reply's files are
   * kept in the raw files under the sha256 of their bytes while it is a draft or in the outbox, and
   * its outbox entry (which named them) leaves a week after it was sent. The sent message still
   * holds each file: its bytes give the name of the copy.
   */
  private async filesOfSentReplies(ids: string[]): Promise<string[]> {
    if (!this.parser) return [];
    const hashes: string[] = [];
    for (const id of ids) {
      const { seqs } = this.conversations.messagesOf(id);
      for (const meta of this.store.messages(seqs)) {
        if (meta.direction !== 'out' || meta.attachments.length === 0) continue;
        for (const file of await this.parser.attachmentFiles(await this.store.readRaw(meta.hash))) hashes.push(createHash('sha256').update(file.content).digest('hex'));
      }
    }
    return hashes;
  }

  private async deleteOnServer(ids: string[], customers: string[]): Promise<number> {
    const folders = this.store.serverCopiesOf(ids);
    if (!this.server) {
      if (folders.length === 0) return 0;
      throw new UsageError('no IMAP account is set up: there is no server to delete the mail on');
    }
    // The decisions about her in the state log go too (state-sync.ts), by her messages' Message-IDs and her address.
    const anchors = ids.flatMap((id) => this.store.messages(this.conversations.messagesOf(id).seqs).map((m) => m.messageId));
    const session = await this.server.connect();
    let deleted = 0;
    try {
      for (const folder of folders) {
        const opened = await session.open(folder.path);
        // UIDs are only meaningful under the UIDVALIDITY they were recorded with.
        if (opened.uidValidity !== folder.uidValidity) throw new UsageError(`${folder.path} changed on the server since the last sync (UIDVALIDITY): sync first, then forget again`);
        const result = await session.expunge(folder.uids);
        if (!result.ok) throw new UsageError(`not deleted from ${folder.path} on the server: ${result.reason}; nothing was erased here`);
        deleted += folder.uids.length;
      }
      await new StateSync(this.store, { sentFolder: this.settings.sentFolder }, Date.now).forget(session, { anchors, emails: customers });
    } finally {
      await session.close().catch(() => {});
    }
    return deleted;
  }
}
