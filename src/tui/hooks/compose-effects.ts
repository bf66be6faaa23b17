/**
 * The composer's effects that talk to the reply and new-mail services: opening it on a draft (in
 * $EDITOR when the owner has one; reply-all's recipients saved with the draft at once, so they come
 * back with it), m's new mail (its draft saved at once, recalled the next time), and To/Cc/Bcc and
 * the subject as the owner typed them at the review's prompts.
 */
import type { Dispatch } from 'react';
import { UsageError } from '../../core/errors.js';
import type { OutboxEntry } from '../../core/ports/mail-store.js';
import type { ReplyService } from '../../core/services/reply-service.js';
import type { FilledSnippet } from '../../core/services/reply-snippets.js';
import { parseSnippetRef } from '../../core/domain/snippet.js';
import { factsLine, factsOf } from '../../core/domain/customer-facts.js';
import type { NewMailDraft, NewMailService } from '../../core/services/new-mail-service.js';
import { conversationOfDraftKey, isForwardKey, isNewMailKey } from '../../core/domain/draft-keys.js';
import { nextIdentity, swapSignature } from '../../core/domain/identity.js';
import type { ForwardDraft, ForwardService } from '../../core/services/forward-service.js';
import { parseTypedAddresses } from '../../adapters/mime/typed-addresses.js';
import { showAddresses } from '../../cli/output/address-line.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { swapGreeting } from '../../core/domain/greetings.js';
import { localTime } from '../../cli/output/format-age.js';
import { sentToLine } from '../../cli/output/send-result-line.js';
import { hintLine, type Keymap } from '../keys/keymap.js';
import type { AppAction } from '../state/app-reducer.js';
import type { ComposeAbout, ComposeScreen, Effect, Screen } from '../state/app-state.js';
import { noun, recipientsOf } from '../state/compose-reducer.js';

export type ComposeServices = {
  replies: ReplyService;
  newMail: NewMailService | null;
  forwards: ForwardService | null;
  editor: ((text: string) => Promise<string | null>) | null | undefined;
  keymap: Keymap;
};

type Loaded = Omit<ComposeScreen, 'name' | 'cursor' | 'showQuote'>;

export type ComposeEffect = Extract<Effect, { type: 'compose' | 'new-mail' | 'compose-new' | 'forward-start' | 'compose-forward' | 'set-subject' | 'set-recipients' | 'cycle-from' | 'set-language' }>;

/** The composer's effects, each to its function below. */
export async function runComposeEffect(effect: ComposeEffect, s: ComposeServices, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  switch (effect.type) {
    case 'compose':
      return openComposer(effect, s, dispatch);
    case 'new-mail':
      return startNewMail(effect, s, dispatch);
    case 'compose-new':
      return composeNew(effect, s, dispatch);
    case 'forward-start':
      return startForward(effect, s, dispatch);
    case 'compose-forward':
      return composeForward(effect, s, dispatch);
    case 'set-subject':
      return setSubject(effect, s.newMail, screen, dispatch);
    case 'set-recipients':
      return setRecipients(effect, s.replies, screen, dispatch);
    case 'cycle-from':
      return cycleFrom(effect, s.replies, screen, dispatch);
    case 'set-language':
      return setLanguage(effect, s.replies, screen, dispatch);
  }
}

export async function openComposer(effect: Extract<Effect, { type: 'compose' }>, s: ComposeServices, dispatch: Dispatch<AppAction>): Promise<void> {
  if (isNewMailKey(effect.id)) {
    if (!s.newMail) return;
    const draft = s.newMail.open(effect.id);
    return showComposer(newMailScreen(draft, effect.returnTo), draft.isSaved, s, dispatch);
  }
  if (isForwardKey(effect.id)) {
    if (!s.forwards) return;
    const draft = await s.forwards.draft(conversationOfDraftKey(effect.id)!);
    return showComposer(forwardScreen(draft, effect.returnTo), draft.isSaved, s, dispatch);
  }
  const d = await s.replies.draft(effect.id, undefined, { all: effect.all });
  // R: the other recipients belong to this draft from now on (an autosave of the text keeps them).
  if (effect.all) await s.replies.saveDraft(d.conversationId, d.text, d.baseSeq, { recipients: d });
  const screen: Loaded = { conversationId: d.conversationId, from: d.from, to: d.to, cc: d.cc, bcc: d.bcc, replyTo: d.replyTo, greeting: d.greeting, ...(Object.keys(d.facts).length ? { facts: factsLine(d.facts) } : {}), subject: d.subject, quote: d.quote, text: d.text, stage: 'edit', baseSeq: d.baseSeq, attachments: d.attachments, returnTo: effect.returnTo };
  return showComposer(screen, d.isSaved, s, dispatch, d.cc.length ? ` · Cc ${showAddresses(d.cc)}` : '');
}

/** m: the newest unsent new mail is offered first (as mutt recalls a postponed message); else, who to. */
export async function startNewMail(effect: Extract<Effect, { type: 'new-mail' }>, s: ComposeServices, dispatch: Dispatch<AppAction>): Promise<void> {
  const { newMail } = s;
  if (!newMail) {
    dispatch({ type: 'failed', message: 'new mail needs your name and address in the config (h2h init)' });
    return;
  }
  // New mail that did not go has no conversation to show it in: m says so first, and y takes it back to edit.
  const [stuck] = effect.fresh ? [] : (await s.replies.troubles()).filter((e) => e.kind === 'new');
  if (stuck) {
    const why = safeLine(stuck.lastError ?? stuck.status);
    dispatch({ type: 'ask', question: `Your mail to ${stuck.to.map(safeLine).join(', ')}, "${safeLine(stuck.subject)}", did not go (${why}). Take it back to edit? n: it is tried again`, effect: { type: 'discard-reply', entryId: stuck.id }, no: { type: 'new-mail', returnTo: effect.returnTo, fresh: true } });
    return;
  }
  const [newest, ...more] = effect.fresh ? [] : newMail.saved();
  if (!newest) {
    dispatch({ type: 'prompt', purpose: 'new-to', targets: [], text: '' });
    return;
  }
  const others = more.length ? ` (${more.length} more after it)` : '';
  dispatch({ type: 'ask', question: `Go on with your unsent mail to ${showAddresses(newest.to)}, "${safeLine(newest.subject)}"${others}? n: new mail`, effect: { type: 'compose', id: newest.key, returnTo: effect.returnTo }, no: { type: 'new-mail', returnTo: effect.returnTo, fresh: true } });
}

/** New mail to the addresses typed: its draft is saved at once (a crash keeps it; m recalls it). */
export async function composeNew(effect: Extract<Effect, { type: 'compose-new' }>, s: ComposeServices, dispatch: Dispatch<AppAction>): Promise<void> {
  if (!s.newMail) return;
  let draft: NewMailDraft;
  try {
    draft = await s.newMail.start({ to: await parseTypedAddresses(effect.to), subject: effect.subject });
  } catch (error) {
    dispatch({ type: 'compose-closed', message: '' });
    throw error;
  }
  await s.newMail.save(draft, draft.text);
  return showComposer(newMailScreen(draft, effect.returnTo), false, s, dispatch);
}

/** f: the forward being written in this conversation, or who a new one goes to (a prompt). */
export async function startForward(effect: Extract<Effect, { type: 'forward-start' }>, s: ComposeServices, dispatch: Dispatch<AppAction>): Promise<void> {
  if (!s.forwards) {
    dispatch({ type: 'failed', message: 'forwards need your name and address in the config (h2h init)' });
    return;
  }
  const draft = await s.forwards.draft(effect.id, effect.message ? { message: effect.message } : {});
  if (draft.isSaved) return showComposer(forwardScreen(draft, effect.returnTo), true, s, dispatch);
  dispatch({ type: 'prompt', purpose: 'forward-to', targets: [draft.conversationId, `#${draft.number}`], text: '' });
}

/** A forward to the addresses typed: its draft is saved at once (what it forwards, and to whom, kept with it). */
export async function composeForward(effect: Extract<Effect, { type: 'compose-forward' }>, s: ComposeServices, dispatch: Dispatch<AppAction>): Promise<void> {
  if (!s.forwards) return;
  let draft: ForwardDraft;
  try {
    draft = await s.forwards.draft(effect.id, { to: await parseTypedAddresses(effect.to), ...(effect.message ? { message: effect.message } : {}) });
    if (draft.to.length === 0) throw new UsageError('who is the forward to? give an address');
  } catch (error) {
    dispatch({ type: 'compose-closed', message: '' });
    throw error;
  }
  await s.forwards.save(draft, draft.text);
  return showComposer(forwardScreen(draft, effect.returnTo), false, s, dispatch);
}

function forwardScreen(d: ForwardDraft, returnTo: Loaded['returnTo']): Loaded {
  const forwarding = { number: d.number, from: d.forwards.from, date: d.forwards.date, as: d.as, carried: d.carried.map((a) => ({ name: a.name, size: a.size })) };
  return { kind: 'forward', conversationId: d.key, from: d.from, to: d.to, cc: d.cc, bcc: d.bcc, subject: d.subject, quote: '', text: d.text, stage: 'edit', baseSeq: d.forwards.seq, attachments: d.attachments, returnTo, forwarding };
}

function newMailScreen(d: NewMailDraft, returnTo: Loaded['returnTo']): Loaded {
  const about: ComposeAbout | undefined = d.history.length || d.customer.notes.length
    ? { name: d.customer.name, email: d.customer.email, since: d.customer.firstContactAt, notes: d.customer.notes.map((n) => n.text), conversations: d.history.map((c) => ({ subject: c.subject, status: c.status, lastAt: c.lastMessageAt })) }
    : undefined;
  return { kind: 'new', conversationId: d.key, from: d.from, to: d.to, cc: d.cc, bcc: d.bcc, subject: d.subject, quote: '', text: d.text, stage: 'edit', baseSeq: 0, attachments: d.attachments, returnTo, ...(about ? { about } : {}), ...(d.greeting ? { greeting: d.greeting } : {}), ...(Object.keys(factsOf(d.customer.notes)).length ? { facts: factsLine(factsOf(d.customer.notes)) } : {}) };
}

async function showComposer(screen: Loaded, isSaved: boolean, s: ComposeServices, dispatch: Dispatch<AppAction>, extra = ''): Promise<void> {
  const snippetNames = await s.replies.snippetNames();
  if (s.editor) {
    const edited = await s.editor(screen.text);
    dispatch({ type: 'compose-loaded', screen: { ...screen, text: edited ?? screen.text, stage: 'review' }, snippetNames });
    if (edited !== null) await s.replies.saveDraft(screen.conversationId, edited, screen.baseSeq);
    return;
  }
  const keys = hintLine(s.keymap, 'editor', [['compose.review', 'when done'], ['compose.snippet', 'inserts a snippet']]);
  const what = screen.kind === 'new' ? 'your new mail' : screen.kind === 'forward' ? 'a few words to them' : 'your reply';
  dispatch({ type: 'compose-loaded', screen, snippetNames, note: `${isSaved ? 'your saved draft' : `write ${what}`}${extra} · ${keys}` });
}

/**
 * y in the review: into the outbox. A reply the customer's new mail stopped is the draft again (the
 * owner reads what came in; r brings the words back): null. Refused as it stands (an empty text),
 * the composer stays open (`reopen`) and saving as you type goes on.
 */
export async function queueMail(effect: Extract<Effect, { type: 'queue-reply' }>, s: ComposeServices, reopen: () => void, dispatch: Dispatch<AppAction>): Promise<OutboxEntry | null> {
  let outcome;
  try {
    const options = { attachments: effect.attachments, recipients: effect.recipients, ...(effect.at ? { at: Date.parse(effect.at) } : {}) };
    // New mail collides with nothing: no conversation yet for the customer to write in.
    if (isNewMailKey(effect.conversationId) && s.newMail) return await s.newMail.queue(s.newMail.open(effect.conversationId), effect.text, options);
    // A forward collides with nothing either: the customer writing meanwhile changes nothing it carries.
    if (isForwardKey(effect.conversationId) && s.forwards) return await s.forwards.queue(await s.forwards.draft(conversationOfDraftKey(effect.conversationId)!), effect.text, options);
    outcome = await s.replies.queueOrKeep({ ...(await s.replies.draft(effect.conversationId)), baseSeq: effect.baseSeq }, effect.text, options);
  } catch (error) {
    if (error instanceof UsageError) reopen();
    throw error;
  }
  if ('kept' in outcome) {
    dispatch({ type: 'reply-stopped', conversationId: effect.conversationId, message: `not sent: ${outcome.kept.message} (r reopens your reply)` });
    return null;
  }
  return outcome.queued;
}

/**
 * t, c or B in the review: the field as typed, parsed and checked (every address once, someone in
 * To); the draft is saved with it at once. An address typed wrong is one line, the mail unchanged.
 */
export async function setRecipients(effect: Extract<Effect, { type: 'set-recipients' }>, replies: ReplyService | null, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  if (!replies || screen.name !== 'compose' || screen.stage === 'loading' || screen.conversationId !== effect.conversationId) return;
  const typed = await parseTypedAddresses(effect.text);
  const recipients = replies.checked({ ...recipientsOf(screen), [effect.field]: typed });
  await replies.saveDraft(effect.conversationId, screen.text, screen.baseSeq, { recipients });
  dispatch({ type: 'compose-recipients', conversationId: effect.conversationId, recipients });
  const list = recipients[effect.field];
  dispatch({ type: 'done', message: `${{ to: 'To', cc: 'Cc', bcc: 'Bcc' }[effect.field]}: ${list.length ? showAddresses(list) : 'nobody'}` });
}

/** S in the review of new mail: its subject from now on, saved with the draft. */
export async function setSubject(effect: Extract<Effect, { type: 'set-subject' }>, newMail: NewMailService | null, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  if (!newMail || screen.name !== 'compose' || screen.stage === 'loading' || screen.conversationId !== effect.conversationId) return;
  await newMail.save({ key: effect.conversationId }, screen.text, { subject: effect.subject });
  dispatch({ type: 'compose-subject', conversationId: effect.conversationId, subject: effect.subject });
}

/** F in the review: the next of the owner's addresses, its signature in place of the last one's; saved at once. */
export async function cycleFrom(effect: Extract<Effect, { type: 'cycle-from' }>, replies: ReplyService, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  if (screen.name !== 'compose' || screen.stage === 'loading' || screen.conversationId !== effect.conversationId) return;
  const identities = replies.identities();
  if (identities.length < 2) {
    dispatch({ type: 'done', message: 'you send from one address: others go in agent.aliases in the config' });
    return;
  }
  const current = identities.find((id) => id.email === screen.from.email) ?? identities[0];
  const next = nextIdentity(current.email, identities);
  const text = swapSignature(screen.text, current, next);
  await replies.saveDraft(effect.conversationId, text, screen.baseSeq, { from: next.email });
  dispatch({ type: 'compose-from', conversationId: effect.conversationId, from: { name: next.name, email: next.email }, text });
  dispatch({ type: 'done', message: `from ${showAddresses([{ name: next.name, email: next.email }])}` });
}

/**
 * l in the review: the greeting and sign-off in another language, for this mail only (the
 * customer's own setting is `h2h customers language`); what the owner wrote over them stays.
 */
export async function setLanguage(effect: Extract<Effect, { type: 'set-language' }>, replies: ReplyService, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  if (screen.name !== 'compose' || screen.stage === 'loading' || screen.conversationId !== effect.conversationId) return;
  const to = screen.to[0];
  const next = screen.kind === undefined
    ? (await replies.draft(effect.conversationId, undefined, { language: effect.language })).greeting
    : await replies.greeter.greet(to?.email ?? '', { displayName: to?.name, language: effect.language, rememberedOnly: screen.kind === 'forward' });
  const before = screen.greeting ?? { line: screen.text.split('\n')[0], signOff: '' };
  const text = swapGreeting(screen.text, before, next);
  await replies.saveDraft(effect.conversationId, text, screen.baseSeq);
  dispatch({ type: 'compose-greeting', conversationId: effect.conversationId, greeting: next, text });
  dispatch({ type: 'done', message: `greeting in ${effect.language}: ${safeLine(next.line)} … ${safeLine(next.signOff)}` });
}

/** What the status line says of mail in the outbox: when it goes (send later: at its time, unless they write first). */
export function queuedNews(entry: OutboxEntry, now: number): string {
  const when = entry.sendAt ? `at ${localTime(entry.sendAt)}, unless they write first` : `in ${Math.round(Math.max(0, Date.parse(entry.notBefore) - now) / 1000)} s`;
  return `sending to ${sentToLine(entry)} ${when} · U takes it back`;
}

/** C-t: a snippet in the language the composer greets in (l changes it), and which file that was. */
export async function insertSnippet(effect: Extract<Effect, { type: 'insert-snippet' }>, replies: ReplyService, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  const language = screen.name === 'compose' && screen.stage !== 'loading' ? (screen.greeting?.language ?? undefined) : undefined;
  const filled = await replies.snippet(effect.name, effect.conversationId, language ? { language } : {});
  dispatch({ type: 'compose-insert', text: filled.text });
  dispatch({ type: 'done', message: snippetNote(filled) });
}

/** "snippet shipping.fi: in fi", or "snippet shipping (none in de: the default) · also in fi, sv". */
export function snippetNote(f: FilledSnippet): string {
  const used = parseSnippetRef(f.used);
  const others = f.languages.filter((l) => l !== used?.language);
  const also = others.length ? ` · also in ${others.join(', ')} (${used?.name}.${others[0]})` : '';
  if (used?.language) return `snippet ${f.used}: in ${used.language}${also}`;
  return `snippet ${f.used}${f.language && f.language !== 'en' ? ` (none in ${f.language}: the default)` : ''}${also}`;
}

/** What the status line says of mail taken out of the outbox, and the key that opens its draft again. */
export function takenBack(kind: 'new' | 'forward' | undefined, keymap: Keymap): string {
  const opens = hintLine(keymap, 'conversation', [[kind === 'new' ? 'compose.new' : kind === 'forward' ? 'forward.open' : 'reply.open', 'opens it']]);
  return `taken back: your ${noun({ kind })} is the draft again (${opens})`;
}
