/**
 * A TextDecoder that decodes every WHATWG single-byte encoding itself and leaves all others to the
 * platform. Node 20.18.3+ decodes windows-1252 (and with it every label the Encoding Standard maps
 * to it: iso-8859-1, latin1, us-ascii, ascii, cp1252, ...) through its ISO-8859-1 fast path, so
 * bytes 0x80-0x9F (€ “ ” ‘ ’ – — … ™) come out as C1 controls (nodejs/node#60888, #56542); it also
 * gets iso-8859-16, koi8-u, windows-874/1253/1255 partly wrong and lacks x-user-defined. The tables
 * here are @exodus/bytes', a maintained implementation of the Encoding Standard, so the result no
 * longer depends on the Node version. UTF-8, UTF-16 and the multi-byte encodings stay native.
 */
import { TextDecoder as StandardTextDecoder, normalizeEncoding } from '@exodus/bytes/encoding-lite.js';

/** The Encoding Standard's legacy single-byte encodings (§9) and x-user-defined (§14.5), by name. */
const singleByteEncodings = new Set([
  'ibm866', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8',
  'iso-8859-8-i', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15', 'iso-8859-16', 'koi8-r', 'koi8-u',
  'macintosh', 'windows-874', 'windows-1250', 'windows-1251', 'windows-1252', 'windows-1253', 'windows-1254',
  'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258', 'x-mac-cyrillic', 'x-user-defined',
]);

/** The single-byte encoding a label names (any WHATWG label, any case, surrounding blanks), or undefined. */
export function singleByteEncoding(label: string): string | undefined {
  const name = normalizeEncoding(String(label));
  return name !== null && singleByteEncodings.has(name) ? name : undefined;
}

const PlatformTextDecoder = globalThis.TextDecoder;
type DecoderOptions = ConstructorParameters<typeof PlatformTextDecoder>[1];
type DecodeArgs = Parameters<InstanceType<typeof PlatformTextDecoder>['decode']>;

/** TextDecoder with the platform's API; single-byte labels decode through the standard's tables. */
export class WhatwgTextDecoder extends PlatformTextDecoder {
  readonly #singleByte: InstanceType<typeof StandardTextDecoder> | undefined;

  constructor(label: string = 'utf-8', options?: DecoderOptions) {
    const name = singleByteEncoding(label);
    // The platform half still validates the options and answers fatal/ignoreBOM.
    super(name ? 'utf-8' : label, options);
    this.#singleByte = name ? new StandardTextDecoder(name, options) : undefined;
    // The platform's `encoding` is a prototype getter; this one names what is really decoded.
    if (name) Object.defineProperty(this, 'encoding', { value: name, enumerable: true });
  }

  override decode(...[input, options]: DecodeArgs): string {
    return this.#singleByte ? this.#singleByte.decode(input, options) : super.decode(input, options);
  }
}

/**
 * Makes `new TextDecoder(label)` in this thread use WhatwgTextDecoder. Needed because postal-mime
 * builds its decoders that way, with no option to pass one (see load-postal-mime.ts). It only
 * changes results for single-byte labels, to what the standard (and a browser) gives.
 */
export function installWhatwgTextDecoder(): void {
  if (globalThis.TextDecoder !== WhatwgTextDecoder) globalThis.TextDecoder = WhatwgTextDecoder as typeof TextDecoder;
}
