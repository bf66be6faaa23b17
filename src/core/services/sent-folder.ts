/** Which server folder is the Sent folder: the sync reads it, sent-reply filing appends to it. */
import type { ServerFolder } from '../ports/mail-server.js';

const sentNames = ['Sent', 'Sent Items', 'Sent Messages', 'Sent Mail', 'INBOX.Sent', 'INBOX/Sent', '[Gmail]/Sent Mail'];

/** The configured folder when it exists, else the one marked SPECIAL-USE \Sent, else a well-known name. */
export function findSentFolder(listed: ServerFolder[], configured?: string): string | undefined {
  const paths = new Set(listed.map((f) => f.path));
  return (configured && paths.has(configured) ? configured : undefined) ?? listed.find((f) => f.specialUse === '\\Sent')?.path ?? sentNames.find((n) => paths.has(n));
}

/** A folder h2h makes (Junk, its state log) where the account keeps Sent: `INBOX.Junk` on servers that keep every folder under INBOX. */
export function besideSent(listed: ServerFolder[], configuredSent: string | undefined, name: string): string {
  const prefix = findSentFolder(listed, configuredSent)?.match(/^(INBOX[./])/i)?.[1] ?? '';
  return `${prefix}${name}`;
}
