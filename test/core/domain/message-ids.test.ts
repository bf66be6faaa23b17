import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMessageIds, isWellFormedInReplyTo, normaliseMessageId, parentIdOf, threadingHeaders } from '../../../src/core/domain/message-ids.js';
import { corpus } from '../../helpers/corpus.js';

type T510Case = { name: string; messages: { message_id: string; in_reply_to_raw?: string; references_raw?: string; expected_parent?: string }[] };

describe('parentIdOf', () => {
  const cases = (JSON.parse(readFileSync(corpus('threading/cases/header-edge-cases-notmuch-T510.json'), 'utf8')).cases as T510Case[]).map((c) => [c.name, c] as const);

  it.each(cases)('%s (notmuch T510)', (_name, c) => {
    const child = c.messages.find((m) => m.expected_parent)!;
    const headers = threadingHeaders(child.message_id, child.in_reply_to_raw, child.references_raw);
    expect(parentIdOf(headers)).toBe(child.expected_parent);
  });
});

describe('extractMessageIds', () => {
  it('finds every bracketed id and ignores comments and text', () => {
    expect(extractMessageIds('<a@x> (comment) junk <b@y>\r\n\t<a@x>')).toEqual(['<a@x>', '<b@y>']);
  });

  it('caps hostile References headers', () => {
    const header = Array.from({ length: 5000 }, (_, i) => `<id${i}@x>`).join(' ');
    expect(extractMessageIds(header)).toHaveLength(500);
  });
});

describe('ids with a quoted local part', () => {
  it.each([
    ['<"a b"@x>', '<"a b"@x>'],
    ['  <"John Smith"@forms.example>  ', '<"John Smith"@forms.example>'],
    ['<"a\\" b"@x>', '<"a\\" b"@x>'],
    ['<"tab\there"@x> (relay)', '<"tab\there"@x>'],
  ])('keeps %s as its id', (header, id) => {
    expect(normaliseMessageId(header)).toBe(id);
    expect(isWellFormedInReplyTo(header)).toBe(header.trim() === id);
    expect(extractMessageIds(`<root@x> ${header}`)).toEqual(['<root@x>', id]);
  });

  it.each([
    ['a quote that is never closed', '<"a b@x> <ok@x>', ['<ok@x>']],
    ['a quote across a line break', '<"a\r\n b"@x> <ok@x>', ['<ok@x>']],
    ['a quote holding a bracket', '<"a>b"@x> <ok@x>', ['<ok@x>']],
    ['space outside the quotes', '<"a"b c@x> <ok@x>', ['<ok@x>']],
    ['empty brackets', '<> <ok@x>', ['<ok@x>']],
  ])('drops %s and still finds the ids after it', (_, header, ids) => {
    expect(extractMessageIds(header)).toEqual(ids);
  });

  it('scans a hostile header of stray quotes and brackets in linear time', () => {
    const header = '<"'.repeat(200_000) + '<"a b"@x>';
    const started = performance.now();
    expect(extractMessageIds(header)).toEqual(['<"a b"@x>']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('normaliseMessageId', () => {
  it('adds missing brackets and rejects unusable values', () => {
    expect(normaliseMessageId(' abc@x ')).toBe('<abc@x>');
    expect(normaliseMessageId('<abc@x> (added by relay)')).toBe('<abc@x>');
    expect(normaliseMessageId('')).toBeUndefined();
    expect(normaliseMessageId('two words')).toBeUndefined();
  });

  it('never lets a message name itself as parent', () => {
    const h = threadingHeaders('<self@x>', '<self@x>', '<root@x> <self@x>');
    expect(h.references).toEqual(['<root@x>']);
    expect(parentIdOf(h)).toBe('<root@x>');
  });
});
