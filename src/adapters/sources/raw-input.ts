/** One message as read from an import source, before parsing. */
export type RawInput = {
  raw: Buffer;
  /** Human-readable origin: a path, with `#n` for the n-th message (0-based) of an mbox. */
  source: string;
  /** The source says it was already read (maildir S flag, mbox Status: R). */
  seen: boolean;
  /** A date to use when the message carries none (the mbox envelope line). Epoch ms. */
  fallbackDate?: number;
};
