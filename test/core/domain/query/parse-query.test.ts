import { describe, expect, it } from 'vitest';
import { QueryError } from '../../../../src/core/errors.js';
import { parseQuery } from '../../../../src/core/domain/query/parse-query.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const parse = (q: string, searches?: Record<string, string>) => parseQuery(q, { now, searches });

function errorOf(q: string, searches?: Record<string, string>): QueryError {
  try {
    parse(q, searches);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`"${q}" parsed without error`);
}

describe('parseQuery', () => {
  it('ANDs terms by default, like notmuch', () => {
    expect(parse('tag:refund from:anna status:open')).toEqual({
      type: 'and',
      items: [
        { type: 'tag', value: 'refund' },
        { type: 'from', value: 'anna' },
        { type: 'status', value: 'open' },
      ],
    });
  });

  it('binds "and" tighter than "or", and honours parentheses and negation', () => {
    expect(parse('tag:a or tag:b and -tag:c')).toEqual({
      type: 'or',
      items: [
        { type: 'tag', value: 'a' },
        { type: 'and', items: [{ type: 'tag', value: 'b' }, { type: 'not', item: { type: 'tag', value: 'c' } }] },
      ],
    });
    expect(parse('not (tag:a OR tag:b)')).toEqual({ type: 'not', item: { type: 'or', items: [{ type: 'tag', value: 'a' }, { type: 'tag', value: 'b' }] } });
  });

  it('reads quoted phrases and quoted field values', () => {
    expect(parse('"lost parcel" subject:"size 39"')).toEqual({
      type: 'and',
      items: [
        { type: 'text', value: 'lost parcel', phrase: true },
        { type: 'subject', value: 'size 39' },
      ],
    });
  });

  it('treats text with colons that is not a field as free text', () => {
    expect(parse('12:30')).toEqual({ type: 'text', value: '12:30', phrase: false });
  });

  it('reads dates relative to now', () => {
    expect(parse('after:3d')).toEqual({ type: 'after', at: now - 3 * 86_400_000 });
  });

  it('expands saved searches', () => {
    expect(parse('@refunds is:unread', { refunds: 'tag:refund status:open' })).toEqual({
      type: 'and',
      items: [
        { type: 'and', items: [{ type: 'tag', value: 'refund' }, { type: 'status', value: 'open' }] },
        { type: 'is', value: 'unread' },
      ],
    });
  });

  it('matches everything when empty', () => {
    expect(parse('   ')).toEqual({ type: 'all' });
  });

  it.each([
    ['tag:refund frm:anna', 12, 'unknown field "frm:"'],
    ['status:pending', 8, 'status must be one of'],
    ['is:urgent', 4, 'is: must be one of'],
    ['after:someday', 7, 'is not a date'],
    ['(tag:a or tag:b', 1, 'never closed'],
    ['tag:a)', 6, 'unmatched closing parenthesis'],
    ['tag:', 5, 'needs a value'],
    ['"unclosed', 1, 'unclosed quote'],
    ['tag:a or', 7, '"or" needs a term after it'],
    ['@nope', 1, 'no saved search'],
  ])('points at the bad token in %j', (query, column, message) => {
    const error = errorOf(query);
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
    expect(error.pointer().split('\n')[1].indexOf('^')).toBe(column + 1);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('@%s is no saved search unless the config has one by that name', (name) => {
    expect(errorOf(`@${name}`, { refunds: 'tag:refund' }).message).toContain(`no saved search "@${name}"`);
  });

  it('refuses a saved search that refers to itself', () => {
    expect(errorOf('@loop', { loop: 'tag:a or @loop' }).message).toContain('refers to itself');
  });
});
