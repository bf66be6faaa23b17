/**
 * A reply as RFC 5322 bytes, built by nodemailer's MailComposer: UTF-8 text (quoted-printable when
 * needed), encoded-word headers, our own Message-ID and Date, In-Reply-To/References. Header values
 * are already free of control characters (core/domain/reply.ts); nodemailer folds and encodes them.
 */
import type { MessageComposer, OutgoingMessage } from '../../core/ports/mail-sender.js';

export class NodemailerComposer implements MessageComposer {
  async compose(m: OutgoingMessage): Promise<Uint8Array> {
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
    const mail = new MailComposer({
      from: { name: m.from.name, address: m.from.email },
      to: m.to.map((a) => ({ name: a.name, address: a.email })),
      subject: m.subject,
      text: m.text,
      messageId: m.messageId,
      date: m.date,
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
      ...(m.references?.length ? { references: m.references } : {}),
      // No "X-Mailer: nodemailer": the reply comes from a person.
      xMailer: false,
    });
    return mail.compile().build();
  }
}
