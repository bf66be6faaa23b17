/**
 * Expected values for the WHATWG single-byte encodings, independent of the decoder h2h ships:
 * the labels are the Encoding Standard's table (https://encoding.spec.whatwg.org/encodings.json,
 * "Legacy single-byte encodings" plus x-user-defined), the code points come from the standard's
 * index files as packaged in @zxing/text-encoding (another implementation, with its own copy of the
 * indexes), and x-user-defined is the standard's formula (0xF780 + byte - 0x80).
 */
import { createRequire } from 'node:module';

/** Every WHATWG label, by the single-byte encoding it names. */
export const singleByteLabels: Record<string, string[]> = {
  ibm866: ['866', 'cp866', 'csibm866', 'ibm866'],
  'iso-8859-2': ['csisolatin2', 'iso-8859-2', 'iso-ir-101', 'iso8859-2', 'iso88592', 'iso_8859-2', 'iso_8859-2:1987', 'l2', 'latin2'],
  'iso-8859-3': ['csisolatin3', 'iso-8859-3', 'iso-ir-109', 'iso8859-3', 'iso88593', 'iso_8859-3', 'iso_8859-3:1988', 'l3', 'latin3'],
  'iso-8859-4': ['csisolatin4', 'iso-8859-4', 'iso-ir-110', 'iso8859-4', 'iso88594', 'iso_8859-4', 'iso_8859-4:1988', 'l4', 'latin4'],
  'iso-8859-5': ['csisolatincyrillic', 'cyrillic', 'iso-8859-5', 'iso-ir-144', 'iso8859-5', 'iso88595', 'iso_8859-5', 'iso_8859-5:1988'],
  'iso-8859-6': ['arabic', 'asmo-708', 'csiso88596e', 'csiso88596i', 'csisolatinarabic', 'ecma-114', 'iso-8859-6', 'iso-8859-6-e', 'iso-8859-6-i', 'iso-ir-127', 'iso8859-6', 'iso88596', 'iso_8859-6', 'iso_8859-6:1987'],
  'iso-8859-7': ['csisolatingreek', 'ecma-118', 'elot_928', 'greek', 'greek8', 'iso-8859-7', 'iso-ir-126', 'iso8859-7', 'iso88597', 'iso_8859-7', 'iso_8859-7:1987', 'sun_eu_greek'],
  'iso-8859-8': ['csiso88598e', 'csisolatinhebrew', 'hebrew', 'iso-8859-8', 'iso-8859-8-e', 'iso-ir-138', 'iso8859-8', 'iso88598', 'iso_8859-8', 'iso_8859-8:1988', 'visual'],
  'iso-8859-8-i': ['csiso88598i', 'iso-8859-8-i', 'logical'],
  'iso-8859-10': ['csisolatin6', 'iso-8859-10', 'iso-ir-157', 'iso8859-10', 'iso885910', 'l6', 'latin6'],
  'iso-8859-13': ['iso-8859-13', 'iso8859-13', 'iso885913'],
  'iso-8859-14': ['iso-8859-14', 'iso8859-14', 'iso885914'],
  'iso-8859-15': ['csisolatin9', 'iso-8859-15', 'iso8859-15', 'iso885915', 'iso_8859-15', 'l9'],
  'iso-8859-16': ['iso-8859-16'],
  'koi8-r': ['cskoi8r', 'koi', 'koi8', 'koi8-r', 'koi8_r'],
  'koi8-u': ['koi8-ru', 'koi8-u'],
  macintosh: ['csmacintosh', 'mac', 'macintosh', 'x-mac-roman'],
  'windows-874': ['dos-874', 'iso-8859-11', 'iso8859-11', 'iso885911', 'tis-620', 'windows-874'],
  'windows-1250': ['cp1250', 'windows-1250', 'x-cp1250'],
  'windows-1251': ['cp1251', 'windows-1251', 'x-cp1251'],
  'windows-1252': [
    'ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100', 'iso8859-1',
    'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252', 'x-cp1252',
  ],
  'windows-1253': ['cp1253', 'windows-1253', 'x-cp1253'],
  'windows-1254': ['cp1254', 'csisolatin5', 'iso-8859-9', 'iso-ir-148', 'iso8859-9', 'iso88599', 'iso_8859-9', 'iso_8859-9:1989', 'l5', 'latin5', 'windows-1254', 'x-cp1254'],
  'windows-1255': ['cp1255', 'windows-1255', 'x-cp1255'],
  'windows-1256': ['cp1256', 'windows-1256', 'x-cp1256'],
  'windows-1257': ['cp1257', 'windows-1257', 'x-cp1257'],
  'windows-1258': ['cp1258', 'windows-1258', 'x-cp1258'],
  'x-mac-cyrillic': ['x-mac-cyrillic', 'x-mac-ukrainian'],
  'x-user-defined': ['x-user-defined'],
};

/** The spellings mail uses most for windows-1252, beyond the lower-case labels. */
export const windows1252Spellings = ['ISO-8859-1', 'Windows-1252', 'US-ASCII', 'CP1252', 'Latin1', 'ISO_8859-1:1987', ' iso-8859-1 '];

const indexes = (createRequire(import.meta.url)('@zxing/text-encoding/cjs/encoding-indexes.js') as { encodingIndexes: Record<string, (number | null)[]> }).encodingIndexes;

/** What bytes 0x80-0xFF decode to under `encoding`, by byte - 0x80 (U+FFFD where the index has no entry). */
export function expectedHighHalf(encoding: string): string[] {
  if (encoding === 'x-user-defined') return Array.from({ length: 128 }, (_, i) => String.fromCodePoint(0xf780 + i));
  const index = indexes[encoding === 'iso-8859-8-i' ? 'iso-8859-8' : encoding];
  if (!index || index.length !== 128) throw new Error(`no single-byte index for ${encoding}`);
  return index.map((cp) => (cp === null ? '\uFFFD' : String.fromCodePoint(cp)));
}

/** "0x80 gave U+0080, want U+20AC" for each byte whose decoded character differs; [] when all agree. */
export function wrongBytes(bytes: number[], got: string, expected: string[]): string[] {
  const chars = [...got];
  const hex = (c: string | undefined) => (c === undefined ? 'nothing' : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  if (chars.length !== bytes.length) return [`${bytes.length} bytes gave ${chars.length} characters: ${chars.map(hex).join(' ')}`];
  return bytes.flatMap((b, i) => (chars[i] === expected[b - 0x80] ? [] : [`0x${b.toString(16)} gave ${hex(chars[i])}, want ${hex(expected[b - 0x80])}`]));
}
