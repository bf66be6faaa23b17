/**
 * Spam, as h2h keeps it: the conversation carries the tag `spam` (so merges, undo, exports and the
 * server's keywords carry it like any tag) and leaves every view and list unless a query asks for it
 * (`is:spam`, `tag:spam`). Its messages go to the server's Junk folder (junk-folder.ts) and its
 * sender is blocked: their next mail is spam on arrival.
 */
import type { QueryNode } from './query/query-ast.js';

export const spamTag = 'spam';

/** IMAP keywords other clients read (RFC 5788's registry; Thunderbird, Apple Mail, Dovecot's antispam). */
export const junkKeyword = '$Junk';
export const notJunkKeyword = '$NotJunk';

function mentionsSpam(node: QueryNode): boolean {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.items.some(mentionsSpam);
    case 'not':
      return mentionsSpam(node.item);
    case 'tag':
      return node.value === spamTag;
    default:
      return false;
  }
}

/** The query as lists read it: spam left out unless the query names it. */
export function withoutSpam(node: QueryNode): QueryNode {
  if (mentionsSpam(node)) return node;
  const notSpam: QueryNode = { type: 'not', item: { type: 'tag', value: spamTag } };
  return node.type === 'all' ? notSpam : { type: 'and', items: [node, notSpam] };
}
