/**
 * Which conversations a triage command acts on: ids (`k3m9x2qa k7…`), a query (`tag:refund
 * status:open`), or `-`: ids on standard input, one per line or the `--json` output of `h2h list`
 * (an array, or one object per line) — so `h2h list tag:x --json | h2h close -` works.
 */
import { NotFoundError, UsageError } from '../core/errors.js';
import type { ConversationService } from '../core/services/conversation-service.js';
import type { Io } from './io.js';
import { readTextArg } from './read-input.js';

/** Arguments that look like ids (short, lower-case letters and digits) are ids; anything else is a query. */
const idShape = /^[0-9a-z]{3,16}$/;

export type Targets = { ids: string[]; notFound: string[]; source: 'ids' | 'query' | 'stdin'; query?: string };

/** `within`: a query a query argument is looked for inside (`is:spam` for unspam, which every other query leaves out). */
export async function resolveTargets(args: string[], conversations: ConversationService, io: Io, within?: string): Promise<Targets> {
  if (args.length === 0) throw new UsageError('say which conversations: ids, a query (tag:refund status:open), or - to read ids from standard input');
  if (args.length === 1 && args[0] === '-') {
    const inputs = idsFromText(await readTextArg('-', io, 'ids'));
    return { ...resolveIds(inputs, conversations), source: 'stdin' };
  }
  if (args.every((a) => idShape.test(a))) return { ...resolveIds(args, conversations), source: 'ids' };
  const query = args.join(' ');
  const views = await conversations.list(within ? `${within} (${query})` : query);
  return { ids: views.map((v) => v.id), notFound: [], source: 'query', query };
}

function resolveIds(inputs: string[], conversations: ConversationService): { ids: string[]; notFound: string[] } {
  const ids: string[] = [];
  const notFound: string[] = [];
  for (const input of inputs) {
    try {
      const id = conversations.resolveId(input);
      if (!ids.includes(id)) ids.push(id);
    } catch (error) {
      if (error instanceof NotFoundError) notFound.push(input);
      else throw error;
    }
  }
  return { ids, notFound };
}

/** Ids in text: `h2h list --json` output (an array or JSON lines of objects with an id), or one id per line. */
export function idsFromText(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const fromJson = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(fromJson);
    if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return [(value as { id: string }).id];
    if (typeof value === 'string') return [value];
    throw new UsageError('standard input is JSON, but not conversations with an "id" (pipe `h2h list --json`, or one id per line)');
  };
  if (trimmed.startsWith('[')) {
    try {
      return fromJson(JSON.parse(trimmed));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`standard input is not valid JSON: ${(error as Error).message}`);
    }
  }
  return trimmed.split(/\r?\n/).flatMap((line) => {
    const l = line.trim();
    if (!l) return [];
    if (l.startsWith('{')) {
      try {
        return fromJson(JSON.parse(l));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`a line of standard input is not valid JSON: ${l.slice(0, 60)}`);
      }
    }
    // "id<TAB>…" from the tab-separated `h2h list` output: the first field is the id.
    return [l.split('\t')[0].trim()];
  });
}
