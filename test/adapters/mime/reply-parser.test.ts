import EmailReplyParser from 'email-reply-parser';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { generateMessages } from '../../../bench/generate-mailbox.js';
import { htmlToPlain } from '../../../src/adapters/mime/html-to-plain.js';
import { parseReply, quoteHeaders, signatures } from '../../../src/adapters/mime/reply-parser.js';
import { readMbox } from '../../../src/adapters/sources/mbox-reader.js';
import { sniff } from '../../../src/adapters/sources/read-sources.js';
import { corpus } from '../../helpers/corpus.js';

/** What email-reply-parser itself makes of `text` (or the error it throws). */
function original(text: string) {
  try {
    return new EmailReplyParser()
      .read(text)
      .getFragments()
      .map((f) => ({ content: f.getContent(), quoted: f.isQuoted(), signature: f.isSignature(), hidden: f.isHidden() }));
  } catch (error) {
    return { threw: (error as Error).constructor.name };
  }
}

/** Whether the original would join a quote header spread over more than four lines, which parseReply leaves as it is (see bounded-quote-scan.ts). */
function joinsBeyondWindow(text: string): boolean {
  const lf = text.replace(/\r\n/g, '\n');
  return quoteHeaders.some((r) => (lf.match(r)?.[1]?.split('\n').length ?? 0) > 4);
}

function ours(text: string) {
  try {
    return parseReply(text);
  } catch (error) {
    return { threw: (error as Error).constructor.name };
  }
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** The plain text (or HTML made plain) of every message in the MIME corpus. */
async function corpusTexts(): Promise<string[]> {
  const raws: Buffer[] = [];
  for (const path of files(corpus('mime'))) {
    const kind = await sniff(path);
    if (kind === 'mbox') for await (const m of readMbox(path)) raws.push(m.raw);
    else if (kind === 'message') raws.push(readFileSync(path));
  }
  const texts: string[] = [];
  for (const raw of raws) {
    try {
      const email = await PostalMime.parse(raw);
      if (email.text) texts.push(email.text);
      if (email.html) texts.push(await htmlToPlain(email.html));
    } catch {
      // unparseable MIME: covered elsewhere
    }
  }
  return texts;
}

/** Lines that exercise each rule of the parser: quote headers in its languages, wrapped ones, signatures, quotes, odd white space. */
const pieces = [
  'Hello,', 'Thanks for the quick answer!', '', '', '   ', '\t', '\u00a0', 'Line with trailing space   ', 'Line with a tab\t', '  indented text',
  '> quoted line', '>> twice quoted', '> ', '>', ' > not quite quoted', '>quoted without space', '> On Mon, Bob wrote:',
  'On Tue, 3 Nov 2026 at 10:00, Anna Virtanen <anna@ex.com> wrote:', 'On Tue, 3 Nov 2026 at 10:00, Anna Virtanen', '<anna@ex.com> wrote:',
  'Le mar. 3 nov. 2026 à 10:00, Anna <anna@ex.com> a écrit :', 'El mar, 3 nov 2026, Anna <anna@ex.com> escribió:', 'Il giorno mar 3 nov, Anna ha scritto:',
  'Em ter., 3 de nov., Anna escreveu:', 'Am 03.11.2026 schrieb Anna <anna@ex.com>:', 'Am 03.11.2026 um 10:00 schrieb Anna:', 'Op 3 nov. 2026 schreef Anna <anna@ex.com>:',
  'W dniu 3.11.2026 Anna <anna@ex.com> pisze:', 'Den 3 nov 2026 skrev Anna <anna@ex.com>:', 'pe 3.11.2026 Anna <anna@ex.com> kirjoitti:',
  'ср, 3 нояб. 2026 г. в 10:00, Anna <anna@ex.com>:', '在 2026年11月3日, Anna 写道：', '2026. 11. 3. 오전 10:00 Anna 작성:', '2026/11/03 10:00、Anna のメッセージ:',
  'Anna <anna@ex.com> schrieb:', 'Anna on Tuesday at 10 wrote:', 'From: Anna <anna@ex.com>', 'From : Anna<anna@ex.com>', 'Von: Anna <anna@ex.com>',
  'De: Anna [anna@ex.com]', 'Van: Anna <anna@ex.com>', 'Da: Anna <anna@ex.com>', '2026-11-03 10:00 GMT+01:00 Anna <anna@ex.com>:',
  'tis. 3 nov. 2026 skrev Anna <anna@ex.com>:', '03.11.2026 10:00 "Anna" <anna@ex.com>:', '10:00, 2026, "Anna" <anna@ex.com>:', 'Mon 2026 from Anna <anna@ex.com>:',
  '-----Original Message-----', '--- original message ---', '-----Oprindelig besked-----', '----- Message d\'origine -----', '-----Ursprüngliche Nachricht-----',
  '--', '-- ', '---', '__', '++', '==', '________________________________', 'Sent from my iPhone', 'Get Outlook for Android', 'Cheers,', 'Best wishes!',
  'Kind regards,', 'Best Regards', 'Von meinem iPhone gesendet', 'Gesendet von Mail für Windows', 'Sendt fra min iPhone', 'Envoyé depuis mon iPad',
  'Envoyé de mon iPhone', 'Envoyé à partir de Outlook', 'Télécharger Outlook pour Android', 'Bien à vous,', 'Très cordialement,', 'Bonne journée!', 'Bonne soirée',
  'Enviado desde mi iPhone', 'In data 3 nov 2026, Anna ha scritto:', 'Verzonden vanaf mijn iPad', 'Verstuurd vanaf mijn iPhone',
  'Cheers,   ', '-- \t', 'Sent from my iPhone  ', '>   ', '\u00a0> nbsp then quote', 'On Mon, Anna wrote:   ', 'Anna <anna@ex.com> schrieb:\t',
  'Price: $& or $1 or $$ and $\' and $`', 'Emoji 👟 and a lone surrogate \ud83d', 'Kengät ovat liian pienet.', '注文した靴が届きません。', 'Sofia\r', 'a\u2028b', 'x\u3000',
];

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseReply', () => {
  it('uses email-reply-parser’s regular expressions, unchanged', async () => {
    const { default: list } = (await import(new URL('./regex.js', import.meta.resolve('email-reply-parser')).href)) as { default: { quoteHeadersRegex: RegExp[]; signatureRegex: RegExp[] } };
    const shape = (rs: RegExp[]) => rs.map((r) => `/${r.source}/${r.flags}`);
    expect(shape(quoteHeaders)).toEqual(shape(list.quoteHeadersRegex));
    expect(shape(signatures)).toEqual(shape(list.signatureRegex));
  });

  it('splits like email-reply-parser: crafted cases', () => {
    const cases = [
      '', '\n', '\n\n\n', '   ', 'Just one line', 'Hello\r\n\r\nOn Mon, 2 Nov 2026 at 10:00, Anna <anna@ex.com> wrote:\r\n> Hi\r\n> there\r\n',
      'Thanks!\n\nOn Mon, 2 Nov 2026 at 10:00, Anna Virtanen\n<anna@ex.com> wrote:\n> quoted\n', 'Reply\n\n-- \nRiitta\nNordic Feet', 'Reply\n\nSent from my iPhone',
      'Hi\n\n> > deep\n> quote\n\nmore text after the quote\n\n> another quote', '> only quoted\n> lines', 'text\n   \n\t\n> q\n  \n',
      'Op 3 nov. 2026 schreef Anna\n<anna@ex.com>:\n> q\nschreef weer:', 'Price $& and $1\n\nOn Mon, Anna $& <a@b.c> wrote:\n> q',
    ];
    for (const text of cases) expect(ours(text), JSON.stringify(text)).toEqual(original(text));
  });

  it('splits like email-reply-parser: thousands of texts built from the lines each rule looks for', () => {
    const random = mulberry32(7);
    let compared = 0;
    for (let i = 0; i < 6000; i++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 14) }, () => pieces[Math.floor(random() * pieces.length)]);
      const text = lines.join(random() < 0.2 ? '\r\n' : '\n') + (random() < 0.5 ? '\n' : '');
      if (joinsBeyondWindow(text)) continue;
      compared++;
      expect(ours(text), JSON.stringify(text)).toEqual(original(text));
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('joins a quote header wrapped over at most four lines, no more (the original joins up to the end of the text)', () => {
    const wrapped = 'Thanks!\n\nOn Mon, 2 Nov 2026 at 10:00, Anna Virtanen\n<anna@ex.com> wrote:\n> quoted\n';
    expect(ours(wrapped)).toEqual(original(wrapped));
    const far = `Op 3 nov. 2026 schreef Anna\n${'line\n'.repeat(10)}last:\n> q`;
    expect(joinsBeyondWindow(far)).toBe(true);
    expect((ours(far) as { content: string }[])[0].content.split('\n').length).toBe(12);
  });

  it('splits like email-reply-parser: every text of the MIME corpus and of generated support mail', async () => {
    const texts = await corpusTexts();
    expect(texts.length).toBeGreaterThan(100);
    for (const m of generateMessages(3000, 11)) texts.push((await PostalMime.parse(m.raw)).text ?? '');
    for (const text of texts) expect(ours(text), text.slice(0, 200)).toEqual(original(text));
  }, 180_000);
});
