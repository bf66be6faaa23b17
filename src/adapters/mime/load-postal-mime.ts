/**
 * The one place that loads postal-mime (type imports aside). postal-mime decodes every charset with
 * `new TextDecoder(label)`, the global, in bodies (8bit, quoted-printable, base64), HTML parts,
 * RFC 2047 encoded words (subject, display names) and RFC 2231 parameters, and keeps one decoder per
 * label. Installing WhatwgTextDecoder before the module is first loaded means every decoder it
 * creates is the standard one for single-byte charsets: no other hook reaches all of those paths.
 */
import { installWhatwgTextDecoder } from './whatwg-text-decoder.js';

type PostalMimeModule = typeof import('postal-mime');

let loaded: Promise<PostalMimeModule> | undefined;

/** postal-mime, loaded on first use (commands that never parse mail start faster). */
export function loadPostalMime(): Promise<PostalMimeModule> {
  if (!loaded) {
    installWhatwgTextDecoder();
    loaded = import('postal-mime');
  }
  return loaded;
}
