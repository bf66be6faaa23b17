import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.js';

const withPoll = (pollSeconds?: unknown) => ({ account: { imap: { host: 'imap.example', user: 'u' }, ...(pollSeconds === undefined ? {} : { pollSeconds }) } });

describe('account.pollSeconds', () => {
  it('defaults to 5 and takes 1 to 3600', () => {
    expect(parseConfig(withPoll()).account!.pollSeconds).toBe(5);
    expect(parseConfig(withPoll(30)).account!.pollSeconds).toBe(30);
  });

  it.each([0, -1, 3601, '5', NaN, null])('refuses %s in one line', (bad) => {
    expect(() => parseConfig(withPoll(bad))).toThrow(/account\.pollSeconds.*from 1 to 3600/);
  });
});
