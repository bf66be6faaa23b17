/**
 * A reply's bytes are canonical CRLF from the moment they are composed: SMTP repairs bare LF on the
 * wire but IMAP APPEND does not (Cyrus: "NO Message contains bare newlines").
 */
import { describe, expect, it } from 'vitest';
import { NodemailerComposer } from '../../../src/adapters/smtp/mime-composer.js';
import { canonicalCrlf } from '../../../src/core/domain/line-endings.js';

const bareEnds = (s: string) => (s.match(/(?<!\r)\n|\r(?!\n)/g) ?? []).length;

describe('reply line endings', () => {
  it.each([
    ['plain LF lines', 'Thanks.\nIt left today.\n'],
    ['quoted-printable text', 'Hyvää päivää\nrivi kaksi\n> lainaus\n'],
    ['a bare CR and CRLF mixed', 'a\r\nb\rc\n'],
    ['long soft-wrapped lines', `${'x'.repeat(100)} ä\n${'y'.repeat(300)}\n`],
  ])('%s: no bare LF or CR anywhere', async (_name, text) => {
    const raw = await new NodemailerComposer().compose({ from: { name: 'Riitta', email: 'r@shop.example' }, to: [{ name: 'Anna', email: 'a@example.com' }], subject: 'Re: x', text, messageId: '<m@shop.example>', date: new Date(0) });
    expect(bareEnds(Buffer.from(raw).toString('latin1'))).toBe(0);
  });

  it('canonicalCrlf turns LF, CR and CRLF into CRLF and leaves other bytes alone', () => {
    const out = Buffer.from(canonicalCrlf(Buffer.from('a\nb\rc\r\nd\n\n\xff', 'latin1'))).toString('latin1');
    expect(out).toBe('a\r\nb\r\nc\r\nd\r\n\r\n\xff');
    const clean = Buffer.from('x\r\n');
    expect(canonicalCrlf(clean)).toBe(clean);
  });
});
