/** The inbox's views: the built-in ones (keys 1-6) and what each stands for in the query language. */
export const views = ['open', 'waiting', 'snoozed', 'closed', 'all', 'other'] as const;
/** A built-in view, or a saved search from the config (`@refunds`). */
export type ViewName = (typeof views)[number] | `@${string}`;

/**
 * The built-in views' queries. Open and Waiting hold people: conversations whose every message from
 * outside came from a machine (newsletters, notifications, bounces alone) wait in Other instead, so
 * no robot gets a waiting clock in the owner's queue; Snoozed, Closed and All hold both.
 */
const builtInQueries: Record<(typeof views)[number], string> = {
  open: 'status:open is:person',
  waiting: 'status:waiting is:person',
  snoozed: 'status:snoozed',
  closed: 'status:closed',
  all: '',
  other: 'is:automated (status:open or status:waiting)',
};

/** The query a view and a filter stand for, in the CLI's query language. */
export function queryOf(view: ViewName, filter: string): string {
  const base = view.startsWith('@') ? view : builtInQueries[view as (typeof views)[number]];
  const f = filter.trim();
  if (!f) return base;
  return base ? `${base} (${f})` : f;
}
