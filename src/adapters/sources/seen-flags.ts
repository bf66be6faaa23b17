import { scanHeaders } from '../mime/header-scan.js';

/** mbox readers mark read mail with `Status: R…` (mutt, Pine) or bit 0x1 of `X-Mozilla-Status` (Thunderbird). */
export function mailSeenFromHeaders(raw: Uint8Array): boolean {
  const headers = scanHeaders(raw);
  if (headers.get('status')?.includes('R')) return true;
  const mozilla = headers.get('x-mozilla-status');
  return mozilla !== undefined && /^[0-9a-f]{1,4}$/i.test(mozilla) && (parseInt(mozilla, 16) & 1) === 1;
}

/** Maildir info suffix: `:2,FRS` — S means seen. */
export function maildirSeen(fileName: string): boolean {
  const info = /:2,([A-Za-z]*)$/.exec(fileName);
  return !!info && info[1].includes('S');
}
