import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToPlain } from '../../../src/adapters/mime/html-to-plain.js';
import { loadPostalMime } from '../../../src/adapters/mime/load-postal-mime.js';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { corpus } from '../../helpers/corpus.js';

const read = (name: string) => readFileSync(corpus('mime', name));
const htmlOf = async (name: string) => (await (await loadPostalMime()).default.parse(read(name))).html ?? '';
const lines = (text: string) => text.split('\n').map((l) => l.trim());

/** An order confirmation as shops send them: layout tables around an item table, totals, addresses. */
const orderConfirmation = `<!DOCTYPE html>
<html><head><title>Order 10455</title><style>td { padding: 4px }</style></head>
<body>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
  <table width="600"><tr><td>
    <h1>Thank you for your order!</h1>
    <p>Order <b>#10455</b> was placed on 2 December 2026.</p>
  </td></tr>
  <tr><td>
    <table class="items">
      <thead><tr><th>Item</th><th>Size</th><th>Qty</th><th>Price</th></tr></thead>
      <tbody>
        <tr><td><img src="https://shop.example/shoe.jpg" alt=""></td><td>Running shoe Aurora</td><td>38</td><td>1</td><td>89,00&nbsp;€</td></tr>
        <tr><td><img src="https://shop.example/sock.jpg" alt=""></td><td>Wool socks<br>2-pack</td><td>36–39</td><td>2</td><td>24,00&nbsp;€</td></tr>
      </tbody>
      <tfoot>
        <tr><td colspan="4">Subtotal</td><td>113,00&nbsp;€</td></tr>
        <tr><td colspan="4">Shipping</td><td>0,00&nbsp;€</td></tr>
        <tr><th colspan="4">Total</th><th>113,00&nbsp;€</th></tr>
      </tfoot>
    </table>
  </td></tr>
  <tr><td>
    <table><tr>
      <td><b>Shipping address</b><br>Anna Virtanen<br>Mannerheimintie 1<br>00100 Helsinki</td>
      <td><b>Payment</b><ul><li>Visa •••• 4242</li><li>Paid</li></ul></td>
    </tr></table>
  </td></tr></table>
</td></tr></table>
<p>Questions? Just reply to this mail.</p>
</body>
</html>
`;

describe('htmlToPlain', () => {
  it('prints a table row per line, cells separated by " | "', async () => {
    expect(await htmlToPlain('<table><tr><th>Item</th><th>Size</th></tr><tr><td>Shoe</td><td>38</td></tr></table>')).toBe('Item | Size\nShoe | 38');
  });

  it('keeps an order confirmation readable: items, totals and addresses row by row, inside layout tables', async () => {
    const text = lines(await htmlToPlain(orderConfirmation));
    expect(text).toEqual(
      expect.arrayContaining([
        'THANK YOU FOR YOUR ORDER!',
        'Order #10455 was placed on 2 December 2026.',
        'Item | Size | Qty | Price',
        'Running shoe Aurora | 38 | 1 | 89,00\u00a0€',
        'Wool socks / 2-pack | 36–39 | 2 | 24,00\u00a0€',
        'Subtotal | 113,00\u00a0€',
        'Shipping | 0,00\u00a0€',
        'Total | 113,00\u00a0€',
        'Shipping address / Anna Virtanen / Mannerheimintie 1 / 00100 Helsinki | Payment / * Visa •••• 4242 / * Paid',
        'Questions? Just reply to this mail.',
      ]),
    );
    expect(text.join('\n')).not.toContain('Order 10455'); // the <title>
    expect(text.join('\n')).not.toContain('padding'); // the <style>
  });

  it('keeps a layout cell\'s paragraphs as paragraphs', async () => {
    expect(await htmlToPlain('<table><tr><td><p>First paragraph.</p><p>Second paragraph.</p></td></tr></table>')).toBe('First paragraph.\n\nSecond paragraph.');
  });

  it('prints a nested data table inside a two-column layout row as rows, not one line', async () => {
    const html = '<table><tr><td><table><tr><td>Size</td><td>38</td></tr><tr><td>Colour</td><td>blue</td></tr></table></td><td>Sidebar</td></tr></table>';
    expect(await htmlToPlain(html)).toBe('Size | 38\nColour | blue\n\nSidebar');
  });

  it('drops nothing placed oddly in a table: caption, stray text, elements and cells outside rows', async () => {
    const html = '<table><caption>Your items</caption>loose text<div>a div</div><tr><td>Shoe</td><td>38</td>row text</tr><td>lone cell</td></table>';
    const text = await htmlToPlain(html);
    for (const part of ['Your items', 'loose text', 'a div', 'Shoe | 38 | row text', 'lone cell']) expect(text).toContain(part);
  });

  it('keeps text before <body>, after </body> and after </html>', async () => {
    const html = '<html><head><title>t</title></head>before body<body><p>in body</p></body>after body</html>after html';
    const text = await htmlToPlain(html);
    for (const part of ['before body', 'in body', 'after body', 'after html']) expect(text).toContain(part);
    expect(text).not.toMatch(/^t$/m);
  });
});

describe('htmlToPlain on the MIME corpus', () => {
  it('notmuch html__embedded-image: the feed table and the metadata table, a row per line', async () => {
    const text = lines(await htmlToPlain(await htmlOf('notmuch/html__embedded-image.eml')));
    expect(text).toEqual(
      expect.arrayContaining([
        'Feed: | Förvaltnings AB Malmöborg [http://malmoborg.se]',
        'Item: | Tack alla trafikanter och fotgängare! [http://malmoborg.se/2016/07/tack-alla-trafikanter-och-fotgangare/]',
        'Date: | 2016-07-19 11:54:24 +0200',
        'Author: | malmoborg',
        'Filed under: | Nyheter',
      ]),
    );
  });

  it('the list footer after </html> (ltp-charset-big5-15) and text after it (mailparser mixed)', async () => {
    expect(await htmlToPlain(await htmlOf('real-world-ltp-list/ltp-charset-big5-15.eml'))).toContain('Mailing list info: https://lists.linux.it/listinfo/ltp');
    expect(await htmlToPlain(await htmlOf('mailparser/mixed.eml'))).toContain('Good Morning;');
  });

  it('HTML-only mail shows text after </body> but no attribute values (notmuch html__attribute-text)', async () => {
    const body = await new PostalMimeParser().body(read('notmuch/html__attribute-text.eml'));
    expect(body.text).toContain('hunter2');
    expect(body.text).not.toContain('swordfish');
  });

  it('HTML-only mail shows text before <html> and after </html> (mailparser spam)', async () => {
    const body = await new PostalMimeParser().body(read('mailparser/spam.eml'));
    expect(body.text.match(/Freundliche Grüße/g)).toHaveLength(2);
    expect(body.text).toContain('verdient er 35 Millionen Euro pro Jahr');
  });
});
