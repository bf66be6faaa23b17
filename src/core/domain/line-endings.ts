/**
 * RFC 5322 lines end in CRLF. SMTP servers repair bare LF on the wire, IMAP APPEND does not (Cyrus
 * answers "NO Message contains bare newlines"), so a reply is made canonical once, before it is
 * stored: the bytes sent and the bytes filed in Sent are then the same.
 */
export function canonicalCrlf(raw: Uint8Array): Uint8Array {
  let bare = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x0a && (i === 0 || raw[i - 1] !== 0x0d)) bare++;
    else if (raw[i] === 0x0d && raw[i + 1] !== 0x0a) bare++;
  }
  if (bare === 0) return raw;
  const out = new Uint8Array(raw.length + bare);
  let o = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x0d) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      if (raw[i + 1] === 0x0a) i++;
    } else if (b === 0x0a) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
    } else out[o++] = b;
  }
  return out;
}
