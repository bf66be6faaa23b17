/** A UID as RFC 3501 defines it: an integer 1 … 2^32-1 (anything else from a server is not one). */
import { isUid } from '../../core/domain/uid.js';

// One rule for what a UID is, the core's; re-exported for the adapter's callers.
export { isUid };

/**
 * An IMAP sequence set for ascending or unordered UIDs: [1,2,3,7,9,10] → "1:3,7,9:10". Throws on
 * anything that is not a UID, so `NaN:*` or `null` never reaches the server.
 */
export function compactUids(uids: number[]): string {
  const bad = uids.findIndex((uid) => !isUid(uid));
  if (bad >= 0 || uids.length === 0) throw new Error(`not a UID set: ${uids.length === 0 ? 'empty' : String(uids[bad])}`);
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
