/**
 * Hostile mail, built on demand (some cases are megabytes): each a raw message and what it attacks.
 * Used by the hostile-input suite (npm test) and its soak variant.
 */
import fc from 'fast-check';

const head = (subject: string, extra = '') =>
  `From: Anna Virtanen <anna@ex.com>\r\nTo: Riitta Virtanen <riitta@shop.example>\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/[^a-z0-9]/gi, '').slice(0, 40) || 'x'}@hostile.test>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n${extra}`;

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const esc = '\u001b';
/** Terminal attacks: OSC 52 clipboard write, OSC 8 link, title, DCS, CSI clear screen, C1 CSI. */
export const escapes = [`${esc}]52;c;${b64('rm -rf ~')}\u0007`, `${esc}]8;;http://evil.example/\u0007click${esc}]8;;\u0007`, `${esc}]0;pwned\u0007`, `${esc}P+q544e\u001b\\`, `${esc}[2J${esc}[H`, '\u009b31m'];

/** Anything a terminal acts on (C0 but newline and tab, DEL, C1), and what reorders or hides text. */
export const unsafeForTerminal = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/u;

export type HostileCase = { name: string; raw: () => Buffer; /** Text the body must show (undecodable bytes as U+FFFD). */ shows?: string };

export const hostileCases: HostileCase[] = [
  { name: 'missing closing boundary', raw: () => Buffer.from(`${head('no closing boundary')}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nthe only part\r\n`), shows: 'the only part' },
  { name: 'bad closing boundary', raw: () => Buffer.from(`${head('bad closing')}Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--bb--\r\n--c--\r\n`), shows: 'first' },
  {
    name: 'multiparts nested 10,000 deep',
    raw: () => {
      let inner = 'Content-Type: text/plain\r\n\r\ndeepest\r\n';
      for (let i = 9999; i >= 0; i--) inner = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${inner}--b${i}--\r\n`;
      return Buffer.from(head('nested') + inner);
    },
  },
  { name: '100,000 empty parts', raw: () => Buffer.from(`${head('empty parts')}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${'--b\r\n\r\n'.repeat(100_000)}--b--\r\n`) },
  { name: 'broken base64', raw: () => Buffer.from(`${head('broken base64')}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8g!!!d29y=bGQ\r\n====\r\nS\r\n`) },
  { name: 'broken quoted-printable', raw: () => Buffer.from(`${head('broken qp')}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nprice =ZZ10 =\r\n=E2=82 half a euro sign =\r\n`), shows: 'price' },
  { name: 'unknown charset', raw: () => Buffer.from(`${head('=?x-no-such-charset?Q?caf=E9?=')}Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nplain words\r\n`), shows: 'plain words' },
  { name: 'bogus charset parameter', raw: () => Buffer.from(`${head('bogus charset')}Content-Type: text/plain; charset="utf-8\\"; evil=1\r\n\r\nstill words\r\n`), shows: 'still words' },
  { name: 'invalid UTF-8 declared as UTF-8', raw: () => Buffer.concat([Buffer.from(`${head('bad bytes')}Content-Type: text/plain; charset=utf-8\r\n\r\nbefore `), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(' after\r\n')]), shows: '\uFFFD' },
  { name: 'NUL bytes in headers and body', raw: () => Buffer.from(`${head('nul\u0000subject', 'X-Nul: a\u0000b\r\n')}Content-Type: text/plain\r\n\r\nbody\u0000with\u0000nuls\r\n`) },
  { name: 'a 2 MB header', raw: () => Buffer.from(`${head('huge header', `X-Huge: ${'a'.repeat(2 * 1024 * 1024)}\r\n`)}\r\nsmall body\r\n`) },
  { name: 'a 10 MB line', raw: () => Buffer.from(`${head('long line')}Content-Type: text/plain\r\n\r\n${'x'.repeat(10 * 1024 * 1024)}\r\n`) },
  { name: 'thousands of ; in address headers', raw: () => Buffer.from(`From: ${';'.repeat(20_000)}anna@ex.com\r\nTo: ${';'.repeat(20_000)}\r\nCc: a@b${';'.repeat(20_000)}\r\nSubject: semicolons\r\n\r\nbody\r\n`) },
  { name: 'encoded-word newlines', raw: () => Buffer.from(`From: =?utf-8?Q?Anna=0AVirtanen?= <anna@ex.com>\r\nTo: riitta@shop.example\r\nSubject: =?utf-8?Q?line=0Abreak=0D=0Ainjected?= =?utf-8?B?${b64('\nX-Evil: 1')}?=\r\n\r\nbody\r\n`) },
  {
    name: 'bidi overrides and zero-width characters in names and subjects',
    raw: () => Buffer.from(`From: =?utf-8?Q?Ri=E2=80=8Bitta_=E2=80=AEnenatriV?= <anna@ex.com>\r\nTo: riitta@shop.example\r\nSubject: =?utf-8?B?${b64('Invoice \u202Efdp.exe\u202C \u2066x\u2069 \u200B\u2060\uFEFF')}?=\r\n\r\nbody \u202Ereversed\r\n`),
  },
  // Escapes reach the message in every encoding a sender can choose.
  { name: 'escapes in a plain body', raw: () => Buffer.from(`${head('escapes plain')}Content-Type: text/plain\r\n\r\n${escapes.join('\r\n')}\r\n`) },
  { name: 'escapes in quoted-printable', raw: () => Buffer.from(`${head('escapes qp')}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=1B]52;c;cm0=\r\n=1B]0;title=07 =1B[2J =C2=9B31m\r\n`) },
  { name: 'escapes in base64', raw: () => Buffer.from(`${head('escapes b64')}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(escapes.join('\n'))}\r\n`) },
  { name: 'escapes in encoded words', raw: () => Buffer.from(`From: =?utf-8?B?${b64(`Anna${escapes[2]}`)}?= <anna@ex.com>\r\nTo: riitta@shop.example\r\nSubject: =?utf-8?Q?=1B]8;;http://evil/=07x=1B[2J?= =?utf-8?B?${b64(escapes[0])}?=\r\nContent-Type: text/plain\r\n\r\nbody\r\n`) },
  { name: 'escapes in an HTML-only body', raw: () => Buffer.from(`${head('escapes html')}Content-Type: text/html; charset=utf-8\r\n\r\n<p>${escapes.join('<br>')}</p><script>alert(1)</script>\r\n`) },
  { name: 'escapes in an attachment name', raw: () => Buffer.from(`${head('escapes attachment')}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--b\r\nContent-Type: application/octet-stream; name="=?utf-8?B?${b64(`${escapes[2]}../../x.txt`)}?="\r\nContent-Disposition: attachment\r\n\r\nAAAA\r\n--b--\r\n`) },
];

/**
 * Generated mail for the property test: headers and MIME structures assembled from parts a sender
 * controls (encodings, charsets, boundaries, raw bytes, escapes), seeded so a failure reproduces.
 */
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...escapes), fc.string({ unit: 'binary', maxLength: 40 }));
const charset = fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'shift_jis', 'koi8-r', 'x-bogus', '"utf-8', 'utf-7', '');
const encodedWord = fc.tuple(charset, fc.constantFrom('Q', 'B', 'X'), fc.uint8Array({ maxLength: 30 })).map(([cs, enc, bytes]) => `=?${cs}?${enc}?${enc === 'B' ? Buffer.from(bytes).toString('base64') : [...bytes].map((b) => `=${b.toString(16).padStart(2, '0').toUpperCase()}`).join('')}?=`);
const headerValue = fc.oneof(text, encodedWord, fc.array(fc.oneof(text, encodedWord), { maxLength: 4 }).map((xs) => xs.join(' ')));
const cte = fc.constantFrom('7bit', '8bit', 'base64', 'quoted-printable', 'x-uuencode', 'binary', '');
const leaf = fc.record({ type: fc.constantFrom('text/plain', 'text/html', 'application/octet-stream', 'message/rfc822', 'text/x-unknown'), charset, cte, body: fc.oneof(fc.uint8Array({ maxLength: 300 }), text.map((t) => Buffer.from(t))), name: fc.option(headerValue) });

type Part = { kind: 'leaf'; leaf: (typeof leaf extends fc.Arbitrary<infer T> ? T : never) } | { kind: 'multi'; boundary: string; parts: Part[]; close: boolean };
const part: fc.Arbitrary<Part> = fc.letrec<{ part: Part }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf.map((l) => ({ kind: 'leaf' as const, leaf: l })),
    fc.record({ kind: fc.constant('multi' as const), boundary: fc.oneof(fc.constantFrom('b', 'b b', '', '--', '=_x'), fc.string({ maxLength: 12 })), parts: fc.array(tie('part'), { maxLength: 4 }), close: fc.boolean() }),
  ),
})).part;

function render(p: Part): Buffer {
  if (p.kind === 'leaf') {
    const l = p.leaf;
    const name = l.name === null ? '' : `; name="${l.name}"`;
    const headers = `Content-Type: ${l.type}${l.charset ? `; charset=${l.charset}` : ''}${name}\r\n${l.cte ? `Content-Transfer-Encoding: ${l.cte}\r\n` : ''}\r\n`;
    return Buffer.concat([Buffer.from(headers), Buffer.from(l.body), Buffer.from('\r\n')]);
  }
  const chunks: Buffer[] = [Buffer.from(`Content-Type: multipart/mixed; boundary="${p.boundary}"\r\n\r\npreamble\r\n`)];
  for (const child of p.parts) chunks.push(Buffer.from(`--${p.boundary}\r\n`), render(child));
  if (p.close) chunks.push(Buffer.from(`--${p.boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const generatedMail = fc
  .record({ id: fc.nat(), from: headerValue, subject: headerValue, extra: fc.array(fc.tuple(fc.constantFrom('To', 'Cc', 'Reply-To', 'References', 'In-Reply-To', 'Date', 'X-Any'), headerValue), { maxLength: 5 }), body: part })
  .map(({ id, from, subject, extra, body }) =>
    Buffer.concat([
      Buffer.from(`From: ${from} <sender@ex.com>\r\nSubject: ${subject}\r\nMessage-ID: <${id}@gen.test>\r\n${extra.map(([k, v]) => `${k}: ${v}\r\n`).join('')}`),
      render(body),
    ]),
  );
