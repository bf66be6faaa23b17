import { describe, expect, it } from 'vitest';
import { addressParts, addressText, nameProblem, type TextOps } from '../../../src/core/domain/address-text.js';
import { safeLine } from '../../../src/cli/output/terminal-text.js';
import { displayWidth, fitWidth } from '../../../src/cli/output/terminal-width.js';

const ops: TextOps = { clean: safeLine, width: displayWidth, fit: fitWidth };
const bob = { name: `Bob Customer <bob@example.test>${'\u2800'.repeat(150)}`, email: 'attacker@evil.test' };

describe('address text', () => {
  it('flags names that hold an address or something in angle brackets, after invisible characters go', () => {
    for (const name of ['bob@example.test', 'Bob <bob>', 'Bob \uFF1Cbob\uFF1E', 'bob\uFF20example.test', 'bob\uFE6Bexample.test', '\u202Etset.elpmaxe@bob', 'Bob \u2039x\u203A']) expect(nameProblem(name), name).toBe('name contains an address');
    for (const name of ['Bob Customer', 'O\'Brien, "Pat"', 'Anna (Shop) Virtanen', '3 < 4 really']) expect(nameProblem(name), name).toBeUndefined();
  });

  it('a name that is the address itself says nothing new: shown once, not flagged', () => {
    expect(addressParts({ name: 'Anna@Example.test', email: 'anna@example.test' })).toEqual({ name: '', email: 'anna@example.test' });
    expect(addressText({ name: 'anna@example.test', email: 'anna@example.test' }, ops)).toBe('anna@example.test');
  });

  it('keeps the address whole at every width, cutting the name first, then the warning words', () => {
    expect(addressText(bob, ops)).toBe('"Bob Customer <bob@example.test>" <attacker@evil.test> ⚠ name contains an address');
    for (let width = 1; width <= 90; width++) {
      const text = addressText(bob, ops, width);
      expect(text, `${width}`).toMatch(/(^|[\s<])attacker@evil\.test([\s>]|$)/);
      expect(text, `${width}`).toContain('⚠');
      if (width >= 27) expect(displayWidth(text), `${width}`).toBeLessThanOrEqual(width);
    }
    const plain = { name: 'Anna Virtanen-Korhonen', email: 'anna@example.test' };
    expect(addressText(plain, ops, 30)).toBe('Anna Virt… <anna@example.test>');
    expect(addressText(plain, ops, 20)).toBe('anna@example.test');
    expect(addressText(plain, ops, 5)).toBe('anna@example.test');
  });
});
