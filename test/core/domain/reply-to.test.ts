import { describe, expect, it } from 'vitest';
import { checkReplyTo, maxReplyTo } from '../../../src/core/domain/reply-to.js';

const a = (email: string) => ({ name: '', email });

describe('Reply-To rule', () => {
  it('differs when it names anyone but the sender', () => {
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: [], customer: 'bob@example.test' }).differs).toBe(false);
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: [a('Bob@Example.test')], customer: 'bob@example.test' }).differs).toBe(false);
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: [a('orders@example.test')], customer: 'bob@example.test' }).differs).toBe(true);
  });

  it('another domain than the sender needs a yes, unless it is the customer (a contact form)', () => {
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: [a('bob@evil.test')], customer: 'bob@example.test' }).otherDomain).toEqual([a('bob@evil.test')]);
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: [a('orders@EXAMPLE.test')], customer: 'bob@example.test' }).otherDomain).toEqual([]);
    // The form's Reply-To person is the customer: answering them is the point.
    expect(checkReplyTo({ from: a('noreply@forms.shop.example'), replyTo: [a('anna@mail.test')], customer: 'anna@mail.test' }).otherDomain).toEqual([]);
    // No sender at all: any Reply-To but the customer is another domain.
    expect(checkReplyTo({ from: null, replyTo: [a('x@evil.test')], customer: 'unknown@invalid' }).otherDomain).toEqual([a('x@evil.test')]);
  });

  it(`more than ${maxReplyTo} addresses is too many`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => a(`p${i}@example.test`));
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: list(maxReplyTo), customer: 'bob@example.test' }).tooMany).toBe(false);
    expect(checkReplyTo({ from: a('bob@example.test'), replyTo: list(maxReplyTo + 1), customer: 'bob@example.test' }).tooMany).toBe(true);
  });
});
