import { describe, expect, it } from 'vitest';
import { draftText, greetedName, headerSafe, messageToAnswer, ownWords, quoteOriginal, replyRecipients, replySubject, threadHeaders, unfilledPlaceholders } from '../../../src/core/domain/reply.js';
import type { MessageMeta } from '../../../src/core/domain/message.js';

function meta(extra: Partial<MessageMeta>): MessageMeta {
  return {
    seq: 1, id: 'm', messageId: '<m1@ex.com>', isSyntheticId: false, hash: 'h', size: 1, date: '2026-11-02T10:00:00Z',
    from: { name: 'Anna Korhonen', email: 'anna@ex.com' }, to: [], cc: [], replyTo: [], subject: 'Shoes', references: [], inReplyTo: [],
    inReplyToWellFormed: false, direction: 'in', customer: 'anna@ex.com', attachments: [], snippet: '', seenOnArrival: false, source: 't', ...extra,
  };
}

describe('reply', () => {
  it('answers with "Re: <their subject>", once, and never a ticket number', () => {
    expect(replySubject('Shoes too small')).toBe('Re: Shoes too small');
    expect(replySubject('Re: Shoes')).toBe('Re: Shoes');
    expect(replySubject('AW: Schuhe')).toBe('Re: Schuhe');
    expect(replySubject('Re[2]: Shoes')).toBe('Re: Shoes');
    expect(replySubject('')).toBe('Re: your message');
  });

  it('goes to Reply-To when there is one, else to the sender', () => {
    expect(replyRecipients(meta({}))).toEqual([{ name: 'Anna Korhonen', email: 'anna@ex.com' }]);
    expect(replyRecipients(meta({ replyTo: [{ name: 'Orders', email: 'orders@ex.com' }] }))).toEqual([{ name: 'Orders', email: 'orders@ex.com' }]);
  });

  it('threads: In-Reply-To is the message, References its chain ending with it, trimmed to 20 keeping the root', () => {
    expect(threadHeaders(meta({ references: ['<a@x>', '<b@x>'] }))).toEqual({ inReplyTo: '<m1@ex.com>', references: ['<a@x>', '<b@x>', '<m1@ex.com>'] });
    const long = Array.from({ length: 30 }, (_, i) => `<r${i}@x>`);
    const refs = threadHeaders(meta({ references: long })).references;
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe('<r0@x>');
    expect(refs.at(-1)).toBe('<m1@ex.com>');
  });

  it('takes CR, LF, control characters and bidi overrides out of header values', () => {
    expect(headerSafe('Anna\r\nBcc: evil@x\u0007 \u202Eyxes')).toBe('Anna Bcc: evil@x yxes');
    expect(replyRecipients(meta({ from: { name: 'A\r\nB', email: 'a@ex.com\r\nbcc: x@y' } }))[0]).toEqual({ name: 'A B', email: 'a@ex.combcc:x@y' });
  });

  it('starts with the greeting, leaves a line for the owner, and ends with the sign-off and signature', () => {
    expect(draftText({ greeting: 'Hei Päivi,', signOff: 'Terveisin,', signature: 'Riitta Virtanen\nShoe Shop', body: 'Paketti lähti tänään.' })).toBe('Hei Päivi,\n\nPaketti lähti tänään.\n\nTerveisin,\nRiitta Virtanen\nShoe Shop\n');
    expect(draftText({ greeting: 'Hello,', signature: 'Riitta' })).toBe('Hello,\n\n\n\nRiitta\n');
    // A greeting made from a customer's name is one line, whatever the name held.
    expect(draftText({ greeting: 'Hi Anna\r\nBcc: x@y,', signature: 'Riitta' })).toBe('Hi Anna Bcc: x@y,\n\n\n\nRiitta\n');
  });

  it("answers the customer's newest message, and quotes the original", () => {
    const older = meta({ seq: 1, date: '2026-11-01T10:00:00Z' });
    const ours = meta({ seq: 3, date: '2026-11-03T10:00:00Z', direction: 'out' });
    const newer = meta({ seq: 2, date: '2026-11-02T10:00:00Z', messageId: '<m2@ex.com>' });
    expect(messageToAnswer([older, ours, newer])?.messageId).toBe('<m2@ex.com>');
    expect(quoteOriginal(newer, 'Hello\n> old', 'UTC')).toBe('On 2 Nov 2026, 10:00, Anna Korhonen wrote:\n> Hello\n>> old');
  });

  it('notices when the owner greets a customer by another name, to remember it', () => {
    expect(greetedName('Hi Annie,\n\nthanks', 'Anna')).toBe('Annie');
    expect(greetedName('Hi Anna,\n\nthanks', 'Anna')).toBeUndefined();
    expect(greetedName('Dear Mrs Smith,\n', undefined)).toBe('Mrs Smith');
    expect(greetedName('Thanks for waiting.\n', 'Anna')).toBeUndefined();
    // In the customer's language, by the defaults' greetings and the config's own.
    expect(greetedName('Hei Päivikki,\n', 'Päivi')).toBe('Päivikki');
    expect(greetedName('Beste mevrouw Jansen,\n', 'Joëlle')).toBe('mevrouw Jansen');
    expect(greetedName('優希さん\n', '田中様')).toBe('優希さん');
    expect(greetedName('田中様\n', '田中様')).toBeUndefined();
    expect(greetedName('ご注文ありがとうございます。\n', '田中様')).toBeUndefined();
    expect(greetedName('Moikka Päivikki!\n', 'Päivi', { fi: { informal: { hello: 'Moikka {name}!', helloNoName: 'Moikka!', signOff: 'Terkuin,' } } })).toBe('Päivikki');
    // A greeting without a name is no name to remember.
    expect(greetedName('Hei,\n', 'Päivi')).toBeUndefined();
    expect(greetedName('お客様\n', '田中様')).toBeUndefined();
  });
});

describe('ownWords', () => {
  const sig = 'Riitta Virtanen\nNordic Feet';
  it.each([
    ['greeting and signature only', 'Hi Anna,\n\n\n\nRiitta Virtanen\nNordic Feet\n', ''],
    ['another greeting, no signature', 'Hei Päivi,\n\n', ''],
    ['the quote below', 'Hi Anna,\n\nRiitta Virtanen\nNordic Feet\n\nOn 2 Nov 2026, 10:00, Anna wrote:\n> where is it?\n', ''],
    ['words', 'Hi Anna,\n\nIt left today.\n\nRiitta Virtanen\nNordic Feet\n', 'It left today.'],
    ['words without a greeting', 'It left today.', 'It left today.'],
    ['a first line too long to be a greeting', 'Thanks for your patience with this, the parcel left our shop in Tampere today, Anna,', 'Thanks for your patience with this, the parcel left our shop in Tampere today, Anna,'],
    ['CRLF', 'Hi Anna,\r\n\r\nok\r\n\r\nRiitta Virtanen\r\nNordic Feet', 'ok'],
    ['greeting, sign-off and signature only', 'Hei Päivi,\n\n\n\nTerveisin,\nRiitta Virtanen\nNordic Feet\n', ''],
    ['a Japanese greeting and sign-off only', '田中様\n\n\n\nよろしくお願いいたします。\nRiitta Virtanen\nNordic Feet\n', ''],
    ['a Chinese greeting and sign-off only', '王伟，您好！\n\n\n\n祝好\nRiitta Virtanen\nNordic Feet\n', ''],
    ['words and a sign-off', '田中様\n\n追跡番号はJP123です。\n\nよろしくお願いいたします。\nRiitta Virtanen\nNordic Feet\n', '追跡番号はJP123です。'],
    ['a sign-off of their own is their words', 'Hei Päivi,\n\nKiitos!\n\nRiitta Virtanen\nNordic Feet\n', 'Kiitos!'],
  ])('%s', (_, text, words) => {
    expect(ownWords(text, sig)).toBe(words);
  });

  it('finds placeholders left in a reply, once each', () => {
    expect(unfilledPlaceholders('Size {{customer.size}}, {{ agent.name }} and {{customer.size}}')).toEqual(['{{customer.size}}', '{{ agent.name }}']);
    expect(unfilledPlaceholders('Just text with {braces} and {{\nnot}}')).toEqual([]);
  });
});
