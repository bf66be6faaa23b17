// Every header line of a composed reply stays within RFC 5322's 998 characters, whatever the
// customer's mail carried: a 5,000-character Message-ID (In-Reply-To, References), ids filling
// References, a display name or subject that is one 1,200-character word.
import { describe, expect, it } from 'vitest';
import { NodemailerComposer } from '../../src/adapters/smtp/mime-composer.js';
import type { MessageMeta } from '../../src/core/domain/message.js';
import { replyRecipients, replySubject, threadHeaders } from '../../src/core/domain/reply.js';

function meta(extra: Partial<MessageMeta>): MessageMeta {
  return {
    seq: 1, id: 'm', messageId: '<m1@ex.com>', isSyntheticId: false, hash: 'h', size: 1, date: '2026-11-02T10:00:00Z',
    from: { name: 'Anna Korhonen', email: 'anna@ex.com' }, to: [], cc: [], replyTo: [], subject: 'Shoes', references: [], inReplyTo: [],
    inReplyToWellFormed: false, direction: 'in', customer: 'anna@ex.com', attachments: [], snippet: '', seenOnArrival: false, source: 't', ...extra,
  };
}

async function composedReplyTo(original: MessageMeta) {
  const { inReplyTo, references } = threadHeaders(original);
  const raw = await new NodemailerComposer().compose({
    from: { name: 'Shop', email: 'shop@shop.example' },
    to: replyRecipients(original),
    subject: replySubject(original.subject),
    text: 'Thanks!',
    messageId: '<r1@shop.example>',
    date: new Date('2026-11-03T10:00:00Z'),
    inReplyTo,
    references,
  });
  const text = Buffer.from(raw).toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  return { head, lines: head.split('\r\n') };
}

const hugeId = `<${'a'.repeat(5000)}@evil.example>`;

describe('composed header lines', () => {
  it('stay ≤998 characters with a 5,000-character Message-ID, which is left out of In-Reply-To and References', async () => {
    const { head, lines } = await composedReplyTo(meta({ messageId: hugeId, references: ['<root@ex.com>', `<${'b'.repeat(3000)}@x>`, '<mid@ex.com>'] }));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(998);
    expect(head).not.toContain('aaaa');
    expect(head).not.toMatch(/^In-Reply-To:/m);
    expect(head).toMatch(/^References: <root@ex\.com>\s+<mid@ex\.com>$/m);
  });

  it('stay ≤998 characters with 20 ids of 900 characters in References', async () => {
    const refs = Array.from({ length: 25 }, (_, i) => `<${String(i).padStart(3, '0')}${'r'.repeat(890)}@x>`);
    const { head, lines } = await composedReplyTo(meta({ references: refs }));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(998);
    expect(head).toContain('In-Reply-To: <m1@ex.com>');
    expect(head).toContain(refs[0]);
  });

  it('stay ≤998 characters when the display name and subject are one 1,200-character word', async () => {
    const { lines } = await composedReplyTo(meta({ from: { name: 'N'.repeat(1200), email: 'anna@ex.com' }, subject: 'S'.repeat(1200) }));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('keeps an ordinary id, name and subject as they are', async () => {
    const { head } = await composedReplyTo(meta({ references: ['<a@x>'] }));
    expect(head).toContain('In-Reply-To: <m1@ex.com>');
    expect(head).toContain('References: <a@x> <m1@ex.com>');
    expect(head).toContain('Subject: Re: Shoes');
    expect(head).toContain('To: Anna Korhonen <anna@ex.com>');
  });
});
