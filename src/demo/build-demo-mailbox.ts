/**
 * Builds the demo shop's mail as real MIME messages (nodemailer's MailComposer: encoded words,
 * base64 attachments, HTML), with dates counted back from `now` and proper threading headers.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { demoConversations, type DemoConversation } from './demo-conversations.js';

export const demoAgent = {
  name: 'Riitta Virtanen',
  email: 'riitta@shop.example',
  signature: 'Riitta Virtanen\nNordic Feet · shoes from Tampere · +358 40 123 4567',
  aliases: ['hello@shop.example'],
};

export type DemoMessage = { raw: Buffer; source: string };

function quote(text: string, name: string, at: Date): string {
  const when = at.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  return `\n\nOn ${when}, ${name} wrote:\n${text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')}`;
}

async function buildConversation(c: DemoConversation, index: number, now: number): Promise<DemoMessage[]> {
  const out: DemoMessage[] = [];
  const ids: string[] = [];
  const shop = { name: demoAgent.name, address: demoAgent.email };
  const customer = { name: c.customer.name, address: c.customer.email };
  for (const [t, turn] of c.turns.entries()) {
    const isShop = turn.who === 'shop';
    const date = new Date(now - turn.ago * 60_000);
    const domain = isShop ? 'shop.example' : (turn.from ?? c.customer.email).split('@')[1];
    const messageId = `<demo-${index}-${t}@${domain}>`;
    const previous = c.turns[t - 1];
    let text = turn.text;
    // Replies quote the message they answer, as mail clients do; every other one, to vary it.
    if (previous && !turn.htmlOnly && t % 2 === 1) {
      text += quote(previous.text.replace(/<[^>]+>/g, ''), previous.who === 'shop' ? demoAgent.name : c.customer.name || c.customer.email, new Date(now - previous.ago * 60_000));
    }
    const threaded = t > 0 && !turn.noThreadingHeaders;
    const composer = new MailComposer({
      from: isShop ? shop : turn.from ? { name: c.customer.name, address: turn.from } : customer,
      to: isShop ? customer : shop,
      cc: turn.cc,
      subject: t === 0 ? c.subject : `Re: ${c.subject.replace(/^re:\s*/i, '')}`,
      messageId,
      date,
      ...(turn.htmlOnly ? { html: turn.text } : { text }),
      ...(threaded ? { inReplyTo: ids[ids.length - 1], references: ids.join(' ') } : {}),
      attachments: turn.attachment ? [{ filename: turn.attachment.filename, contentType: turn.attachment.contentType, content: Buffer.from(turn.attachment.base64, 'base64') }] : [],
      headers: { 'X-Mailer': isShop ? 'h2h demo' : 'Demo Mail 1.0' },
    });
    out.push({ raw: await composer.compile().build(), source: `demo:${index}:${t}` });
    ids.push(messageId);
  }
  return out;
}

export async function buildDemoMailbox(now: number): Promise<DemoMessage[]> {
  const all = await Promise.all(demoConversations.map((c, i) => buildConversation(c, i, now)));
  return all.flat();
}
