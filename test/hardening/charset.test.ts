/**
 * Charset decoding over every WHATWG single-byte label: each of the 128 high bytes (the 32 bytes
 * 0x80-0x9F are where Node's windows-1252 goes wrong), carried in every way mail carries text, must
 * come out as the Encoding Standard's index says (test/helpers/whatwg-single-byte.ts), whatever
 * TextDecoder the platform has. Also checks the label list against the labels postal-mime may hand
 * to TextDecoder, so a label it learns later cannot go untested.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersOnly, PostalMimeParser } from '../../src/adapters/mime/postal-mime-parser.js';
import { WorkerIntake } from '../../src/adapters/mime/worker-intake.js';
import { RawStore } from '../../src/adapters/store/raw-store.js';
import type { ParsedMessage } from '../../src/core/ports/message-parser.js';
import { sha256Hex } from '../../src/core/domain/short-id.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { fixture } from '../helpers/store-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';
import { expectedHighHalf, singleByteLabels, windows1252Spellings, wrongBytes } from '../helpers/whatwg-single-byte.js';

const parser = new PostalMimeParser();
const highBytes = Array.from({ length: 128 }, (_, i) => 0x80 + i);
const open = Buffer.from('[[');
const close = Buffer.from(']]');
const payload = Buffer.concat([open, Buffer.from(highBytes), close]);

const qp = (bytes: Buffer) => [...bytes].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
/** RFC 2047 words of at most 16 bytes each, folded onto continuation lines as mailers do. */
function encodedWords(label: string, kind: 'Q' | 'B'): string {
  const words: string[] = [];
  for (let at = 0; at < payload.length; at += 16) {
    const chunk = payload.subarray(at, at + 16);
    words.push(`=?${label}?${kind}?${kind === 'Q' ? qp(chunk) : chunk.toString('base64')}?=`);
  }
  return words.join('\r\n ');
}

function message(headers: string[], body: Buffer | string = 'body\r\n'): Buffer {
  const head = ['From: Customer <customer@example.test>', 'To: shop@example.test', 'Subject: charset', 'Message-ID: <charset@example.test>', 'MIME-Version: 1.0', ...headers];
  const names = new Set(headers.map((h) => h.slice(0, h.indexOf(':')).toLowerCase()));
  const kept = head.filter((h, i) => i >= head.length - headers.length || !names.has(h.slice(0, h.indexOf(':')).toLowerCase()));
  return Buffer.concat([Buffer.from(`${kept.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

function qpBody(bytes: Buffer): string {
  const lines: string[] = [];
  const encoded = qp(bytes);
  for (let at = 0; at < encoded.length; at += 72) lines.push(encoded.slice(at, at + 72));
  return `${lines.join('=\r\n')}\r\n`;
}

/**
 * Each way a label and the bytes reach the parser, and where the decoded text comes out. `address`:
 * in an address header, where a label with a ":" (iso_8859-1:1987, not an RFC 2047 charset token)
 * starts a group instead of an encoded word.
 */
const forms: { name: string; address?: true; read: (label: string) => Promise<string> }[] = [
  {
    name: '8bit text body',
    read: async (l) => (await parser.parse(message([`Content-Type: text/plain; charset="${l}"`, 'Content-Transfer-Encoding: 8bit'], Buffer.concat([payload, Buffer.from('\r\n')])))).text ?? '',
  },
  {
    name: 'quoted-printable text body',
    read: async (l) => (await parser.parse(message([`Content-Type: text/plain; charset="${l}"`, 'Content-Transfer-Encoding: quoted-printable'], qpBody(payload)))).text ?? '',
  },
  {
    name: 'base64 text body',
    read: async (l) => (await parser.parse(message([`Content-Type: text/plain; charset="${l}"`, 'Content-Transfer-Encoding: base64'], `${payload.toString('base64')}\r\n`))).text ?? '',
  },
  {
    name: 'HTML part',
    read: async (l) => {
      const html = Buffer.concat([Buffer.from('<html><body><p>'), payload, Buffer.from('</p></body></html>\r\n')]);
      return (await parser.parse(message([`Content-Type: text/html; charset="${l}"`, 'Content-Transfer-Encoding: quoted-printable'], qpBody(html)))).text ?? '';
    },
  },
  { name: 'Q-encoded Subject', read: async (l) => (await parser.parse(message([`Subject: ${encodedWords(l.trim(), 'Q')}`]))).subject },
  { name: 'B-encoded From name', address: true, read: async (l) => (await parser.parse(message([`From: ${encodedWords(l.trim(), 'B')} <customer@example.test>`]))).from?.name ?? '' },
  // Mail postal-mime rejects still shows its headers, decoded by the plain header scan.
  { name: 'Subject of unparseable mail', read: async (l) => (await headersOnly(message([`Subject: ${encodedWords(l.trim(), 'B')}`]), 'test')).subject },
  { name: 'From name of unparseable mail', address: true, read: async (l) => (await headersOnly(message([`From: ${encodedWords(l.trim(), 'Q')} <customer@example.test>`]), 'test')).from?.name ?? '' },
];

function between(text: string): string {
  const start = text.indexOf('[[');
  const end = text.lastIndexOf(']]');
  return start >= 0 && end > start ? text.slice(start + 2, end) : `(no markers in ${JSON.stringify(text.slice(0, 80))})`;
}

const cases = Object.entries(singleByteLabels).flatMap(([encoding, labels]) =>
  [...labels, ...(encoding === 'windows-1252' ? windows1252Spellings : [])].map((label) => ({ encoding, label })),
);

describe('single-byte charsets decode as the WHATWG Encoding Standard says', () => {
  for (const form of forms) {
    describe(form.name, () => {
      it.each(form.address ? cases.filter((c) => !c.label.includes(':')) : cases)('$label ($encoding): all 128 high bytes', async ({ encoding, label }) => {
        expect(wrongBytes(highBytes, between(await form.read(label)), expectedHighHalf(encoding))).toEqual([]);
      });
    });
  }
});

describe('single-byte charsets in the import threads (worker-intake.ts)', () => {
  const parsed = new Map<string, ParsedMessage>();
  let intake: WorkerIntake;
  const threadCases = cases.filter((c) => !c.label.includes(':'));

  beforeAll(async () => {
    const raw = new RawStore(join(tempDir(), 'raw'));
    // Anything taken in process would not test the threads: refuse it.
    intake = new WorkerIntake({ raw, inProcess: { take: () => Promise.reject(new Error('parsed outside the threads')) }, startAfter: 0, threads: 1 });
    intake.expect(threadCases.length);
    expect(await intake.ready()).toBe(true);
    await Promise.all(
      threadCases.map(async ({ label }) => {
        const mail = message(
          [`Subject: ${encodedWords(label.trim(), 'Q')}`, `From: ${encodedWords(label.trim(), 'B')} <customer@example.test>`, `Message-ID: <${sha256Hex(Buffer.from(label))}@example.test>`, `Content-Type: text/plain; charset="${label}"`, 'Content-Transfer-Encoding: 8bit'],
          Buffer.concat([payload, Buffer.from('\r\n')]),
        );
        parsed.set(label, await intake.take(mail, sha256Hex(mail)));
      }),
    );
  }, 60_000);
  afterAll(() => intake?.close());

  it.each(threadCases)('$label ($encoding): body, Subject and From name', ({ encoding, label }) => {
    const m = parsed.get(label)!;
    for (const text of [m.text ?? '', m.subject, m.from?.name ?? '']) expect(wrongBytes(highBytes, between(text), expectedHighHalf(encoding))).toEqual([]);
  });
});

describe('the built h2h', () => {
  it('imports windows-1252 mail and shows € “ ” ‘ ’ – — … ™ Š Ž in the subject, the name and the text', async () => {
    // The 27 bytes of 0x80-0x9F that windows-1252 maps to printable characters (the other five are C1 controls).
    const table = expectedHighHalf('windows-1252');
    const bytes = highBytes.filter((b) => b < 0xa0 && !/[\u0080-\u009f]/.test(table[b - 0x80]));
    const want = bytes.map((b) => table[b - 0x80]).join('');
    expect(bytes).toHaveLength(27);
    const hex = Buffer.from(bytes).toString('hex').replace(/../g, '=$&');
    const f = fixture();
    const eml = join(f.root, 'cp1252.eml');
    writeFileSync(eml, Buffer.concat([
      Buffer.from(`From: =?windows-1252?B?${Buffer.from(bytes).toString('base64')}?= <customer@example.test>\r\nTo: riitta@shop.example\r\nSubject: =?iso-8859-1?Q?${hex}?=\r\nMessage-ID: <cp1252@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
      Buffer.from(bytes),
      Buffer.from('\r\n'),
    ]));
    expect((await spawnCli(['import', eml], { env: f.env })).code).toBe(0);
    const [row] = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string; subject: string }[];
    expect(row.subject).toBe(want);
    const shown = JSON.parse((await spawnCli(['show', '--json', row.id], { env: f.env })).stdout) as { messages: { from: { name: string }; text: string }[] };
    expect(shown.messages[0].from.name).toBe(want);
    expect(shown.messages[0].text.trim()).toBe(want);
  });
});

describe('the labels tested', () => {
  it('are every single-byte label postal-mime may hand to TextDecoder', async () => {
    // postal-mime keeps its label list (the standard's) in a module its package does not export.
    const { ENCODING_LABELS } = (await import('../../node_modules/postal-mime/dist/esm/decode-strings.js')) as { ENCODING_LABELS: Set<string> };
    const notSingleByte = new Set([
      ...'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8 unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le'.split(' '),
      ...'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030 big5 big5-hkscs cn-big5 csbig5 x-x-big5'.split(' '),
      ...'cseucpkdfmtjapanese euc-jp x-euc-jp csiso2022jp iso-2022-jp csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis'.split(' '),
      ...'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949'.split(' '),
      ...'csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement'.split(' '),
    ]);
    const tested = new Set(Object.values(singleByteLabels).flat());
    expect([...ENCODING_LABELS].filter((l) => !notSingleByte.has(l) && !tested.has(l))).toEqual([]);
    expect([...tested].filter((l) => !ENCODING_LABELS.has(l))).toEqual([]);
  });
});
