/**
 * IMAP UIDs as the core accepts them: positive 32-bit integers (RFC 3501 nz-number). Anything else a
 * server says (NaN from a missing UIDNEXT, 0, 2^32 or more, fractions) is refused here, so it never
 * reaches a command or the store.
 */
export const maxUid = 0xffffffff;

export function isUid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxUid;
}

/**
 * The folder's next-UID after a download: the first requested UID that is neither stored nor
 * recorded (so a message that did not come is asked for again), never past the server's UIDNEXT,
 * never below where it was.
 */
export function nextUidAfter(current: number, requested: readonly number[], accounted: (uid: number) => boolean, serverUidNext: unknown): number {
  let next = current;
  const firstOpen = requested.find((uid) => !accounted(uid));
  if (firstOpen !== undefined) next = Math.max(current, firstOpen);
  else if (requested.length > 0) next = Math.max(current, requested[requested.length - 1] + 1);
  if (isUid(serverUidNext) && next > serverUidNext) next = Math.max(current, serverUidNext);
  return next;
}
