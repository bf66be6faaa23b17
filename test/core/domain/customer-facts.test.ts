/** Remembered facts in customer notes (issue 19): what is a fact, which note wins, what stays a note. */
import { describe, expect, it } from 'vitest';
import { factOfLine, factsLine, factsOf } from '../../../src/core/domain/customer-facts.js';
import { renderSnippet } from '../../../src/core/domain/snippet.js';

describe('customer facts', () => {
  it.each([
    ['size: 39', ['size', '39']],
    ['Prefers: phone', ['prefers', 'phone']],
    ['Shoe size: 39 (narrow)', ['shoe_size', '39 (narrow)']],
    ['kenkäkoko: 38', ['kenkäkoko', '38']],
    ['  size :  40 ', ['size', '40']],
    ['Called her on Monday about the refund: she agreed', null],
    ['https://example.com/order/1', null],
    ['link: //evil', null],
    ['Meeting at 10:30', null],
    ['name: Robert', null],
    ['email: x@y', null],
    ['size:', null],
    ['just a sentence.', null],
  ])('%j → %j', (line, fact) => {
    expect(factOfLine(line)).toEqual(fact);
  });

  it("take the newest note's word on each key, and keep the other lines as notes", () => {
    const facts = factsOf([
      { id: 'b', at: '2026-11-20T10:00:00.000Z', text: 'size: 40\nShe exchanged the 39s.' },
      { id: 'a', at: '2026-10-01T10:00:00.000Z', text: 'size: 39\nprefers: phone' },
    ]);
    expect(facts).toEqual({ size: '40', prefers: 'phone' });
    expect(factsLine(facts)).toBe('size: 40 · prefers: phone');
  });

  it('fill snippets as {{customer.<key>}}, a fallback when the fact is not known', () => {
    const values = { 'customer.size': '40', 'customer.shoe_size': '40', 'customer.kenkäkoko': '38' };
    expect(renderSnippet('Size {{customer.size}}, {{customer.shoe_size}}, {{customer.kenkäkoko}}, {{customer.width | regular}}', { ...values, 'customer.width': undefined })).toBe('Size 40, 40, 38, regular');
  });
});
