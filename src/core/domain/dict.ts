/**
 * Maps keyed by mail data (folder names, addresses, tags, Message-IDs) as plain objects, made safe.
 * A key like `__proto__`, `constructor` or `toString` reads an inherited value from a `{}` (so a
 * folder never synced looked synced, as Object.prototype), and assigning `__proto__` sets the
 * prototype instead of adding an entry (the entry is lost). The store's documents are JSON, so
 * their maps stay objects: build them with `dict`, read them with `own`. In memory, prefer `Map`.
 */

/** A null-prototype copy of `from` (own enumerable entries only), optionally with more entries set. */
export function dict<T>(from?: Readonly<Record<string, T>> | Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (!from) return out;
  const entries = Symbol.iterator in from ? (from as Iterable<readonly [string, T]>) : Object.entries(from);
  // On a null-prototype object, even `out['__proto__'] = v` is an ordinary own property.
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** `record[key]` if it is the record's own entry: never an inherited property such as `constructor`. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
