/**
 * How a sender or recipient is shown: the one rule every front end uses. A display name is text
 * the sender chose, so it may pretend to be an address ("Bob <bob@example.test>"), or be padded
 * with blanks until the real address falls off the line. So the bare address is always shown,
 * whole; only the name is cut to fit; and a name holding an address is flagged. Pure: the caller
 * passes its terminal-safe filter and width functions (front ends own the terminal).
 */
import type { Address } from './address.js';
import { oneLineName } from './invisible-chars.js';

export const nameWarning = 'name contains an address';

/**
 * Why the name could mislead, or undefined: it holds an @ (any of its look-alikes), something in
 * angle brackets, or a bare domain-like "user at host" pattern after invisible characters go.
 */
export function nameProblem(name: string): string | undefined {
  const clean = oneLineName(name);
  if (/[@\uFF20\uFE6B]/.test(clean)) return nameWarning;
  if (/[<\u2039\u3008\u27E8\uFF1C\uFE64][^>]*[>\u203A\u3009\u27E9\uFF1E\uFE65]/.test(clean)) return nameWarning;
  return undefined;
}

export type AddressParts = { name: string; email: string; warning?: string };

/** The parts of an address as shown: the name on one line without invisible characters, the address, the flag. */
export function addressParts(a: Address): AddressParts {
  const cleaned = oneLineName(a.name);
  // Many mailers give the address as the name too: that says nothing new and misleads no one.
  const name = cleaned.toLowerCase() === a.email.toLowerCase() ? '' : cleaned;
  const warning = nameProblem(name);
  return { name, email: a.email, ...(warning ? { warning } : {}) };
}

/** What the caller's terminal needs: its safe filter, and column width and fitting for narrow places. */
export type TextOps = { clean: (text: string) => string; width: (text: string) => number; fit: (text: string, width: number) => string };

/** A name shorter than this is not worth showing cut: the address alone says more. */
const minName = 4;

/**
 * "Name <addr>", flagged "⚠" when the name holds an address, fitted into `maxWidth` columns when
 * given: the name is cut first, then the warning's words (the ⚠ stays), and the address never; an
 * address wider than `maxWidth` is still shown whole (the caller wraps it).
 */
export function addressText(a: Address, ops: TextOps, maxWidth = Infinity, inList = false): string {
  const parts = addressParts(a);
  const email = ops.clean(parts.email);
  const name = ops.clean(parts.name);
  // A flagged name is quoted, so where it ends and the real address begins is plain to see; in a
  // list, so is a name with a comma ("Kauppa, Oy"), or it would read as two people.
  const quoted = !!parts.warning || (inList && /[,;]/.test(name));
  const shownName = quoted ? `"${name}"` : name;
  const withName = (n: string, tail: string) => (n ? `${n} <${email}>${tail}` : `${email}${tail}`);
  const long = parts.warning ? ` ⚠ ${parts.warning}` : '';
  const short = parts.warning ? ' ⚠' : '';
  // A flagged name keeps at least its quotes around "…", so the cut shows a name was there.
  const cutName = (room: number) => (!name ? '' : quoted ? (room >= 3 ? `"${ops.fit(name, room - 2)}"` : '') : room >= minName ? ops.fit(name, room) : '');
  for (const tail of [long, short]) {
    const full = withName(shownName, tail);
    if (ops.width(full) <= maxWidth) return full;
    const cut = cutName(maxWidth - ops.width(withName('', tail)) - 3); // ' <' and '>' around the address
    if ((cut || !parts.warning) && ops.width(withName(cut, tail)) <= maxWidth) return withName(cut, tail);
  }
  return withName(parts.warning ? '"…"' : '', short);
}

/** Several addresses, comma separated, each whole (for To: and Reply-To: lines that wrap). */
export function addressListText(list: Address[], ops: TextOps, maxWidthEach = Infinity): string {
  return list.map((a) => addressText(a, ops, maxWidthEach, list.length > 1)).join(', ');
}

const asIs: TextOps = { clean: (text) => text, width: (text) => [...text].length, fit: (text) => text };

/** The same rule for documents without a width (md and html exports): "Name <addr>", flagged, invisible characters gone. */
export function documentAddressText(a: Address): string {
  return addressText(a, asIs);
}
