/**
 * Who the customer of a message is, through the real import: web forms and marketplace robots that
 * name the person in Reply-To, mail without a usable sender, and the subject rule never putting two
 * people together. The Sent-versus-INBOX case goes through the real Dovecot sync.
 */
import { describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../../mail-harness/mailbox.js';
import { syncFixture, syncServicesFor } from '../../helpers/sync-fixture.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import type { Services } from '../../../src/app/create-services.js';
import { plain, runCli } from '../../helpers/run-cli.js';
import { keys, renderTui } from '../../helpers/render-tui.js';

const shop = `${agent.name} <${agent.email}>`;
const day = (d: number) => `Mon, ${String(d).padStart(2, '0')} Nov 2026 10:00:00 +0000`;

/** A raw message with any header lines (From included or not), so missing and broken From can be written. */
function rawWith(headers: string[], body = 'Hello'): Buffer {
  return Buffer.from(`${[...headers, 'Content-Type: text/plain; charset=utf-8', '', body].join('\r\n')}\r\n`);
}

async function importAll(s: Services, raws: Buffer[], folder?: 'inbox' | 'sent' | 'other') {
  await s.importer.import(raws.map((r) => input(r)), folder ? { folder } : {});
  return (await s.conversations.list('')).sort((a, b) => a.firstMessageAt.localeCompare(b.firstMessageAt));
}

describe('who the customer is', () => {
  it('a web form sending as the shop’s own address: the person in Reply-To is the customer, with their name', async () => {
    const s = await servicesFor(fixture());
    const [c] = await importAll(s, [rawMessage({ from: `Website contact form <${agent.aliases[0]}>`, to: agent.aliases[0], subject: 'Order question', id: '<f1@shop.example>', headers: 'Reply-To: Maria Lopez <Maria@Ex.com>' })], 'inbox');
    expect(c.customer).toBe('maria@ex.com');
    expect(c.status).toBe('open');
    expect(s.conversations.customer('maria@ex.com')).toMatchObject({ name: 'Maria Lopez', firstName: 'Maria' });
    expect((await s.conversations.list('customer:maria')).map((x) => x.id)).toEqual([c.id]);
  });

  it('the shop writing only to itself stays with the shop in Sent, even with a Reply-To', async () => {
    const s = await servicesFor(fixture());
    const list = await importAll(s, [rawMessage({ from: shop, to: agent.aliases[0], subject: 'Note to self', id: '<n1@shop.example>', headers: 'Reply-To: Maria <maria@ex.com>' })], 'sent');
    expect(list.map((c) => c.customer)).toEqual([agent.email]);
  });

  const robots = ['noreply', 'no-reply', 'no_reply', 'noreply+orders', 'donotreply', 'do-not-reply', 'mailer-daemon', 'MAILER-DAEMON', 'postmaster', 'form', 'forms', 'webform', 'web-form', 'contact-form', 'contactform', 'wordpress', 'formmail', 'notifications'];
  it.each(robots)('a robot sender %s@… with one person in Reply-To: that person is the customer', async (local) => {
    const s = await servicesFor(fixture());
    const [c] = await importAll(s, [rawMessage({ from: `Shop robot <${local}@mail.marketplace.example>`, to: shop, subject: 'Buyer message', id: `<${local.toLowerCase()}@m.example>`, headers: 'Reply-To: "Bo Buyer" <bo@buyer.example>' })]);
    expect(c.customer).toBe('bo@buyer.example');
    expect(s.conversations.customer('bo@buyer.example').name).toBe('Bo Buyer');
  });

  it('an ordinary sender stays the customer whatever Reply-To says', async () => {
    const s = await servicesFor(fixture());
    const [c] = await importAll(s, [rawMessage({ from: 'Anna <anna@ex.com>', to: shop, subject: 'Size', id: '<a@ex.com>', headers: 'Reply-To: Office <office@ex.com>' })]);
    expect(c.customer).toBe('anna@ex.com');
  });

  it('the same person through the form twice with one subject: one conversation (the subject rule joins one customer’s mail)', async () => {
    const s = await servicesFor(fixture());
    const form = (n: number, who: string) => rawMessage({ from: 'Contact form <noreply@shop.example>', to: shop, subject: 'Order question', id: `<form${n}@shop.example>`, date: day(n), headers: `Reply-To: ${who}` });
    const list = await importAll(s, [form(2, 'maria@ex.com'), form(3, 'Maria <maria@ex.com>'), form(4, 'bo@buyer.example')]);
    expect(list.map((c) => [c.customer, c.messageCount])).toEqual([['maria@ex.com', 2], ['bo@buyer.example', 1]]);
  });

  // Each of these has no usable sender; two of each, all with the subject "Order question".
  const noSender: [string, (n: number) => string[]][] = [
    ['missing From', () => []],
    ['empty From', () => ['From: ']],
    ['From with a name only', () => ['From: Anna Virtanen']],
    ['From that is not an address', () => ['From: <>']],
    ['From as an empty group', () => ['From: undisclosed-recipients:;']],
    ['a robot From without Reply-To', () => ['From: Marketplace <noreply@marketplace.example>']],
    ['a robot From whose Reply-To names two people', (n) => ['From: Form <form@shop.example>', `Reply-To: a${n}@ex.com, b${n}@ex.com`]],
    ['a robot From whose Reply-To names the shop', () => ['From: Form <noreply@shop.example>', `Reply-To: ${agent.email}`]],
    ['a robot From whose Reply-To is a robot', () => ['From: Form <noreply@shop.example>', 'Reply-To: no-reply@shop.example']],
    ['the shop’s own address in INBOX without Reply-To', () => [`From: Form <${agent.aliases[0]}>`, `To: ${agent.aliases[0]}`]],
  ];
  it.each(noSender)('%s: each message is its own conversation, never merged by subject', async (_, headers) => {
    const s = await servicesFor(fixture());
    const raws = [1, 2].map((n) => rawWith([...headers(n), ...(headers(n).some((h) => h.startsWith('To:')) ? [] : [`To: ${shop}`]), 'Subject: Order question', `Message-ID: <ns${n}@form.example>`, `Date: ${day(n + 1)}`], `I am person ${n}`));
    const list = await importAll(s, raws, 'inbox');
    expect(list).toHaveLength(2);
    const [a, b] = list;
    for (const c of list) expect(c.customer).toMatch(/^unknown-[0-9a-f]{16}@invalid$/);
    expect(b.customer).not.toBe(a.customer);
    expect([a.messageCount, b.messageCount]).toEqual([1, 1]);
  });

  it('two different people with the subject "Order question": never one conversation, whichever way they came', async () => {
    const s = await servicesFor(fixture());
    const list = await importAll(s, [
      rawMessage({ from: 'Anna <anna@ex.com>', to: shop, subject: 'Order question', id: '<o1@ex.com>', date: day(2) }),
      rawMessage({ from: 'Bob <bob@ex.com>', to: shop, subject: 'Order question', id: '<o2@ex.com>', date: day(2) }),
      rawWith([`To: ${shop}`, 'Subject: Order question', 'Message-ID: <o3@form.example>', `Date: ${day(3)}`]),
      rawWith([`To: ${shop}`, 'Subject: Re: Order question', 'Message-ID: <o4@form.example>', `Date: ${day(3)}`]),
      rawMessage({ from: 'Form <noreply@shop.example>', to: shop, subject: 'Order question', id: '<o5@shop.example>', date: day(4), headers: 'Reply-To: carl@ex.com' }),
    ]);
    expect(list).toHaveLength(5);
    expect(new Set(list.map((c) => c.customer)).size).toBe(5);
  });

  it('the shop’s answer to a form’s mail goes to the person and joins their conversation', async () => {
    const s = await servicesFor(fixture());
    const list = await importAll(s, [
      rawMessage({ from: `Website <${agent.aliases[0]}>`, to: agent.aliases[0], subject: 'Return', id: '<r1@shop.example>', headers: 'Reply-To: maria@ex.com', date: day(2) }),
      rawMessage({ from: shop, to: 'maria@ex.com', subject: 'Re: Return', id: '<r2@shop.example>', irt: '<r1@shop.example>', date: day(3) }),
    ]);
    expect(list.map((c) => [c.customer, c.messageCount, c.status])).toEqual([['maria@ex.com', 2, 'waiting']]);
  });
});

describe('who the customer is, synced from a real Dovecot', () => {
  const { dovecot } = inject('mail');
  it('the shop’s own address with a person in Reply-To: a form’s mail in INBOX, the shop’s own in Sent', async () => {
    const f = await syncFixture(dovecot);
    const formMail = (n: number, subject: string) => rawMessage({ from: `Website <${agent.email}>`, to: agent.email, subject, id: `<sync-form${n}@shop.example>`, date: day(n), headers: 'Reply-To: Maria <maria@ex.com>' });
    await appendMessages(dovecot, f.user, 'INBOX', [formMail(2, 'Order question')]);
    await appendMessages(dovecot, f.user, 'Sent', [formMail(3, 'Reminder to self')], ['\\Seen']);
    const services = await syncServicesFor(f);
    await services.sync.sync();
    const list = await services.conversations.list('');
    expect(list.map((c) => [c.subject, c.customer]).sort()).toEqual([['Order question', 'maria@ex.com'], ['Reminder to self', agent.email]]);
  });
});

describe('one Message-ID, different content', () => {
  const anna = 'Anna Virtanen <anna@ex.com>';
  const base = { from: anna, to: shop, subject: 'Order question', id: '<reused@form.example>' };
  const first = rawMessage({ ...base, body: 'Where is order 1001?' });

  async function messagesOf(s: Services) {
    const list = await s.conversations.list('');
    const shown = await Promise.all(list.map((c) => s.conversations.show(c.id)));
    return shown.flatMap((d) => d.messages.map((m) => ({ conversation: d.conversation.id, text: m.body.text.trim(), shares: m.meta.sharesMessageId === true, warnings: m.body.warnings, id: m.meta.id })));
  }

  const sameMessage: [string, Buffer][] = [
    ['byte-identical', first],
    ['the headers in another order', Buffer.from(first.toString().replace(/^(From: .*\r\n)(To: .*\r\n)(Subject: .*\r\n)/, '$3$1$2'))],
    ['another delivery (Received, Delivered-To, Return-Path added)', Buffer.concat([Buffer.from('Return-Path: <anna@ex.com>\r\nDelivered-To: hello@shop.example\r\nReceived: from mx by imap; Mon, 02 Nov 2026 10:00:01 +0000\r\n'), first])],
    ['an mbox copy (Status, X-Status, bare LF, trailing blank line)', Buffer.from(`Status: RO\nX-Status: A\n${first.toString().replace(/\r\n/g, '\n')}\n\n`)],
    ['a header folded differently', Buffer.from(first.toString().replace('Subject: Order question', 'Subject: Order\r\n question'))],
  ];
  it.each(sameMessage)('%s: one message', async (_, again) => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(first)]);
    await s.importer.import([input(again)]);
    const shown = await messagesOf(s);
    expect(shown.map((m) => [m.text, m.shares])).toEqual([['Where is order 1001?', false]]);
  });

  const otherMessage: [string, Buffer][] = [
    ['another body', rawMessage({ ...base, body: 'And order 1002?' })],
    ['another date', rawMessage({ ...base, body: 'Where is order 1001?', date: 'Tue, 03 Nov 2026 10:00:00 +0000' })],
    ['one more header', rawMessage({ ...base, body: 'Where is order 1001?', headers: 'X-Relay: second path' })],
    ['another subject', rawMessage({ ...base, subject: 'Order question (2)', body: 'Where is order 1001?' })],
  ];
  it.each(otherMessage)('%s: both shown in the conversation, the second marked as sharing the id (across imports and within one)', async (_, second) => {
    for (const together of [false, true]) {
      const s = await servicesFor(fixture());
      if (together) await s.importer.import([input(first), input(second)]);
      else {
        await s.importer.import([input(first)]);
        expect(await s.importer.import([input(second)])).toMatchObject({ added: 1, copies: 0 });
      }
      const shown = await messagesOf(s);
      expect(shown).toHaveLength(2);
      expect(new Set(shown.map((m) => m.conversation)).size).toBe(1);
      expect(new Set(shown.map((m) => m.id)).size).toBe(2);
      expect(shown.map((m) => m.shares).sort()).toEqual([false, true]);
      expect(shown.find((m) => m.shares)!.warnings.join('\n')).toMatch(/same Message-ID <reused@form\.example>/);
      await s.importer.import([input(first), input(second)]);
      expect(await messagesOf(s)).toHaveLength(2); // and importing both again adds nothing
    }
  });

  it('a form reusing one id for two people: both shown, each in their own conversation', async () => {
    const s = await servicesFor(fixture());
    const form = (who: string, body: string) => rawMessage({ from: 'Form <noreply@shop.example>', to: shop, subject: 'Contact', id: '<form@shop.example>', headers: `Reply-To: ${who}`, body });
    await s.importer.import([input(form('maria@ex.com', 'I am Maria'))]);
    await s.importer.import([input(form('bo@buyer.example', 'I am Bo'))]);
    const list = await s.conversations.list('');
    expect(list.map((c) => c.customer).sort()).toEqual(['bo@buyer.example', 'maria@ex.com']);
    const shown = await messagesOf(s);
    expect(shown.map((m) => m.text).sort()).toEqual(['I am Bo', 'I am Maria']);
  });

  it('keeps a Message-ID with a quoted local part holding spaces as its id, and threads a reply to it', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: anna, to: shop, subject: 'Quoted', id: '<"Anna V 2026"@forms.example>' })),
      input(rawMessage({ from: shop, to: anna, subject: 'Re: Quoted', id: '<q2@shop.example>', irt: '<"Anna V 2026"@forms.example>', date: day(3) })),
    ]);
    const [c] = await s.conversations.list('');
    const d = await s.conversations.show(c.id);
    expect(d.messages.map((m) => [m.meta.messageId, m.meta.isSyntheticId, m.depth])).toEqual([
      ['<"Anna V 2026"@forms.example>', false, 0],
      ['<q2@shop.example>', false, 1],
    ]);
  });
});

describe('copies hidden by older versions', () => {
  const anna = 'Anna Virtanen <anna@ex.com>';
  const base = { from: anna, to: shop, subject: 'Order question', id: '<reused@form.example>' };

  /** A store as older versions left it: the second message under the id kept as a hidden copy, plus a true copy. */
  async function oldStore() {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import([input(rawMessage({ ...base, body: 'Where is order 1001?' }))]);
    const [c] = await s.conversations.list('');
    const seq = (await s.conversations.show(c.id)).messages[0].meta.seq;
    const hidden = await s.store.writeRaw(rawMessage({ ...base, body: 'Second mail: and order 1002?', date: day(5) }));
    const trueCopy = await s.store.writeRaw(Buffer.concat([Buffer.from('Received: from relay2 by mx; Mon, 02 Nov 2026 10:00:09 +0000\r\n'), rawMessage({ ...base, body: 'Where is order 1001?' })]));
    await s.store.transact((tx) => {
      tx.addCopy(seq, hidden);
      tx.addCopy(seq, trueCopy);
    });
    await s.store.close();
    return { f, seq, hidden, trueCopy };
  }

  it('are read again on open: the different one becomes a shown message, the true copy stays a copy, once', async () => {
    const { f, seq, trueCopy } = await oldStore();
    const s = await servicesFor(f);
    expect(s.store.keptCopies()).toEqual([{ seq, hashes: [trueCopy] }]);
    expect(s.store.copiesReviewed()).toBe(true);
    const [c] = await s.conversations.list('');
    const d = await s.conversations.show(c.id);
    expect(d.messages.map((m) => [m.body.text.trim(), m.meta.sharesMessageId === true])).toEqual([
      ['Where is order 1001?', false],
      ['Second mail: and order 1002?', true],
    ]);
    expect(c.status).toBe('open');
    const again = await servicesFor(f);
    expect((await again.conversations.get(c.id)).messageCount).toBe(2);
  });

  it('h2h show and the TUI show the second message; --json marks it sharesMessageId', async () => {
    const { f } = await oldStore();
    const [c] = await (await servicesFor(f)).conversations.list('');
    const shown = await runCli(['show', c.id], { env: f.env });
    expect(shown.exitCode).toBe(0);
    expect(plain(shown.stdout)).toContain('Second mail: and order 1002?');
    expect(plain(shown.stdout)).toMatch(/warning: another message has the same Message-ID <reused@form\.example>/);
    const json = JSON.parse((await runCli(['show', c.id, '--json'], { env: f.env })).stdout);
    expect(json.messages.map((m: { sharesMessageId: boolean; messageId: string }) => [m.messageId, m.sharesMessageId])).toEqual([
      ['<reused@form.example>', false],
      ['<reused@form.example>', true],
    ]);
    const t = renderTui(await servicesFor(f), { columns: 100, rows: 40 });
    await t.waitFor('Order question');
    t.press(keys.enter);
    await t.waitFor('Second mail: and order 1002?');
    expect(t.frame()).toContain('Where is order 1001?');
    t.unmount();
  });
});
