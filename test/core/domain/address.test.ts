import { describe, expect, it } from 'vitest';
import { firstNameOf } from '../../../src/core/domain/address.js';
import { classifyParticipants } from '../../../src/core/domain/participants.js';

describe('firstNameOf', () => {
  it.each([
    ['Anna Virtanen', 'Anna'],
    ['Virtanen, Anna', 'Anna'],
    ['Dr. Anna Smith', 'Anna'],
    ['ANNA SMITH', 'Anna'],
    ['"Jean-Luc Picard"', 'Jean-Luc'],
    ['Liam O’Connor', 'Liam'],
    ['田中 優希', '田中'],
    ['Jonas Müller 🥾', 'Jonas'],
  ])('greets %j as %j', (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });

  it.each(['', 'anna@ex.com', '12345', '  '])('has no first name for %j', (name) => {
    expect(firstNameOf(name)).toBeUndefined();
  });
});

describe('classifyParticipants', () => {
  const shop = new Set(['riitta@shop.example', 'hello@shop.example']);
  it('makes the sender the customer of inbound mail', () => {
    expect(classifyParticipants({ from: { name: 'A', email: 'anna@ex.com' }, to: [{ name: '', email: 'hello@shop.example' }], cc: [], replyTo: [], hash: 'h' }, shop)).toEqual({ direction: 'in', customer: 'anna@ex.com', customerName: 'A' });
  });

  it("makes the first non-shop recipient the customer of the shop's own mail", () => {
    const r = classifyParticipants({ from: { name: 'R', email: 'riitta@shop.example' }, to: [{ name: '', email: 'hello@shop.example' }, { name: 'A', email: 'anna@ex.com' }], cc: [], replyTo: [], hash: 'h' }, shop);
    expect(r).toEqual({ direction: 'out', customer: 'anna@ex.com', customerName: 'A' });
  });
});
