/**
 * Mailbox helpers for tests, built on imapflow directly (not on h2h's IMAP code, so a bug there cannot
 * hide itself). Each takes the `DovecotEnv` of an instance: the one vitest provides
 * (`inject('mail').dovecot`) or one a test file started itself with `startDovecot()`.
 */
import { ImapFlow } from 'imapflow';
import { addCyrusUser } from './cyrus.js';
import { addCourierUser } from './courier.js';
import { addUser, type DovecotEnv } from './dovecot.js';
import type { ServerKind } from './test-server.js';

export type MailUser = { address: string; password: string };

let counter = 0;

/** A fresh user (own mailbox, random password) on that server, so tests never share mail. */
export async function uniqueUser(env: DovecotEnv, prefix = 'user'): Promise<MailUser> {
  const tag = `${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const kind = (env as { kind?: ServerKind }).kind ?? 'dovecot';
  // Cyrus (`.` separator) and the Courier front end take plain login names.
  const address = kind === 'dovecot' ? `${prefix}-${tag}@example.test`.toLowerCase() : `${prefix}-${tag}`.toLowerCase();
  const user = { address, password: `pw-${tag}` };
  if (kind === 'cyrus') await addCyrusUser(env, user.address, user.password);
  else if (kind === 'courier') await addCourierUser(env, user.address, user.password);
  else await addUser(env, user.address, user.password);
  return user;
}

/**
 * A logged-in imapflow client on the plain port. With TLS on, the server offers STARTTLS and imapflow
 * upgrades on its own, so it gets the instance's self-signed certificate as CA.
 */
export async function connectImap(env: DovecotEnv, user: MailUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: env.host, port: env.port, secure: false,
    auth: { user: user.address, pass: user.password },
    tls: { ca: [env.certPem] }, logger: false,
  });
  await client.connect();
  return client;
}

/** Runs `f` on one connection and logs out whatever happens. */
export async function withImap<T>(env: DovecotEnv, user: MailUser, f: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connectImap(env, user);
  try {
    return await f(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** A message with CRLF line ends: the fixtures' bodies have bare LF lines, which Cyrus refuses in APPEND (as RFC 5322 says it may). */
export const crlf = (raw: Buffer): Buffer => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

/**
 * APPENDs the messages in order over one connection (creating the folder if needed) and returns
 * their UIDs. `flags` apply to every message; `dates` (ms) become each message's INTERNALDATE.
 */
export async function appendMessages(env: DovecotEnv, user: MailUser, folder: string, raws: (string | Buffer)[], flags: string[] = [], dates?: number[]): Promise<number[]> {
  return withImap(env, user, async (client) => {
    await ensureFolder(client, folder);
    const uids: number[] = [];
    for (const [i, raw] of raws.entries()) {
      const result = await client.append(folder, raw, flags, dates ? new Date(dates[i]) : undefined);
      if (!result || result.uid === undefined) throw new Error(`APPEND to ${folder} returned no UID`);
      uids.push(result.uid);
    }
    return uids;
  });
}

export async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  if (folder.toUpperCase() === 'INBOX') return;
  const existing = await client.list();
  if (!existing.some((box) => box.path === folder)) await client.mailboxCreate(folder);
}

type FlagChange = 'set' | 'add' | 'remove';

async function changeFlags(change: FlagChange, env: DovecotEnv, user: MailUser, folder: string, uids: number[], flags: string[]): Promise<void> {
  if (uids.length === 0) return;
  await withImap(env, user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const range = uids.join(',');
      const ok = change === 'set' ? await client.messageFlagsSet(range, flags, { uid: true })
        : change === 'add' ? await client.messageFlagsAdd(range, flags, { uid: true })
        : await client.messageFlagsRemove(range, flags, { uid: true });
      if (!ok) throw new Error(`STORE ${change} ${flags.join(' ')} on ${folder} ${range} failed`);
    } finally {
      lock.release();
    }
  });
}

/** Replaces the flags of these messages (STORE FLAGS). */
export const setFlags = (env: DovecotEnv, user: MailUser, folder: string, uids: number[], flags: string[]) => changeFlags('set', env, user, folder, uids, flags);
export const addFlags = (env: DovecotEnv, user: MailUser, folder: string, uids: number[], flags: string[]) => changeFlags('add', env, user, folder, uids, flags);
export const removeFlags = (env: DovecotEnv, user: MailUser, folder: string, uids: number[], flags: string[]) => changeFlags('remove', env, user, folder, uids, flags);

/** Every message's flags in the folder, by UID. */
export async function fetchFlags(env: DovecotEnv, user: MailUser, folder: string): Promise<Map<number, Set<string>>> {
  return withImap(env, user, async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const flags = new Map<number, Set<string>>();
      if (typeof client.mailbox === 'object' && client.mailbox.exists === 0) return flags;
      for await (const m of client.fetch('1:*', { uid: true, flags: true })) flags.set(m.uid, m.flags ?? new Set());
      return flags;
    } finally {
      lock.release();
    }
  });
}

/** Every message's raw source in the folder, by UID. */
export async function fetchSources(env: DovecotEnv, user: MailUser, folder: string): Promise<Map<number, Buffer>> {
  return withImap(env, user, async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const sources = new Map<number, Buffer>();
      if (typeof client.mailbox === 'object' && client.mailbox.exists === 0) return sources;
      for await (const m of client.fetch('1:*', { uid: true, source: true })) if (m.source) sources.set(m.uid, m.source);
      return sources;
    } finally {
      lock.release();
    }
  });
}

/** Removes these messages for good (\Deleted + UID EXPUNGE of just these UIDs). */
export async function expunge(env: DovecotEnv, user: MailUser, folder: string, uids: number[]): Promise<void> {
  if (uids.length === 0) return;
  await withImap(env, user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      if (!(await client.messageDelete(uids.join(','), { uid: true }))) throw new Error(`EXPUNGE ${folder} ${uids.join(',')} failed`);
    } finally {
      lock.release();
    }
  });
}

/** STATUS of a folder: message count, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ. */
export async function folderStatus(env: DovecotEnv, user: MailUser, folder: string): Promise<{ messages: number; uidValidity: number; uidNext: number; highestModseq: bigint }> {
  return withImap(env, user, async (client) => {
    const s = await client.status(folder, { messages: true, uidValidity: true, uidNext: true, highestModseq: true });
    if (!s) throw new Error(`STATUS ${folder} failed`);
    return { messages: s.messages ?? 0, uidValidity: Number(s.uidValidity), uidNext: s.uidNext ?? 0, highestModseq: s.highestModseq ?? 0n };
  });
}
