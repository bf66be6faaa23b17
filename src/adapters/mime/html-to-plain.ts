import { formatTable } from './html-tables.js';

type Converter = (html: string) => string;
let converter: Promise<Converter> | undefined;

/**
 * Readable text from HTML mail. Links keep their address; images and scripts are dropped, never
 * fetched. Tables print one row per line, cells separated by " | " (html-tables.ts). The whole
 * document is converted, not only <body>: mailing lists append footers after </html>, and broken
 * mail has text before <body> or after </body>, which a mail client shows too.
 */
export async function htmlToPlain(html: string): Promise<string> {
  // Loaded on first use (most commands never meet HTML) and compiled once: compiling the selectors is most of the cost.
  converter ??= import('html-to-text').then(({ compile }) =>
    compile({
      wordwrap: false,
      baseElements: { selectors: [], returnDomByDefault: true },
      formatters: { mailTable: formatTable },
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'title', format: 'skip' },
        { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
        { selector: 'blockquote', format: 'blockquote', options: { trimEmptyLines: true } },
        { selector: 'table', format: 'mailTable', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      ],
      limits: { maxInputLength: 5_000_000 },
    }),
  );
  return (await converter)(html);
}
