type Converter = (html: string) => string;
let converter: Promise<Converter> | undefined;

/** Readable text from HTML mail. Links keep their address; images and scripts are dropped, never fetched. */
export async function htmlToPlain(html: string): Promise<string> {
  // Loaded on first use (most commands never meet HTML) and compiled once: compiling the selectors is most of the cost.
  converter ??= import('html-to-text').then(({ compile }) =>
    compile({
      wordwrap: false,
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
        { selector: 'blockquote', format: 'blockquote', options: { trimEmptyLines: true } },
      ],
      limits: { maxInputLength: 5_000_000 },
    }),
  );
  return (await converter)(html);
}
