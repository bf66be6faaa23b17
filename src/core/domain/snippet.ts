/**
 * Snippets: saved replies with variables, `{{customer.firstName}}`, `{{agent.name}}`, with a
 * fallback after a bar for when a value is unknown: `{{customer.firstName | there}}`. A variable
 * h2h does not know stays as written, so the owner sees it in the draft rather than a silent gap.
 */
export type SnippetValues = Record<string, string | undefined>;

export function renderSnippet(template: string, values: SnippetValues): string {
  // Variable names in any script: a fact about a Finnish customer may be {{customer.kenkäkoko}}.
  return template.replace(/\{\{\s*([\p{L}\p{N}_.-]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/gu, (whole, name: string, fallback: string | undefined) => {
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

/**
 * A snippet as asked for or as its file is named: the name, and the language of a variant
 * ("shipping.fi": the Finnish shipping.txt); null for anything else, so no name reaches outside the folder.
 */
export function parseSnippetRef(ref: string): { name: string; language?: string } | null {
  const m = /^([\p{L}\p{N}_-]{1,64})(?:\.([a-z]{2}))?$/u.exec(ref);
  return m ? { name: m[1], ...(m[2] ? { language: m[2] } : {}) } : null;
}

/**
 * Which of a snippet's files to fill in for a customer writing `language` (issue 19): their
 * language's variant, else the one without a language (the owner's default), else the English
 * one, else the first there is; a variant named outright is that one or none. `available`: every
 * snippet file's stem ("shipping", "shipping.fi").
 */
export function pickSnippetVariant(available: readonly string[], ref: string, language?: string | null): string | null {
  const asked = parseSnippetRef(ref);
  if (!asked) return null;
  const has = new Set(available);
  if (asked.language) return has.has(ref) ? ref : null;
  const candidates = [language ? `${asked.name}.${language}` : null, asked.name, `${asked.name}.en`];
  return candidates.find((c) => c !== null && has.has(c)) ?? [...has].sort().find((c) => parseSnippetRef(c)?.name === asked.name) ?? null;
}
