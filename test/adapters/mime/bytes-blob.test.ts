import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesBlob } from '../../../src/adapters/mime/bytes-blob.js';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { readMbox } from '../../../src/adapters/sources/mbox-reader.js';
import { sniff } from '../../../src/adapters/sources/read-sources.js';
import { corpus } from '../../helpers/corpus.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

async function corpusMessages(): Promise<{ name: string; raw: Buffer }[]> {
  const dir = corpus('mime');
  const out: { name: string; raw: Buffer }[] = [];
  for (const path of files(dir)) {
    const kind = await sniff(path);
    if (kind === 'mbox') for await (const m of readMbox(path)) out.push({ name: relative(dir, m.source), raw: m.raw });
    else if (kind === 'message') out.push({ name: relative(dir, path), raw: readFileSync(path) });
  }
  return out;
}

describe('BytesBlob', () => {
  it('joins byte views, buffers, strings (as UTF-8) and blobs, and reads them back as a fresh copy', async () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const blob = new BytesBlob([bytes.subarray(1, 3), '\n', 'ä€', new Uint8Array([9]).buffer, new BytesBlob(['ok'])], { type: 'Application/Octet-Stream' });
    const expected = [2, 3, 10, 0xc3, 0xa4, 0xe2, 0x82, 0xac, 9, 111, 107];
    expect(blob.size).toBe(expected.length);
    expect(blob.type).toBe('application/octet-stream');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual(expected);
    const first = await blob.arrayBuffer();
    new Uint8Array(first)[0] = 99;
    expect(new Uint8Array(await blob.arrayBuffer())[0]).toBe(2);
    expect(await new BytesBlob(['Kengät ', new TextEncoder().encode('ok')]).text()).toBe('Kengät ok');
    expect(Object.prototype.toString.call(blob)).toBe('[object Blob]');
  });

  it('parses every message of the MIME corpus exactly as with Node’s Blob', async () => {
    const parser = new PostalMimeParser();
    const messages = await corpusMessages();
    expect(messages.length).toBeGreaterThan(100);
    const withNodeBlob = [];
    for (const m of messages) withNodeBlob.push([await parser.parse(m.raw), await parser.body(m.raw)]);
    const nodeBlob = globalThis.Blob;
    globalThis.Blob = BytesBlob as unknown as typeof Blob;
    try {
      for (const [i, m] of messages.entries()) expect([await parser.parse(m.raw), await parser.body(m.raw)], m.name).toEqual(withNodeBlob[i]);
    } finally {
      globalThis.Blob = nodeBlob;
    }
  });
});
