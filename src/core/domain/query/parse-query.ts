/**
 * The query language shared by the CLI and the TUI, modelled on notmuch:
 *   tag:refund -tag:spam status:open from:anna@ex.com to:… subject:shoes customer:anna
 *   is:unread is:unanswered after:2026-01-01 before:… id:… "free text" @saved-search
 * Terms are ANDed; `or`, `and`, `not`/`-` and parentheses combine them. Errors point at the token.
 */
import { QueryError } from '../../errors.js';
import { conversationStatuses, type ConversationStatus } from '../conversation.js';
import { parseTimeSpec } from '../time-spec.js';
import { isValues, queryFields, type IsValue, type QueryField, type QueryNode } from './query-ast.js';
import { automatedKinds, type AutomatedKind } from '../automated.js';
import { own } from '../dict.js';

type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus'; column: number }
  | { kind: 'word'; text: string; quoted: boolean; column: number };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (start: number): { text: string; end: number } => {
    let j = start + 1;
    let text = '';
    while (j < query.length && query[j] !== '"') {
      if (query[j] === '\\' && j + 1 < query.length) j++;
      text += query[j++];
    }
    if (j >= query.length) throw new QueryError(query, start + 1, 'unclosed quote');
    return { text, end: j + 1 };
  };
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const column = i + 1;
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', column });
      i++;
      continue;
    }
    if (ch === '-' && i + 1 < query.length && !/\s/.test(query[i + 1])) {
      tokens.push({ kind: 'minus', column });
      i++;
      continue;
    }
    if (ch === '"') {
      const { text, end } = readQuoted(i);
      tokens.push({ kind: 'word', text, quoted: true, column });
      i = end;
      continue;
    }
    let j = i;
    let text = '';
    while (j < query.length && !/[\s()]/.test(query[j])) {
      // field:"quoted value"
      if (query[j] === '"' && text.endsWith(':')) {
        const q = readQuoted(j);
        text += `\u0000${q.text}`;
        j = q.end;
        break;
      }
      text += query[j++];
    }
    i = j;
    const lower = text.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'not') tokens.push({ kind: lower, column });
    else tokens.push({ kind: 'word', text, quoted: false, column });
  }
  return tokens;
}

export type ParseOptions = {
  now: number;
  /** Saved searches by name, for `@name`. */
  searches?: Record<string, string>;
};

export function parseQuery(query: string, options: ParseOptions, expanding: string[] = []): QueryNode {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (column: number, problem: string): never => {
    throw new QueryError(query, column, problem);
  };

  const parseOr = (): QueryNode => {
    const items = [parseAnd()];
    while (peek()?.kind === 'or') {
      const orToken = tokens[pos++];
      if (!peek() || peek().kind === 'rparen' || peek().kind === 'or') fail(orToken.column, '"or" needs a term after it');
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0] : { type: 'or', items };
  };
  const parseAnd = (): QueryNode => {
    const items = [parseUnary()];
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'rparen' || t.kind === 'or') break;
      if (t.kind === 'and') {
        pos++;
        if (!peek() || peek().kind === 'rparen' || peek().kind === 'or') fail(t.column, '"and" needs a term after it');
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0] : { type: 'and', items };
  };
  const parseUnary = (): QueryNode => {
    const t = peek();
    if (!t) return fail(query.length + 1, 'the query ends where a term was expected');
    if (t.kind === 'not' || t.kind === 'minus') {
      pos++;
      if (!peek()) fail(t.column, `"${t.kind === 'not' ? 'not' : '-'}" needs a term after it`);
      return { type: 'not', item: parseUnary() };
    }
    if (t.kind === 'lparen') {
      pos++;
      if (peek()?.kind === 'rparen') fail(t.column, 'empty parentheses');
      const inner = parseOr();
      if (peek()?.kind !== 'rparen') fail(t.column, 'this parenthesis is never closed');
      pos++;
      return inner;
    }
    if (t.kind === 'rparen') return fail(t.column, 'unmatched closing parenthesis');
    if (t.kind !== 'word') return fail(t.column, `"${t.kind}" needs a term before it`);
    pos++;
    return parseTerm(t);
  };

  const parseTerm = (t: Extract<Token, { kind: 'word' }>): QueryNode => {
    if (t.quoted) return { type: 'text', value: t.text, phrase: true };
    if (t.text.startsWith('@')) return expandSaved(t.text.slice(1), t.column);
    const colon = t.text.indexOf(':');
    if (colon <= 0) return { type: 'text', value: t.text, phrase: false };
    const field = t.text.slice(0, colon).toLowerCase();
    let value = t.text.slice(colon + 1);
    const quotedValue = value.startsWith('\u0000');
    if (quotedValue) value = value.slice(1);
    if (!(queryFields as readonly string[]).includes(field)) {
      // "http://…" or "12:30" in free text is text, not a field.
      if (!/^[a-z]+$/.test(field)) return { type: 'text', value: t.text, phrase: false };
      return fail(t.column, `unknown field "${field}:" (known: ${queryFields.join(', ')})`);
    }
    const valueColumn = t.column + colon + 1;
    if (value === '') return fail(valueColumn, `"${field}:" needs a value`);
    return fieldNode(field as QueryField, value, valueColumn);
  };

  const fieldNode = (field: QueryField, value: string, column: number): QueryNode => {
    switch (field) {
      case 'status': {
        const v = value.toLowerCase();
        if (!(conversationStatuses as readonly string[]).includes(v)) fail(column, `status must be one of ${conversationStatuses.join(', ')}`);
        return { type: 'status', value: v as ConversationStatus };
      }
      case 'is': {
        const v = value.toLowerCase();
        // is:spam is the spam tag (spam.ts): every list leaves it out unless a query names it.
        if (v === 'spam') return { type: 'tag', value: 'spam' };
        if (!(isValues as readonly string[]).includes(v)) fail(column, `is: must be one of ${[...isValues, 'spam'].join(', ')}`);
        return { type: 'is', value: v as IsValue };
      }
      case 'automated': {
        const v = value.toLowerCase();
        if (!(automatedKinds as readonly string[]).includes(v)) fail(column, `automated: must be one of ${automatedKinds.join(', ')}`);
        return { type: 'automated', value: v as AutomatedKind };
      }
      case 'after':
      case 'before': {
        const at = parseTimeSpec(value, options.now, 'past');
        if (at === undefined) return fail(column, `"${value}" is not a date (try 2026-01-31, yesterday, 3d)`);
        return { type: field, at };
      }
      case 'tag':
        return { type: 'tag', value: value.toLowerCase() };
      case 'id':
        return { type: 'id', value: value.toLowerCase() };
      default:
        return { type: field, value: value.toLowerCase() };
    }
  };

  const expandSaved = (name: string, column: number): QueryNode => {
    const saved = own(options.searches, name);
    if (saved === undefined) return fail(column, `no saved search "@${name}" (saved searches live in the config file under "searches")`);
    if (expanding.includes(name)) return fail(column, `saved search "@${name}" refers to itself`);
    try {
      return parseQuery(saved, options, [...expanding, name]);
    } catch (error) {
      if (error instanceof QueryError) fail(column, `in saved search "@${name}": ${error.message}`);
      throw error;
    }
  };

  if (tokens.length === 0) return { type: 'all' };
  const node = parseOr();
  if (pos < tokens.length) {
    const t = tokens[pos];
    fail(t.column, t.kind === 'rparen' ? 'unmatched closing parenthesis' : 'unexpected token');
  }
  return node;
}

/** The free-text terms of a query, to look up in the full-text index before evaluating. */
export function textTerms(node: QueryNode, out: Extract<QueryNode, { type: 'text' }>[] = []) {
  if (node.type === 'text') out.push(node);
  else if (node.type === 'and' || node.type === 'or') node.items.forEach((n) => textTerms(n, out));
  else if (node.type === 'not') textTerms(node.item, out);
  return out;
}
