import { describe, expect, it } from 'vitest';
import { contentFingerprint } from '../../../src/core/domain/message-content.js';

const mail = (head: string, body: string) => Buffer.from(`${head}\r\n\r\n${body}`);
const head = 'From: a@x\r\nTo: b@y\r\nSubject: Hi\r\nMessage-ID: <id@x>';

describe('contentFingerprint', () => {
  it('is the same for header order, folding, line endings, delivery and mailbox fields', () => {
    const fp = contentFingerprint(mail(head, 'Hello\r\n'));
    expect(contentFingerprint(mail('Subject: Hi\r\nMessage-ID: <id@x>\r\nTo: b@y\r\nFrom: a@x', 'Hello\r\n'))).toBe(fp);
    expect(contentFingerprint(mail(head.replace('Subject: Hi', 'Subject:\r\n  Hi'), 'Hello'))).toBe(fp);
    expect(contentFingerprint(Buffer.from(`${head.replace(/\r\n/g, '\n')}\n\nHello\n\n`))).toBe(fp);
    expect(contentFingerprint(mail(`Received: from a by b\r\n\tid 1\r\nResent-From: c@z\r\nArchived-At: <http://arch/1>\r\nX-UID: 7\r\nX-Spam-Score: 3\r\n${head}`, 'Hello'))).toBe(fp);
  });

  it('differs for another body, another value, one more field', () => {
    const fp = contentFingerprint(mail(head, 'Hello'));
    for (const other of [mail(head, 'Hello!'), mail(head.replace('Hi', 'Hi 2'), 'Hello'), mail(`${head}\r\nX-Form-Id: 2`, 'Hello'), mail(head.replace('b@y', 'c@y'), 'Hello')]) {
      expect(contentFingerprint(other)).not.toBe(fp);
    }
  });

  it('reads pathological bodies in linear time', () => {
    for (const body of ['\n'.repeat(2_000_000) + 'x', '>'.repeat(2_000_000) + 'From x', '\r'.repeat(2_000_000), `${' '.repeat(1_000_000)}:\n`.repeat(2)]) {
      // CPU time, not wall time: a loaded machine must not fail it. Quadratic work on 2 MB would take hours; linear takes well under a second.
      const started = process.cpuUsage();
      contentFingerprint(mail(head, body));
      const used = process.cpuUsage(started);
      expect((used.user + used.system) / 1000).toBeLessThan(3000);
    }
  });
});
