/**
 * A copy of each draft in the server's Drafts folder (SPECIAL-USE `\Drafts`, else a folder of that
 * name, else `Drafts` made beside Sent), as a message other mail clients open like any draft:
 * From, To, Cc, Subject, the text, the attached files, `\Draft`. The draft itself travels in the
 * state log (draft-sharing.ts); the copy is for the owner's other mail clients, written by the
 * machine that wrote the draft's version, replaced when it changes and deleted when the draft is
 * sent or thrown away. Nothing is read back from it.
 */
import { draftOf, type SharedDraft } from '../domain/shared-state/shared-drafts.js';
import type { Address } from '../domain/address.js';
import type { MessageComposer } from '../ports/mail-sender.js';
import type { MessageParser } from '../ports/message-parser.js';
import { sha256Hex } from '../domain/short-id.js';
import type { MailServerSession, ServerFolder } from '../ports/mail-server.js';
import type { MailStore } from '../ports/mail-store.js';
import { besideSent, findRoleFolder } from './sent-folder.js';
import { UsageError } from '../errors.js';

export const draftHeader = 'X-H2H-Draft';
const draftNames = ['Drafts', 'INBOX.Drafts', 'INBOX/Drafts', 'Draft', '[Gmail]/Drafts'];

export type MirrorReport = { written: number; removed: number };

export class DraftMirror {
  constructor(
    private readonly store: MailStore,
    private readonly composer: MessageComposer,
    /** Reads a copy's attached files back, for another machine's draft (fetchAttachments). */
    private readonly parser: Pick<MessageParser, 'attachmentFiles'>,
    /** `from`: the owner's main address, for a draft that names none. */
    private readonly settings: { sentFolder?: string; from: Address },
    private readonly now: () => number,
  ) {}

  /** Brings the Drafts folder's copies up to this machine's drafts. */
  async mirror(session: MailServerSession): Promise<MirrorReport> {
    const report: MirrorReport = { written: 0, removed: 0 };
    const node = this.store.sharedNode();
    const done = this.store.sharedDraftsMirrored();
    const due: { key: string; head: string; draft: SharedDraft | null }[] = [];
    const keys = this.store.sharedDraftKeys();
    const entries = this.store.sharedEntries({ drafts: keys }).drafts ?? {};
    for (const key of keys) {
      const now = draftOf(entries[key] ?? []);
      // One head, written here: this machine's to copy. A conflict is copied once it is settled.
      if (now.heads.length !== 1 || !now.heads[0].endsWith(`-${node}`) || done[key] === now.heads[0]) continue;
      due.push({ key, head: now.heads[0], draft: now.draft && !now.draft.queued ? now.draft : null });
    }
    if (due.length === 0) return report;
    const folder = await this.folder(session);
    for (const d of due) {
      const appended = d.draft ? await session.append(folder, await this.message(d.key, d.head, d.draft), ['\\Draft', '\\Seen']) : undefined;
      if (d.draft) report.written++;
      await session.open(folder);
      // The older copies of this draft (any machine's): every one but the new.
      const old = (await session.uidsWithHeader(draftHeader, `${d.key} `)).filter((uid) => uid !== appended?.uid);
      if (old.length && (appended === undefined || appended.uid !== undefined)) {
        const removed = await session.expunge(old);
        if (removed.ok) report.removed += old.length;
      }
      done[d.key] = d.head;
    }
    await this.store.transact((tx) => tx.setSharedDraftsMirrored(done));
    return report;
  }

  /**
   * The bytes of attachments of other machines' drafts, from their copies in the Drafts folder:
   * each file kept only when its content is the one the draft names (its sha256), so a copy
   * changed by another client or a hostile server adds nothing. Returns how many it stored.
   */
  async fetchAttachments(session: MailServerSession, wanted: { key: string; head: string; hashes: Set<string> }[]): Promise<number> {
    if (wanted.length === 0) return 0;
    const listed = await session.listFolders();
    const folder = draftsFolderOf(listed, this.settings.sentFolder);
    if (!listed.some((f) => f.path === folder)) return 0;
    await session.open(folder);
    let stored = 0;
    for (const w of wanted) {
      for await (const m of session.fetchMessages(await session.uidsWithHeader(draftHeader, `${w.key} ${w.head}`))) {
        if (!('raw' in m)) continue;
        for (const file of await this.parser.attachmentFiles(m.raw).catch(() => [])) {
          if (!w.hashes.has(sha256Hex(file.content))) continue;
          await this.store.writeRaw(file.content);
          stored++;
        }
      }
    }
    return stored;
  }

  private async message(key: string, head: string, d: SharedDraft): Promise<Uint8Array> {
    const attachments: { name: string; content: Uint8Array }[] = [];
    for (const a of d.attachments ?? []) {
      const content = await this.store.readRaw(a.hash).catch(() => null);
      if (content) attachments.push({ name: a.name, content });
    }
    const anchor = d.anchor;
    const conversation = anchor === undefined ? undefined : this.conversationOf(anchor);
    const subject = d.subject ?? replySubject(conversation?.subject ?? '');
    // A reply the owner did not address goes to the customer (as h2h will send it).
    const customer = conversation?.customer ? [{ name: this.store.customer(conversation.customer)?.name ?? '', email: conversation.customer }] : [];
    return this.composer.compose({
      from: d.from ? { name: this.settings.from.name, email: d.from } : this.settings.from,
      to: d.recipients?.to ?? (d.kind === undefined ? customer : []),
      cc: d.recipients?.cc ?? [],
      subject,
      text: d.text,
      messageId: `<draft.${head}@h2h.invalid>`,
      date: new Date(this.now()),
      ...(anchor && d.kind !== 'forward' ? { inReplyTo: anchor, references: [anchor] } : {}),
      attachments,
      headers: { [draftHeader]: `${key} ${head}` },
    });
  }

  private conversationOf(anchor: string): { subject: string; customer: string } | undefined {
    const id = this.store.conversationsOfMessageIds([anchor]).get(anchor);
    const record = id === undefined ? undefined : this.store.conversation(id)?.record;
    return record && { subject: record.subject, customer: record.customer };
  }

  private async folder(session: MailServerSession): Promise<string> {
    const listed: ServerFolder[] = await session.listFolders();
    const path = draftsFolderOf(listed, this.settings.sentFolder);
    if (!listed.some((f) => f.path === path)) await session.createFolder(path);
    return path;
  }
}

/** Deletes the Drafts folder's copies of these drafts (`h2h forget --on-server`); returns how many. */
export async function forgetDraftCopies(session: MailServerSession, keys: string[], sentFolder: string | undefined): Promise<number> {
  if (keys.length === 0) return 0;
  const listed = await session.listFolders();
  const folder = draftsFolderOf(listed, sentFolder);
  if (!listed.some((f) => f.path === folder)) return 0;
  await session.open(folder);
  const uids = new Set<number>();
  for (const key of keys) for (const uid of await session.uidsWithHeader(draftHeader, `${key} `)) uids.add(uid);
  if (uids.size === 0) return 0;
  const removed = await session.expunge([...uids]);
  if (!removed.ok) throw new UsageError(`drafts about it are still in ${folder} on the server: ${removed.reason}`);
  return uids.size;
}

/** SPECIAL-USE \\Drafts, else a well-known name, else `Drafts` beside Sent (made on first use). */
function draftsFolderOf(listed: ServerFolder[], sentFolder: string | undefined): string {
  return findRoleFolder(listed, '\\Drafts', draftNames) ?? besideSent(listed, sentFolder, 'Drafts');
}

const replySubject = (subject: string) => (/^re:/i.test(subject) ? subject : `Re: ${subject}`);
