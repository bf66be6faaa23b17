import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMessageIds, normaliseMessageId, parentIdOf, threadingHeaders } from '../../../src/core/domain/message-ids.js';
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
