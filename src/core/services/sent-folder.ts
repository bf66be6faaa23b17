/** Which server folder is the Sent folder (the sync reads it, sent-reply filing appends to it), and the Drafts folder the same way. */
import type { ServerFolder } from '../ports/mail-server.js';

const sentNames = ['Sent', 'Sent Items', 'Sent Messages', 'Sent Mail', 'INBOX.Sent', 'INBOX/Sent', '[Gmail]/Sent Mail'];

/** The folder marked with this SPECIAL-USE (`\Sent`, `\Drafts`), else the first of these well-known names the server has. */
export function findRoleFolder(listed: ServerFolder[], specialUse: string, names: readonly string[]): string | undefined {
  const paths = new Set(listed.map((f) => f.path));
  return listed.find((f) => f.specialUse === specialUse)?.path ?? names.find((n) => paths.has(n));
}

/** The configured folder when it exists, else the one marked SPECIAL-USE \Sent, else a well-known name. */
export function findSentFolder(listed: ServerFolder[], configured?: string): string | undefined {
  return (configured && listed.some((f) => f.path === configured) ? configured : undefined) ?? findRoleFolder(listed, '\\Sent', sentNames);
}

/** A folder h2h makes (Junk, its state log) where the account keeps Sent: `INBOX.Junk` on servers that keep every folder under INBOX. */
export function besideSent(listed: ServerFolder[], configuredSent: string | undefined, name: string): string {
  const prefix = findSentFolder(listed, configuredSent)?.match(/^(INBOX[./])/i)?.[1] ?? '';
  return `${prefix}${name}`;
}
