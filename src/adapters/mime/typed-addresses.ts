/**
 * Addresses as the owner types them (`--cc "Anna <anna@example.fi>, ben@example.com"`, the review's
 * To/Cc/Bcc prompts): parsed by postal-mime's RFC 5322 address parser, the one the mail is read
 * with, so quoted names with commas and groups work. A piece that is not an address is refused by
 * name rather than dropped: a recipient the owner meant would otherwise silently not get the mail.
 */
import { UsageError } from '../../core/errors.js';
import { isEmailAddress, normaliseAddress, type Address } from '../../core/domain/address.js';

export async function parseTypedAddresses(text: string): Promise<Address[]> {
  if (text.trim() === '') return [];
  const { addressParser } = await import('postal-mime');
  const parsed = addressParser(text, { flatten: true });
  const out: Address[] = [];
  for (const a of parsed) {
    const email = (a.address ?? '').trim();
    if (!isEmailAddress(email)) throw new UsageError(`"${(email || a.name || '').slice(0, 80)}" is not an email address`);
    out.push({ name: (a.name ?? '').trim(), email: normaliseAddress(email) });
  }
  return out;
}

/** Several typed lists (a repeated option) as one. */
export async function parseTypedAddressLists(texts: string[]): Promise<Address[]> {
  return (await Promise.all(texts.map(parseTypedAddresses))).flat();
}
