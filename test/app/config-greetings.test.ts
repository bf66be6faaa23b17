/** The config's `greetings` (issue 19): read whole, and every mistake refused in one line naming the field. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.js';

const texts = { hello: 'Moi {name},', helloNoName: 'Moi,', signOff: 'Terkuin,' };

describe('greetings in the config', () => {
  it('is empty by default, and a language given one register uses it for both', () => {
    expect(parseConfig({}).greetings).toEqual({});
    expect(parseConfig({ greetings: { register: 'formal', languages: { fi: { informal: texts } } } }).greetings).toEqual({ register: 'formal', table: { fi: { informal: texts, formal: texts } } });
  });

  it.each([
    [{ greetings: 'formal' }, /greetings: must be an object/],
    [{ greetings: { register: 'polite' } }, /greetings\.register: must be "informal" or "formal"/],
    [{ greetings: { tone: 'warm' } }, /greetings\.tone: is not a setting/],
    [{ greetings: { languages: { finnish: { informal: texts } } } }, /greetings\.languages\.finnish: must be a two-letter language code/],
    [{ greetings: { languages: { fi: { casual: texts } } } }, /greetings\.languages\.fi\.casual: must be "informal" or "formal"/],
    [{ greetings: { languages: { fi: { informal: { ...texts, hello: 'Moi,' } } } } }, /greetings\.languages\.fi\.informal\.hello: must hold \{name\}/],
    [{ greetings: { languages: { fi: { informal: { ...texts, signOff: '' } } } } }, /greetings\.languages\.fi\.informal\.signOff: must be text/],
    [{ greetings: { languages: { fi: { informal: { ...texts, helloNoName: 'Moi\nBcc: x@y' } } } } }, /helloNoName: must be one line without control characters/],
    [{ greetings: { languages: { fi: { informal: { ...texts, signOff: 'x'.repeat(121) } } } } }, /signOff: must be at most 120 characters/],
  ])('refuses %j', (doc, problem) => {
    expect(() => parseConfig(doc)).toThrow(problem);
  });
});
