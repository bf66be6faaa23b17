/**
 * Code-unit order for ids and ISO-8601 UTC timestamps (which sort correctly as strings). Not
 * localeCompare: locale collation puts punctuation before digits and is far slower on big lists.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
