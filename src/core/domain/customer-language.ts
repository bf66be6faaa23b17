/**
 * A customer's language, from what they wrote (issue 19): each message's guess weighs by how much
 * of it is theirs, a guess the detector itself calls unreliable (a lone "Kiitos!") by a quarter,
 * so one short line never outvotes a letter; and a language only guessed unreliably ("Hello" read
 * as Italian, "Size" as Turkish) is no answer at all: unknown, so the reply is in the shop's
 * default. The owner's own setting for the customer wins.
 */
export type MessageLanguage = { language: string; reliable: boolean; chars: number };

export function customerLanguage(messages: readonly MessageLanguage[], ownerSet?: string | null): string | null {
  if (ownerSet) return ownerSet;
  const weight = new Map<string, number>();
  const sure = new Set(messages.filter((m) => m.reliable).map((m) => m.language));
  for (const m of messages) weight.set(m.language, (weight.get(m.language) ?? 0) + Math.max(1, m.chars) * (m.reliable ? 1 : 0.25));
  for (const language of weight.keys()) if (!sure.has(language)) weight.delete(language);
  let best: string | null = null;
  let most = 0;
  // Ties go to the language met first: the customer's opening message.
  for (const [language, w] of weight) if (w > most) [best, most] = [language, w];
  return best;
}
