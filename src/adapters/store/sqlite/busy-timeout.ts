/**
 * How long a writer waits for another (ms), as the v1 store's lock did: fifty `h2h tag` started at
 * once with a sync taking in mail queue for seconds on two cores, and each must still land.
 */
export const defaultBusyTimeoutMs = 30_000;
