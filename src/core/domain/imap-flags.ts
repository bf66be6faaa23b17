/**
 * How IMAP flags map to the owner's decisions: `\Seen` is "read", keywords are tags. Only these
 * are tracked; other system flags (\Answered, \Flagged…) and the keywords mail clients set for
 * their own bookkeeping ($Junk, $Forwarded…) are left alone in both directions.
 */
import type { ConversationStatus } from './conversation.js';

export const seenFlag = '\\Seen';

const clientKeywords = new Set(
  [
    '$forwarded', '$mdnsent', '$junk', '$notjunk', 'junk', 'nonjunk', 'notjunk', '$phishing', '$submitpending', '$submitted',
    '$mailflagbit0', '$mailflagbit1', '$mailflagbit2', '$hasattachment', '$hasnoattachment', '$autojunk', '$autonotjunk',
    '$istrusted', '$important', '$label1', '$label2', '$label3', '$label4', '$label5', '$unknown', '$recent',
  ],
);

/** An IMAP atom: printable ASCII without the specials (RFC 3501 atom-specials). */
const atom = /^[!#$&'+-[\]^-z|~]+$/;
const atomSpecials = /[(){ %*"\\\]]/;

/**
 * A conversation's status as a keyword on each of its messages, so that another mail client can
 * search for it (`$h2h-closed`, `$h2h-waiting`, `$h2h-snoozed`; open has none). Written by h2h
 * alone: the status itself travels in the state log (docs/two-machines.md), and another client
 * changing the keyword changes nothing here (h2h puts it back as it was).
 */
export const statusKeywordPrefix = '$h2h-';
export const statusKeyword = (status: ConversationStatus): string | null => (status === 'open' ? null : `${statusKeywordPrefix}${status}`);
export const isStatusKeyword = (flag: string): boolean => flag.toLowerCase().startsWith(statusKeywordPrefix);

/** The tag a server keyword stands for, or null when the keyword is not one of ours to follow. */
export function tagOfKeyword(flag: string): string | null {
  if (flag.startsWith('\\')) return null;
  const tag = flag.toLowerCase();
  if (clientKeywords.has(tag) || tag.startsWith(statusKeywordPrefix)) return null;
  if (!/^[^\s+\-\p{C}][^\s\p{C}]{0,63}$/u.test(tag)) return null;
  return tag;
}

/** The keyword for a tag, or null when IMAP cannot carry it (non-ASCII, specials). */
export function keywordOfTag(tag: string): string | null {
  if (!atom.test(tag) || atomSpecials.test(tag) || clientKeywords.has(tag)) return null;
  return tag;
}

/** The flags h2h follows, normalised: `\Seen`, tag and status keywords in lower case, sorted. */
export function trackedFlags(flags: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const f of flags) {
    if (f.toLowerCase() === '\\seen') out.add(seenFlag);
    else if (isStatusKeyword(f)) out.add(f.toLowerCase());
    else {
      const tag = tagOfKeyword(f);
      if (tag !== null && keywordOfTag(tag) !== null) out.add(tag);
    }
  }
  return [...out].sort();
}
