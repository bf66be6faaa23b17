import { convert } from 'html-to-text';

/** Readable text from HTML mail. Links keep their address; images and scripts are dropped, never fetched. */
export function htmlToPlain(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'blockquote', format: 'blockquote', options: { trimEmptyLines: true } },
    ],
    limits: { maxInputLength: 5_000_000 },
  });
}
