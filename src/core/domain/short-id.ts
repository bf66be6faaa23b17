// node:crypto is loaded on first use: commands that never hash (h2h tag, h2h list) start ~4 ms sooner.
const createHash = (algorithm: string) => process.getBuiltinModule('node:crypto').createHash(algorithm);

// Crockford's base32 without i, l, o, u: short ids people can read aloud and type.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** A short, stable id derived from `seed`: the same seed gives the same id in every store. */
export function shortId(seed: string, length = 8): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of digest) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += alphabet[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= length) break;
    acc &= 0xff;
  }
  return out;
}

/** A short id for `seed` that is not in `taken`; collisions get a salted seed, so the answer stays deterministic. */
export function uniqueShortId(seed: string, taken: (id: string) => boolean, length = 8): string {
  for (let salt = 0; ; salt++) {
    const id = shortId(salt === 0 ? seed : `${seed}#${salt}`, length);
    if (!taken(id)) return id;
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
