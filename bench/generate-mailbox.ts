/**
 * A deterministic generator of realistic support mail: customers writing to a shop in several
 * languages, the shop answering (threaded, quoting), HTML-only mail, attachments, replies from clients
 * that drop threading headers. The same seed gives the same bytes, so benchmarks compare like for like.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const shop = { name: 'Riitta Virtanen', email: 'riitta@shop.example' };

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['Anna', 'Mikko', 'Lukas', 'Emma', 'Sofia', 'Oskar', 'Maria', 'Pierre', 'Yuki', 'Carlos', 'Priya', 'Noah', 'Eeva', 'Jonas', 'Grace', 'Ahmed', 'Lotte', 'Liam', 'Hannah', 'Tom', 'Aino', 'Matti', 'Sven', 'Ingrid', 'Chloé', 'Mateo', 'Olga', 'Kenji', 'Fatima', 'Björn'];
const lastNames = ['Korhonen', 'Virtanen', 'Schmidt', 'Johansson', 'Martin', 'Rossi', 'García', 'Tanaka', 'Nair', 'Williams', 'Mäkinen', 'Müller', 'Kim', 'Hassan', 'de Vries', 'Brown', 'Nieminen', 'Dubois', 'Novak', 'Lee'];
const domains = ['example.com', 'example.fi', 'example.de', 'example.se', 'example.fr', 'example.jp', 'example.es', 'mail.example'];
const products = ['Koli boots', 'Aalto ankle boots', 'Sauna sneakers', 'Pallas sandals', 'Lumi winter boots', 'Ruska loafers', 'Kivi hiking shoes', 'Meri slip-ons'];
const topics = [
  { subject: (o: number, p: string) => `Order ${o}: ${p} too small`, lines: ['The {p} I ordered are half a size too small.', 'Could I exchange them for one size up?', 'I still have the original box.'] },
  { subject: (o: number) => `Where is my order ${o}?`, lines: ['My order {o} has not arrived yet.', 'The tracking page has not changed for four days.', 'Could you check with the carrier?'] },
  { subject: (o: number) => `Refund for order ${o}`, lines: ['I sent the {p} back last week.', 'When can I expect the refund?', 'The return tracking says it was delivered.'] },
  { subject: (_o: number, p: string) => `Question about ${p}`, lines: ['Are the {p} waterproof?', 'Do they run true to size?', 'I usually wear 39 in other brands.'] },
  { subject: (o: number) => `Invoice for order ${o}`, lines: ['Could you send an invoice with our company name for order {o}?', 'Our VAT number is FI12345678.'] },
  { subject: (_o: number, p: string) => `Sole coming loose on my ${p}`, lines: ['After three weeks the sole of the {p} is coming loose at the toe.', 'Is this covered by the warranty?', 'I can send photos.'] },
  { subject: (o: number) => `Kengät liian pienet (tilaus ${o})`, lines: ['Tilaamani {p} ovat liian pienet.', 'Voinko vaihtaa ne isompaan kokoon?', 'Kiitos nopeasta vastauksesta!'] },
  { subject: (o: number) => `Rücksendung Bestellung ${o}`, lines: ['Ich habe die {p} zurückgeschickt.', 'Wann bekomme ich mein Geld zurück?', 'Mit freundlichen Grüßen'] },
  { subject: (o: number) => `Leverans av order ${o}`, lines: ['Min order {o} har inte kommit fram.', 'Kan ni kontrollera spårningen?'] },
  { subject: (o: number) => `注文${o}について`, lines: ['注文した{p}がまだ届きません。', '追跡番号を教えていただけますか？'] },
];
const shopLines = ['Thank you for writing, and sorry for the trouble.', 'I checked with the carrier this morning.', 'I have sent you a free return label.', 'The new pair leaves our warehouse tomorrow.', 'The refund was made today; it shows on your account in 3–5 days.', 'Yes, the {p} are fully waterproof.'];

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function address(name: string, email: string): string {
  return name ? `${encodeWord(name)} <${email}>` : email;
}

export type GeneratedMessage = { raw: string; date: number; messageId: string };

/** Yields `count` messages in date order. */
export function* generateMessages(count: number, seed = 1): Generator<GeneratedMessage> {
  const random = mulberry32(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const customers = Array.from({ length: Math.max(1, Math.floor(count / 6)) }, (_, i) => {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const email = `${first}.${last}.${i}`.toLowerCase().normalize('NFKD').replace(/[^\x00-\x7f]/g, '').replace(/[^a-z0-9.]/g, '') + `@${pick(domains)}`;
    return { name: random() < 0.05 ? '' : `${first} ${last}`, email };
  });
  const start = Date.UTC(2024, 0, 1);
  const span = 2 * 365 * 86_400_000;
  let produced = 0;
  let thread = 0;
  let clock = start;
  while (produced < count) {
    const customer = pick(customers);
    const topic = pick(topics);
    const order = 10_000 + Math.floor(random() * 90_000);
    const product = pick(products);
    const subject = topic.subject(order, product);
    const length = Math.min(count - produced, 1 + Math.floor(-Math.log(1 - random()) * 2));
    const ids: string[] = [];
    let previousText = '';
    let previousFrom = '';
    let when = (clock += Math.floor(((span * length) / count) * (0.5 + random())));
    for (let turn = 0; turn < length; turn++) {
      const isShop = turn % 2 === 1;
      when += Math.floor(random() * 2 * 86_400_000);
      const messageId = `<gen-${seed}-${thread}-${turn}@${isShop ? 'shop.example' : customer.email.split('@')[1]}>`;
      const fill = (line: string) => line.replace('{p}', product).replace('{o}', String(order));
      const greeting = isShop ? `Hi ${customer.name.split(' ')[0] || 'there'},` : 'Hello,';
      const lines = isShop ? [pick(shopLines), pick(shopLines)] : topic.lines.slice(0, 1 + Math.floor(random() * topic.lines.length));
      let text = `${greeting}\n\n${lines.map(fill).join('\n')}\n\n${isShop ? shop.name : customer.name || 'Best regards'}\n`;
      const dropsHeaders = turn > 0 && random() < 0.03;
      if (turn > 0 && random() < 0.6) text += `\nOn ${new Date(when - 3_600_000).toUTCString()}, ${previousFrom} wrote:\n${previousText.split('\n').map((l) => `> ${l}`).join('\n')}\n`;
      const headers = [
        `From: ${isShop ? address(shop.name, shop.email) : address(customer.name, customer.email)}`,
        `To: ${isShop ? address(customer.name, customer.email) : address(shop.name, shop.email)}`,
        `Subject: ${encodeWord(turn === 0 ? subject : `Re: ${subject}`)}`,
        `Date: ${new Date(when).toUTCString().replace('GMT', '+0000')}`,
        `Message-ID: ${messageId}`,
        'MIME-Version: 1.0',
      ];
      if (turn > 0 && !dropsHeaders) headers.push(`In-Reply-To: ${ids[ids.length - 1]}`, `References: ${ids.join(' ')}`);
      let body: string;
      const kind = random();
      if (kind < 0.08) {
        headers.push('Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
        body = `<html><body>${text.split('\n\n').map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('')}</body></html>\n`;
      } else if (kind < 0.13) {
        const boundary = `b-${thread}-${turn}`;
        headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
        const attachment = Buffer.from(`order,${order}\nproduct,${product}\n`.repeat(20)).toString('base64').replace(/.{76}/g, '$&\n');
        body = `--${boundary}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${text}\n--${boundary}\nContent-Type: text/csv; name="order-${order}.csv"\nContent-Disposition: attachment; filename="order-${order}.csv"\nContent-Transfer-Encoding: base64\n\n${attachment}\n--${boundary}--\n`;
      } else {
        headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
        body = text;
      }
      yield { raw: `${headers.join('\n')}\n\n${body}`, date: when, messageId };
      ids.push(messageId);
      previousText = text;
      previousFrom = isShop ? shop.name : customer.name || customer.email;
      produced++;
    }
    thread++;
  }
}

/** Writes `count` generated messages as an mboxrd file. */
export async function writeMbox(path: string, count: number, seed = 1): Promise<void> {
  const out = createWriteStream(path);
  for (const m of generateMessages(count, seed)) {
    const quoted = m.raw.replace(/^(>*From )/gm, '>$1');
    if (!out.write(`From generator@h2h.invalid ${new Date(m.date).toUTCString()}\n${quoted}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
