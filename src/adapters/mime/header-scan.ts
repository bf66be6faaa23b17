/**
 * A last-resort header reader for mail the MIME parser rejects: enough to thread and list it.
 * Reads only the header block (bounded), unfolds lines, decodes encoded words.
 */
import type { Address } from '../../core/domain/address.js';
import { loadPostalMime } from './load-postal-mime.js';
import { WhatwgTextDecoder } from './whatwg-text-decoder.js';

const postalMime = loadPostalMime;

const maxHeaderBytes = 256 * 1024;

/** Where the header block ends (the first empty line), or the end of `bytes`. */
function headerEnd(bytes: Buffer): number {
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
    if (bytes[at + 1] === 0x0a || (bytes[at + 1] === 0x0d && bytes[at + 2] === 0x0a)) return at;
  }
  return bytes.length;
}

/**
 * Raw 8-bit header text: UTF-8 when it is valid UTF-8 (as postal-mime reads it), else windows-1252,
 * what such headers mostly are (ISO-8859-1 here would turn € “ ” into C1 controls).
 */
function decodeRawHeaders(block: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(block);
  } catch {
    return new WhatwgTextDecoder('windows-1252').decode(block);
  }
}

/** Every header field of the (bounded) header block, unfolded, in order: [lower-case name, value]. */
function headerFields(raw: Uint8Array): [string, string][] {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, maxHeaderBytes));
  const block = decodeRawHeaders(bytes.subarray(0, headerEnd(bytes)));
  const fields: [string, string][] = [];
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export function scanHeaders(raw: Uint8Array): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [key, value] of headerFields(raw)) if (!headers.has(key)) headers.set(key, value);
  return headers;
}

/** Delivered-To and X-Original-To, every occurrence (one per hop), as bare lower-case addresses. */
export function deliveredTo(raw: Uint8Array): string[] {
  const out: string[] = [];
  for (const [key, value] of headerFields(raw)) {
    if (key !== 'delivered-to' && key !== 'x-original-to') continue;
    const address = value.replace(/^.*<([^<>]*)>.*$/, '$1').trim().toLowerCase();
    if (/^[^\s@<>]+@[^\s@<>]+$/.test(address) && !out.includes(address)) out.push(address);
  }
  return out;
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
