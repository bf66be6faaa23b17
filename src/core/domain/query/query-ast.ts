import type { ConversationStatus } from '../conversation.js';
import type { AutomatedKind } from '../automated.js';

export const queryFields = ['tag', 'status', 'from', 'to', 'subject', 'customer', 'is', 'after', 'before', 'id', 'automated'] as const;
export type QueryField = (typeof queryFields)[number];
/**
 * `automated`: every message from outside came from a machine (automated.ts); `person`: not so.
 * `bounced`: mail from the shop bounced and the shop has not written since.
 */
export const isValues = ['unread', 'read', 'unanswered', 'answered', 'attachment', 'draft', 'failed', 'automated', 'person', 'bounced', 'promised', 'due'] as const;
export type IsValue = (typeof isValues)[number];

/** A parsed query. `column` is 1-based in the text the user typed (saved searches point into their own text). */
export type QueryNode =
  | { type: 'all' }
  | { type: 'and'; items: QueryNode[] }
  | { type: 'or'; items: QueryNode[] }
  | { type: 'not'; item: QueryNode }
  | { type: 'tag'; value: string }
  | { type: 'status'; value: ConversationStatus }
  | { type: 'from' | 'to' | 'subject' | 'customer'; value: string }
  | { type: 'is'; value: IsValue }
  /** Conversations holding machine mail of this kind (automated:bounce). */
  | { type: 'automated'; value: AutomatedKind }
  | { type: 'after' | 'before'; at: number }
  | { type: 'id'; value: string }
  /** Free text: words that must all appear in a message's subject, names or body. */
  | { type: 'text'; value: string; phrase: boolean };
