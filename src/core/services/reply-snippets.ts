/**
 * Snippets filled in for the mail being written (issue 19 for their languages): the variant in the
 * customer's language when the owner wrote one (`shipping.fi.txt` over `shipping.txt`), the
 * customer's names and address (a reply's or a forward's conversation's customer; new mail's first
 * recipient), the facts kept in notes about them (`{{customer.size}}`), the agent's, the subject.
 */
import { firstNameOf, normaliseAddress } from '../domain/address.js';
import { conversationOfDraftKey } from '../domain/draft-keys.js';
import { factsOf } from '../domain/customer-facts.js';
import { parseSnippetRef, pickSnippetVariant, renderSnippet } from '../domain/snippet.js';
import { NotFoundError } from '../errors.js';
import type { MailStore } from '../ports/mail-store.js';
import type { SnippetStore } from '../ports/snippet-store.js';
import type { ConversationService } from './conversation-service.js';
import type { GreetingService } from './greeting-service.js';

export type FilledSnippet = {
  text: string;
  /** The file used: "shipping.fi", or "shipping" (the one without a language). */
  used: string;
  /** The language it was picked for (the customer's, or the one chosen for this mail); null when unknown. */
  language: string | null;
  /** The languages this snippet has variants in. */
  languages: string[];
};

export type SnippetDeps = {
  snippets: SnippetStore | null;
  store: Pick<MailStore, 'draft'>;
  conversations: ConversationService;
  greeter: GreetingService;
  agent: { name: string; email: string };
};

/** `ref`: a snippet's name ("shipping"), or one variant of it outright ("shipping.sv"); `language`: over the customer's. */
export async function fillSnippet(deps: SnippetDeps, ref: string, key: string, language?: string): Promise<FilledSnippet> {
  if (!deps.snippets) throw new NotFoundError(`no snippet "${ref}"`);
  const conversationId = conversationOfDraftKey(key);
  let customer: { firstName: string | undefined; name: string; email: string };
  let subject: string;
  if (conversationId === null) {
    const draft = deps.store.draft(key);
    const to = draft?.recipients?.to[0];
    const known = to ? deps.conversations.customerRef(normaliseAddress(to.email)) : undefined;
    customer = { firstName: known?.firstName ?? (to ? firstNameOf(to.name) : undefined), name: known?.name || to?.name || '', email: to ? normaliseAddress(to.email) : '' };
    subject = draft?.subject ?? '';
  } else {
    const detail = await deps.conversations.get(conversationId);
    customer = deps.conversations.customerRef(detail.customer);
    subject = detail.subject;
  }
  const wanted = language ?? (customer.email ? (await deps.greeter.greet(customer.email)).language : null);
  const available = await deps.snippets.names();
  const used = pickSnippetVariant(available, ref, wanted);
  const name = parseSnippetRef(ref)?.name ?? ref;
  const languages = available.flatMap((a) => {
    const p = parseSnippetRef(a);
    return p?.name === name && p.language ? [p.language] : [];
  });
  // Not there: the store names the folder it looked in.
  const template = await deps.snippets.read(used ?? ref);
  // Facts kept in the customer's notes ("size: 39") first, so their own fields always win.
  const facts = customer.email ? factsOf(deps.conversations.customer(customer.email).notes) : {};
  const text = renderSnippet(template, {
    ...Object.fromEntries(Object.entries(facts).map(([k, v]) => [`customer.${k}`, v])),
    'customer.firstName': customer.firstName,
    'customer.name': customer.name,
    'customer.email': customer.email,
    'agent.name': deps.agent.name,
    'agent.email': deps.agent.email,
    'agent.firstName': deps.agent.name.split(/\s+/)[0],
    'conversation.subject': subject,
  }).trim();
  return { text, used: used ?? ref, language: wanted, languages };
}
