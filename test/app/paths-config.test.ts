import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.js';
import { demoPaths, resolvePaths } from '../../src/app/paths.js';
import { ConfigError } from '../../src/core/errors.js';

describe('resolvePaths', () => {
  it('follows the XDG base directories', () => {
    expect(resolvePaths({}, { HOME: '/home/r', XDG_CONFIG_HOME: '/cfg', XDG_DATA_HOME: '/data' })).toEqual({ configFile: '/cfg/h2h/config.json', configDir: '/cfg/h2h', dataDir: '/data/h2h' });
  });

  it('falls back to ~/.config and ~/.local/share, ignoring relative XDG values as the spec says', () => {
    expect(resolvePaths({}, { HOME: '/home/r', XDG_CONFIG_HOME: 'relative' })).toEqual({ configFile: '/home/r/.config/h2h/config.json', configDir: '/home/r/.config/h2h', dataDir: '/home/r/.local/share/h2h' });
  });

  it('lets H2H_CONFIG and H2H_DATA_DIR override XDG, and flags override both', () => {
    const env = { HOME: '/home/r', H2H_CONFIG: '/e/c.json', H2H_DATA_DIR: '/e/data' };
    expect(resolvePaths({}, env)).toMatchObject({ configFile: '/e/c.json', dataDir: '/e/data' });
    expect(resolvePaths({ config: '/f/c.json', dataDir: '/f/data' }, env)).toMatchObject({ configFile: '/f/c.json', dataDir: '/f/data' });
  });

  it('keeps the demo apart from the real store', () => {
    const env = { HOME: '/home/r', XDG_DATA_HOME: '/data' };
    expect(demoPaths(env).dataDir).not.toBe(resolvePaths({}, env).dataDir);
    expect(demoPaths(env).dataDir.startsWith(resolvePaths({}, env).dataDir + '/')).toBe(false);
  });
});

describe('parseConfig', () => {
  const fieldOf = (raw: unknown) => {
    try {
      parseConfig(raw);
    } catch (error) {
      if (error instanceof ConfigError) return error.field;
      throw error;
    }
    return undefined;
  };

  it('reads the agent’s identity, with the name as default signature', () => {
    const c = parseConfig({ agent: { name: ' Riitta Virtanen ', email: 'Riitta@Shop.Example', aliases: ['hello@shop.example'] } });
    expect(c.agent).toEqual({
      name: 'Riitta Virtanen',
      email: 'riitta@shop.example',
      signature: 'Riitta Virtanen',
      aliases: ['hello@shop.example'],
      identities: [
        { name: 'Riitta Virtanen', email: 'riitta@shop.example', signature: 'Riitta Virtanen' },
        { name: 'Riitta Virtanen', email: 'hello@shop.example', signature: 'Riitta Virtanen' },
      ],
    });
  });

  it('reads aliases written as objects, with their own name and signature', () => {
    const c = parseConfig({ agent: { name: 'Riitta Virtanen', email: 'riitta@shop.example', signature: 'Riitta\nNordic Feet', aliases: ['hello@shop.example', { email: 'Orders@Shop.Example', name: 'Nordic Feet orders', signature: 'The orders team' }, { email: 'help@shop.example' }] } });
    expect(c.agent?.aliases).toEqual(['hello@shop.example', 'orders@shop.example', 'help@shop.example']);
    expect(c.agent?.identities.slice(1)).toEqual([
      { name: 'Riitta Virtanen', email: 'hello@shop.example', signature: 'Riitta\nNordic Feet' },
      { name: 'Nordic Feet orders', email: 'orders@shop.example', signature: 'The orders team' },
      { name: 'Riitta Virtanen', email: 'help@shop.example', signature: 'Riitta\nNordic Feet' },
    ]);
  });

  it.each([
    [[], '(file)'],
    [{ agent: 'Riitta' }, 'agent'],
    [{ agent: { email: 'r@shop.example' } }, 'agent.name'],
    [{ agent: { name: 'R', email: 'nope' } }, 'agent.email'],
    [{ agent: { name: 'R', email: 'r@s.example', signature: 5 } }, 'agent.signature'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: ['ok@s.example', 'bad'] } }, 'agent.aliases[1]'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: [{ name: 'Orders' }] } }, 'agent.aliases[0].email'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: [{ email: 'o@s.example', name: '' }] } }, 'agent.aliases[0].name'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: [{ email: 'o@s.example', signature: 3 }] } }, 'agent.aliases[0].signature'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: [7] } }, 'agent.aliases[0]'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: ['o@s.example', 'O@S.example'] } }, 'agent.aliases[1]'],
    [{ agent: { name: 'R', email: 'r@s.example', aliases: ['R@s.example'] } }, 'agent.aliases[0]'],
    [{ threading: { subjectWindowDays: -1 } }, 'threading.subjectWindowDays'],
    [{ threading: 30 }, 'threading'],
    [{ history: { closeOlderThanDays: '30' } }, 'history.closeOlderThanDays'],
    [{ history: [] }, 'history'],
    [{ keys: { inbox: { 'list.next': 5 } } }, 'keys.inbox.list.next'],
    [{ keys: [] }, 'keys'],
    [{ searches: { 'bad name': 'tag:x' } }, 'searches.bad name'],
    [{ searches: { refunds: 3 } }, 'searches.refunds'],
  ])('names the bad field of %j', (raw, field) => {
    expect(fieldOf(raw)).toBe(field);
  });

  it('reads history and threading days, with their defaults', () => {
    expect(parseConfig({}).history).toEqual({ closeOlderThanDays: 30 });
    expect(parseConfig({ history: { closeOlderThanDays: 0 }, threading: { subjectWindowDays: 7 } })).toMatchObject({ history: { closeOlderThanDays: 0 }, threading: { subjectWindowDays: 7 } });
  });
});
