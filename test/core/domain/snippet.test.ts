import { describe, expect, it } from 'vitest';
import { isSnippetName, renderSnippet } from '../../../src/core/domain/snippet.js';

describe('renderSnippet', () => {
  const values = { 'customer.firstName': 'Anna', 'customer.name': '', 'agent.name': 'Riitta Virtanen' };

  it('fills in variables, with fallbacks for unknown values', () => {
    expect(renderSnippet('Hi {{customer.firstName}}, {{ agent.name }} here.', values)).toBe('Hi Anna, Riitta Virtanen here.');
    expect(renderSnippet('Dear {{customer.name | customer}}', values)).toBe('Dear customer');
    expect(renderSnippet('Dear {{customer.name|"valued friend"}}', values)).toBe('Dear valued friend');
    expect(renderSnippet('{{customer.name}}!', values)).toBe('!');
  });

  it('leaves a variable it does not know as written, so the owner sees it', () => {
    expect(renderSnippet('Order {{order.number}} left', values)).toBe('Order {{order.number}} left');
  });

  it('takes only names that stay inside the snippets folder', () => {
    expect(['shipping', 'refund_policy', 'kengät-koko', '../etc/passwd', 'a/b', '', '.hidden'].map(isSnippetName)).toEqual([true, true, true, false, false, false, false]);
  });
});
