/**
 * The mail index with its repositories, opened once per process. Not yet behind the MailStore port:
 * the port is reshaped into these operations later (docs/store-v2.md, "The port").
 */
import { conversationQueries } from './conversation-queries.js';
import { conversationsRepo } from './conversations-repo.js';
import { customersRepo } from './customers-repo.js';
import { decisionsRepo } from './decisions-repo.js';
import { foldersRepo } from './folders-repo.js';
import { messagesRepo } from './messages-repo.js';
import { openIndex, type OpenIndexOptions } from './open-index.js';
import { revisions } from './revision.js';
import { syncQueries } from './sync-queries.js';

export function openMailIndex(dataDir: string, options: OpenIndexOptions = {}) {
  const { db, file } = openIndex(dataDir, options);
  const revs = revisions(db);
  return {
    db,
    file,
    revisions: revs,
    messages: messagesRepo(db),
    conversations: conversationsRepo(db),
    customers: customersRepo(db),
    decisions: decisionsRepo(db, revs),
    folders: foldersRepo(db, revs),
    queries: conversationQueries(db),
    sync: syncQueries(db),
    /** One write transaction (IMMEDIATE, one new revision) around repository calls: an import batch, a sync step. */
    write: revs.write,
    close: () => db.close(),
  };
}

export type MailIndexHandle = ReturnType<typeof openMailIndex>;
