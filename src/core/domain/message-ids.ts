/**
 * Message-ID, In-Reply-To and References as threading needs them. Header values come from hostile
 * mail: comments, free text and garbage around the ids are common (see notmuch T510).
 */

export type ThreadingHeaders = {
  messageId: string;
  /** Ids in the References header, oldest ancestor first. */
  references: string[];
  /** Ids found in In-Reply-To. */
  inReplyTo: string[];
  /** In-Reply-To held exactly one id and nothing else: then it is the most trustworthy parent. */
  inReplyToWellFormed: boolean;
};

/**
 * The `<...>` ids in a header value, scanned once left to right (linear: header values are hostile).
 * An id holds no whitespace, except inside a quoted local part (`<"a b"@x>`, RFC 5322 allows it and
 * broken mailers send it); a quote never spans `<`, `>` or a line break, so a stray quote costs nothing.
 */
function* scanIds(value: string): Generator<string> {
  let start = -1;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '<') {
      start = i;
      quoted = false;
    } else if (start < 0) {
      continue;
    } else if (ch === '>') {
      if (!quoted && i > start + 1) yield value.slice(start, i + 1);
      start = -1;
    } else if (quoted) {
      if (ch === '\\' && i + 1 < value.length && !/[<>\r\n]/.test(value[i + 1])) i++;
      else if (ch === '"') quoted = false;
      else if (ch === '\r' || ch === '\n') start = -1;
    } else if (ch === '"') {
      quoted = true;
    } else if (/\s/.test(ch)) {
      start = -1;
    }
  }
}

/** Every `<...>` id in a header value, in order, without duplicates. Comments and text around them are ignored. */
export function extractMessageIds(value: string | undefined | null): string[] {
  if (!value) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of scanIds(value)) {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
    if (out.length >= 500) break; // a References header with thousands of ids is an attack, not a thread
  }
  return out;
}

/** The message's own id: angle brackets added when the sender left them out. Undefined when absent or unusable. */
export function normaliseMessageId(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const [first] = extractMessageIds(value);
  if (first) return first;
  const bare = value.trim();
  if (bare === '' || /\s/.test(bare) || bare.length > 995) return undefined;
  return `<${bare}>`;
}

export function isWellFormedInReplyTo(value: string | undefined | null): boolean {
  if (!value) return false;
  const trimmed = value.trim();
  const ids = extractMessageIds(trimmed);
  return ids.length === 1 && ids[0] === trimmed;
}

export function threadingHeaders(messageId: string, inReplyTo: string | undefined | null, references: string | undefined | null): ThreadingHeaders {
  const refs = extractMessageIds(references).filter((id) => id !== messageId);
  const irt = extractMessageIds(inReplyTo).filter((id) => id !== messageId);
  return { messageId, references: refs, inReplyTo: irt, inReplyToWellFormed: isWellFormedInReplyTo(inReplyTo) && irt.length === 1 };
}

/**
 * The parent a message names, as notmuch picks it: a well-formed In-Reply-To, else the last
 * References entry, else whatever id a dodgy In-Reply-To carried.
 */
export function parentIdOf(h: ThreadingHeaders): string | undefined {
  if (h.inReplyToWellFormed) return h.inReplyTo[0];
  if (h.references.length > 0) return h.references[h.references.length - 1];
  return h.inReplyTo[h.inReplyTo.length - 1];
}

/** All ids this message links to: every one of them puts it in the same conversation. */
export function linkedIdsOf(h: ThreadingHeaders): string[] {
  const out = [...h.references];
  for (const id of h.inReplyTo) if (!out.includes(id)) out.push(id);
  return out;
}

export function hasThreadingHeaders(h: Pick<ThreadingHeaders, 'references' | 'inReplyTo'>): boolean {
  return h.references.length > 0 || h.inReplyTo.length > 0;
}
