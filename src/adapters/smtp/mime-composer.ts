/**
 * A reply as RFC 5322 bytes, built by nodemailer's MailComposer: UTF-8 text (quoted-printable when
 * needed), encoded-word headers, our own Message-ID and Date, In-Reply-To/References. Header values
 * are already free of control characters (core/domain/reply.ts); nodemailer folds and encodes them.
 */
import { canonicalCrlf } from '../../core/domain/line-endings.js';
import type { MessageComposer, OutgoingMessage } from '../../core/ports/mail-sender.js';

/** Longest run without white space kept in a name or subject (the pattern in `foldable` says 201). */
const maxWordLength = 200;

/**
 * nodemailer folds a header at white space and inside encoded words, but leaves plain ASCII
 * without spaces as one line: a customer's 1,200-letter display name, repeated in To:, made a line
 * past RFC 5322's 998. A longer run is cut, ending in "…", which also makes nodemailer encode the
 * value as (folded) encoded words. Message-IDs are limited in core/domain/reply.ts.
 */
function foldable(value: string): string {
  return value.replace(/\S{201,}/g, (word) => `${[...word].slice(0, maxWordLength).join('')}…`);
}

export class NodemailerComposer implements MessageComposer {
  async compose(m: OutgoingMessage): Promise<Uint8Array> {
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
    const mail = new MailComposer({
      from: { name: foldable(m.from.name), address: m.from.email },
      to: m.to.map((a) => ({ name: foldable(a.name), address: a.email })),
      // No Bcc here: its recipients are in the SMTP envelope only, so nobody sees who else got it.
      ...(m.cc?.length ? { cc: m.cc.map((a) => ({ name: foldable(a.name), address: a.email })) } : {}),
      subject: foldable(m.subject),
      text: m.text,
      messageId: m.messageId,
      date: m.date,
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
      ...(m.references?.length ? { references: m.references } : {}),
      ...(m.attachments?.length ? { attachments: m.attachments.map((a) => ({ filename: a.name, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength), contentDisposition: 'attachment' as const, ...(a.type ? { contentType: a.type } : {}) })) } : {}),
      ...(m.headers ? { headers: m.headers } : {}),
      // No "X-Mailer: nodemailer": the reply comes from a person.
      xMailer: false,
    });
    // nodemailer leaves the text's own LF line ends bare in the body.
    return canonicalCrlf(await mail.compile().build());
  }
}
