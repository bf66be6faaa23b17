/**
 * `customer:X`, as the owner means it: this customer, by their address or a word of their name, not
 * any customer whose address or name happens to hold the letters ("anna" is not "Hannah"):
 * - X with an @: the whole address (`anna@ex.com`), or with a leading @ a whole domain (`@ex.com`);
 * - else: the address's local part or domain from its start (`anna`, `ex.com`), or a word of the
 *   name from its start (`virt` for "Anna Virtanen", `田中` for "田中 優希").
 * Case and accents do not count (`joelle` finds "Joëlle"). The JS matcher and the SQL function
 * (adapters/store/sqlite/query-sql.ts) both call this, so the two cannot drift.
 */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function customerMatches(email: string, name: string, value: string): boolean {
  const v = fold(value.trim());
  if (v === '') return true;
  const address = fold(email);
  if (v.includes('@')) return v.startsWith('@') ? address.endsWith(v) : address === v;
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? '' : address.slice(at + 1);
  if (local.startsWith(v) || domain.startsWith(v)) return true;
  return fold(name)
    .split(/[\s\p{P}]+/u)
    .some((word) => word !== '' && word.startsWith(v));
}
