/**
 * The MessageParser, loaded on its first use: postal-mime, the charset tables and the HTML converter
 * are a third of what a command would otherwise compile at start-up, and `h2h tag`, `list` and most
 * of `show` never parse mail (the index holds what they print).
 */
import type { MessageParser } from '../../core/ports/message-parser.js';

export function lazyParser(): MessageParser {
  let parser: Promise<MessageParser> | undefined;
  const get = () => (parser ??= import('./postal-mime-parser.js').then(({ PostalMimeParser }) => new PostalMimeParser()));
  return {
    parse: async (raw) => (await get()).parse(raw),
    body: async (raw) => (await get()).body(raw),
    text: async (raw) => (await get()).text(raw),
    attachmentFiles: async (raw) => (await get()).attachmentFiles(raw),
    // A header scan needs no MIME parser; loaded when first asked, as the parser is.
    deliveredTo: async (raw) => (await import('./header-scan.js')).deliveredTo(raw),
  };
}
