/**
 * A last-resort header reader for mail the MIME parser rejects: enough to thread and list it.
 * Reads only the header block (bounded), unfolds lines, decodes encoded words.
 */
import type { Address } from '../../core/domain/address.js';
import { loadPostalMime } from './load-postal-mime.js';

const postalMime = loadPostalMime;

const maxHeaderBytes = 256 * 1024;

export function scanHeaders(raw: Uint8Array): Map<string, string> {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, maxHeaderBytes)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
  }
  return headers;
}

export async function decodeHeader(value: string | undefined): Promise<string> {
  if (!value) return '';
  try {
    return (await postalMime()).decodeWords(value);
  } catch {
    return value;
  }
}

export async function parseAddresses(value: string | undefined): Promise<Address[]> {
  if (!value) return [];
  try {
    return (await postalMime())
      .addressParser(value, { flatten: true })
      .filter((a) => a.address)
      .map((a) => ({ name: a.name ?? '', email: (a.address ?? '').trim().toLowerCase() }));
  } catch {
    return [];
  }
}
