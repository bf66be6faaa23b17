/**
 * What a bounce says, as each kind of server writes it: the Message-ID of the shop's mail that did
 * not arrive, to whom, and why in the owner's words; a delay warning is not a failure. Real DSNs
 * from the shared corpus (Postfix via Proofpoint, Amazon SES, a 1996 sendmail) and generated ones
 * in the layouts of Postfix, Exim, Microsoft 365, qmail and Gmail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { corpusDir } from '../../helpers/corpus.js';
import { delayWarning, eximBounce, microsoftBounce, postfixBounce, qmailBounce, type Bounced } from '../../helpers/bounce-samples.js';

const parser = new PostalMimeParser();
const corpus = join(corpusDir(), 'mime');
const original: Bounced = { messageId: '<reply-1@shop.example>', from: 'Riitta Virtanen <riitta@shop.example>', to: 'Anna Virtanen <anna@example.fi>', subject: 'Re: Wrong size', date: 'Thu, 03 Dec 2026 10:00:00 +0000' };
const later = 'Thu, 03 Dec 2026 10:05:00 +0000';

describe('reading a bounce', () => {
  it.each([
    ['Postfix', postfixBounce(original, later), 'mailbox full: 552 5.2.2 <anna@example.fi>: Recipient address rejected: Mailbox full'],
    ['Exim (prose, X-Failed-Recipients)', eximBounce(original, later), 'no such address: 550 5.1.1 User unknown'],
    ['Microsoft 365', microsoftBounce(original, later), 'the domain accepts no mail: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'],
    ['qmail (prose)', qmailBounce(original, later), 'no such address: 550 5.1.1 No such user here'],
  ])('%s: the original Message-ID, the recipient, the reason', async (_server, raw, reason) => {
    const parsed = await parser.parse(raw);
    expect(parsed.bounce).toEqual({ messageId: '<reply-1@shop.example>', recipients: ['anna@example.fi'], reason, failed: true });
  });

  it('takes a delay warning for news, not a failure', async () => {
    const parsed = await parser.parse(delayWarning(original, later));
    expect(parsed.bounce).toMatchObject({ messageId: '<reply-1@shop.example>', recipients: ['anna@example.fi'], failed: false });
    expect(parsed.bounce?.reason).toBe("no answer from the receiving server (still trying): The recipient server did not accept our requests to connect.");
  });

  it('reads the DSNs of the shared corpus, a base64 block inside the report too', async () => {
    const jitbit = await parser.parse(readFileSync(join(corpus, 'mimekit/messages/bounce.txt')));
    expect(jitbit.bounce).toMatchObject({ messageId: '<44565655.JitbitHelpdesk.13439.691a0afc-a0a0-457c-8208-f20b7c4a4cb1@jitbit.com>', recipients: ['netec.test@netecgc.com'], failed: true });
    const ses = await parser.parse(readFileSync(join(corpus, 'mailparser/delivery-status.eml')));
    expect(ses.bounce).toMatchObject({ recipients: ['xxxx@xxxx.com'], failed: true });
    expect(ses.bounce?.reason).toMatch(/^no such address: Amazon SES did not send the message/);
    const old = await parser.parse(readFileSync(join(corpus, 'mimekit/messages/delivery-status.txt')));
    expect(old.bounce).toMatchObject({ recipients: ['newsletter-request@imusic.com'], reason: '500 (err.nosuchuser)', failed: true });
  });

  it('keeps hostile reports bounded and on one line', async () => {
    const raw = postfixBounce({ ...original, to: `anna@example.fi` }, later).toString('latin1').replace('Status: 5.2.2', `Status: 5.2.2\r\nDiagnostic-Code: smtp; \x1b]0;pwned\x07${'x'.repeat(5000)}`).replace(/Diagnostic-Code: smtp; 552[^\r]*\r\n {4}full\r\n/, '');
    const parsed = await parser.parse(Buffer.from(raw, 'latin1'));
    expect(parsed.bounce?.reason.length).toBeLessThanOrEqual(300);
    expect(parsed.bounce?.reason).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('leaves people alone: no report on mail that is not a bounce', async () => {
    const person = Buffer.from('From: Anna <anna@example.fi>\r\nTo: riitta@shop.example\r\nSubject: Returned mail?\r\nMessage-ID: <p@example.fi>\r\n\r\nMessage-ID: <reply-1@shop.example> was mentioned\r\n');
    expect((await parser.parse(person)).bounce).toBeUndefined();
  });
});
