import { customerMatches } from './customer-match.js';
import type { ConversationView } from '../conversation.js';
import type { QueryNode } from './query-ast.js';

export type MatchContext = {
  /** Conversations whose messages contain each free-text term (from the full-text index). */
  textMatches: Map<QueryNode, Set<string>>;
  /** The customer's display name, for customer: queries. */
  customerName: (email: string) => string;
  /** The other addresses of the conversation customer's person (h2h customers merge): `customer:` finds a person by any. */
  otherAddresses?: (email: string) => string[];
  /** Conversations with a saved draft (the owner's documents), for is:draft. */
  drafts?: ReadonlySet<string>;
  /** Conversations with a reply that did not go (failed, refused, of unknown fate), for is:failed. */
  failed?: ReadonlySet<string>;
};

const anyIncludes = (values: string[], needle: string) => values.some((v) => v.toLowerCase().includes(needle));

/** Whether a conversation matches: each term matches when any of its messages does. */
export function matchConversation(c: ConversationView, node: QueryNode, ctx: MatchContext): boolean {
  switch (node.type) {
    case 'all':
      return true;
    case 'and':
      return node.items.every((n) => matchConversation(c, n, ctx));
    case 'or':
      return node.items.some((n) => matchConversation(c, n, ctx));
    case 'not':
      return !matchConversation(c, node.item, ctx);
    case 'tag':
      return c.tags.includes(node.value);
    case 'status':
      return c.status === node.value;
    case 'from':
      return anyIncludes(c.record.senders, node.value);
    case 'to':
      return anyIncludes(c.record.recipients, node.value);
    case 'subject':
      return anyIncludes(c.record.subjects, node.value);
    case 'customer':
      return [c.customer, ...(ctx.otherAddresses?.(c.customer) ?? [])].some((email) => customerMatches(email, ctx.customerName(email), node.value));
    case 'is':
      switch (node.value) {
        case 'unread':
          return c.isUnread;
        case 'read':
          return !c.isUnread;
        case 'unanswered':
          return c.waitingSince !== null;
        case 'answered':
          return c.waitingSince === null;
        case 'attachment':
          return c.hasAttachments;
        case 'automated':
          return c.record.automatedOnly === true;
        case 'person':
          return c.record.automatedOnly !== true;
        case 'bounced':
          return c.record.bouncedAt !== undefined;
        case 'promised':
          return c.promise !== null;
        case 'due':
          return c.promise?.due === true;
        case 'draft':
          return ctx.drafts?.has(c.id) ?? false;
        case 'failed':
          return ctx.failed?.has(c.id) ?? false;
      }
      return false;
    case 'automated':
      return c.record.automatedKinds?.includes(node.value) ?? false;
    case 'after':
      return Date.parse(c.lastMessageAt) >= node.at;
    case 'before':
      return Date.parse(c.firstMessageAt) < node.at;
    case 'id':
      return c.id.startsWith(node.value);
    case 'text':
      return ctx.textMatches.get(node)?.has(c.id) ?? false;
  }
}
