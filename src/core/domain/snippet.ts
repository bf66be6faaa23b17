/**
 * Snippets: saved replies with variables, `{{customer.firstName}}`, `{{agent.name}}`, with a
 * fallback after a bar for when a value is unknown: `{{customer.firstName | there}}`. A variable
 * h2h does not know stays as written, so the owner sees it in the draft rather than a silent gap.
 */
export type SnippetValues = Record<string, string | undefined>;

export function renderSnippet(template: string, values: SnippetValues): string {
  return template.replace(/\{\{\s*([\w.]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g, (whole, name: string, fallback: string | undefined) => {
    if (!(name in values)) return whole;
    const value = values[name];
    if (value) return value;
    return fallback !== undefined ? fallback.replace(/^"(.*)"$/, '$1') : '';
  });
}

/** Snippet names are file names without their extension: letters, digits, - and _. */
export function isSnippetName(name: string): boolean {
  return /^[\p{L}\p{N}_-]{1,64}$/u.test(name);
}
