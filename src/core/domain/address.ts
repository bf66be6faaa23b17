/** Email addresses and the names people go by. Pure functions, no I/O. */

export type Address = { name: string; email: string };

export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** Deliberately loose: one @, something on both sides, no whitespace. Real validation is the server's job. */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+$/.test(value.trim());
}

const titles = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'herr', 'frau', 'mme', 'mlle', 'm', 'sr', 'sra', 'srta', 'sig', 'dott']);

/**
 * The first name to greet someone by, from their display name: "Anna Virtanen" → "Anna",
 * "Virtanen, Anna" → "Anna", "Dr. Anna Smith" → "Anna". Undefined when there is no usable name
 * (empty, an email address, or a shop-like name such as "ACME Support"): the caller falls back to a neutral greeting.
 */
export function firstNameOf(displayName: string): string | undefined {
  let name = displayName.replace(/["'()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (name === '' || name.includes('@')) return undefined;
  const comma = name.indexOf(',');
  if (comma > 0) name = name.slice(comma + 1).trim() || name.slice(0, comma).trim();
  const words = name.split(' ').filter((w) => !titles.has(w.replace(/\.$/, '').toLowerCase()));
  const first = words[0];
  if (!first || !/^\p{L}[\p{L}\p{M}'’-]*$/u.test(first)) return undefined;
  // A first name written all in capitals ("ANNA SMITH") reads better as "Anna".
  if (first.length > 1 && first === first.toUpperCase() && first !== first.toLowerCase()) {
    return first[0] + first.slice(1).toLowerCase();
  }
  // CJK names put the family name first and have no spaces; greeting by the whole name is the polite default.
  return first;
}

/**
 * A list as one types it into an address field: "Anna <anna@ex.com>, ben@ex.com", a name with a
 * comma, quote or angle bracket in quotes ("Virtanen, Mikko" <mikko@ex.com>) so it reads back as one.
 */
export function addressListInput(list: Address[]): string {
  return list
    .map((a) => {
      const name = a.name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
      if (!name) return a.email;
      return /[",;<>@()[\]:\\]/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}" <${a.email}>` : `${name} <${a.email}>`;
    })
    .join(', ');
}

/** "Anna Virtanen <anna@ex.com>", or just the address when there is no name. */
export function formatAddress(a: Address): string {
  return a.name ? `${a.name} <${a.email}>` : a.email;
}
