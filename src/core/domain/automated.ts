/**
 * People or machines: each inbound message classified at ingest from its header fields alone, so
 * the queue holds people and its waiting clock is honest. The kinds, first match wins:
 * - `bounce`: a delivery status report (RFC 3464 multipart/report; report-type=delivery-status),
 *   mail from MAILER-DAEMON or postmaster, or from the null sender (Return-Path: <>) saying it could
 *   not deliver;
 * - `auto-reply`: RFC 3834 Auto-Submitted: auto-replied, X-Autoreply, X-Autorespond,
 *   Precedence: auto_reply, or an out-of-office subject in the shop's languages;
 * - `list`: List-Id, or Precedence: list;
 * - `bulk`: Precedence: bulk or junk, List-Unsubscribe, or a bulk mailer's own header
 *   (Mailchimp, SendGrid, Amazon SES, Mailgun, Mandrill, Klaviyo, Campaign Monitor);
 * - `notification`: Auto-Submitted: auto-generated, or a sender nobody reads (noreply@…,
 *   notifications@…, mailer@…).
 * `by` says which header or rule decided, for the owner to see and to correct per sender.
 */

export const automatedKinds = ['auto-reply', 'list', 'bulk', 'bounce', 'notification'] as const;
export type AutomatedKind = (typeof automatedKinds)[number];

export type Automation = { kind: AutomatedKind; by: string };

/** The header fields the decision reads, lower-case names; values as they came (one line each). */
export type AutomationHeaders = Readonly<Record<string, string | undefined>>;

/** The header fields to keep at parsing for `classifyAutomation` (only these are read). */
export const automationHeaderNames = [
  'auto-submitted', 'x-autoreply', 'x-autorespond', 'x-auto-response-suppress', 'precedence', 'list-id', 'list-unsubscribe', 'list-post',
  'return-path', 'content-type', 'x-mailchimp-campaign', 'x-mc-user', 'x-sg-eid', 'x-ses-outgoing', 'x-mailgun-sid', 'x-mandrill-user', 'x-kmail-account',
  'x-campaign-id', 'x-cmail-groupid', 'x-feedback-id', 'feedback-id', 'x-failed-recipients', 'x-mailman-version',
] as const;

const bulkMailers: [header: string, name: string][] = [
  ['x-mailchimp-campaign', 'Mailchimp'], ['x-mc-user', 'Mailchimp'], ['x-sg-eid', 'SendGrid'], ['x-ses-outgoing', 'Amazon SES'], ['x-mailgun-sid', 'Mailgun'],
  ['x-mandrill-user', 'Mandrill'], ['x-kmail-account', 'Klaviyo'], ['x-cmail-groupid', 'Campaign Monitor'], ['x-campaign-id', 'a campaign mailer'],
];

/**
 * Out-of-office subjects (English, Finnish, Swedish, Dutch, German, French, Spanish, Italian) as mail
 * programs write them, at the start of the subject. Phrases an automatic answer uses stand alone;
 * a single word ("Poissa", "Afwezig", "Absence") only as a label, followed by a colon: "Absence of
 * the parcel" or "On holiday, can I still order?" are a person writing.
 */
const outOfOfficePhrases = [
  'out of (?:the )?office', 'automatic reply', 'auto[- ]?reply', 'auto[- ]?response', 'automatic response', 'away from (?:the )?office',
  'automaattinen vastaus', 'poissaoloilmoitus', 'autosvar', 'automatiskt svar', 'frånvaromeddelande', 'ej på kontoret',
  'automatisch(?:e)? antwoord', 'afwezigheidsmelding', 'niet op kantoor', 'automatische antwort', 'abwesenheitsnotiz', 'nicht im büro',
  'réponse automatique', 'absente? du bureau', 'respuesta automática', 'fuera de la oficina', 'risposta automatica', 'fuori ufficio',
];
const outOfOfficeLabels = ['poissa', 'lomalla', 'frånvarande', 'frånvaro', 'afwezig', 'abwesend', 'abwesenheit', 'absence', 'absent', 'ausente', 'assente', 'on vacation', 'on holiday', 'vacation'];
const outOfOffice = new RegExp(`^\\s*(?:(?:${outOfOfficePhrases.join('|')})(?![\\p{L}\\p{N}])|(?:${outOfOfficeLabels.join('|')})\\s*:)`, 'iu');

/** Local parts of senders nobody reads; bounces (mailer-daemon, postmaster) are decided before. */
const robotSender = /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|notify|alerts?|mailer|automated|auto[-_.]?confirm|bounces?|daemon)(?:[-_.+].*)?$/i;
/** Mailing-list software's addresses (Mailman, Majordomo, mlmmj, ezmlm): `list-request@`, `list+owner@`, `owner-list@`. */
const listSender = /^(?:owner-.+|.+[-+](?:request|owner|bounces))$/i;
const bounceSender = /^(?:mailer[-_.]?daemon|postmaster)(?:[-_.+].*)?$/i;
const bounceSubject = /^\s*(?:undeliver(?:ed|able)|delivery (?:status notification|has failed|failure)|mail delivery (?:failed|failure|system)|returned mail|failure notice|unzustellbar|non remis|onbestelbaar|ei voitu toimittaa)/iu;

const localPart = (email: string | null | undefined) => (email ? email.slice(0, Math.max(0, email.lastIndexOf('@'))) : '');

/**
 * `formPerson`: the sender is a robot or the shop but Reply-To names one person (a contact form,
 * a marketplace message): the person wrote it, so the sender's address decides nothing.
 */
export function classifyAutomation(message: { from: string | null; subject: string; headers: AutomationHeaders; formPerson?: boolean }): Automation | null {
  const h = (name: string) => message.headers[name]?.trim();
  const lower = (name: string) => h(name)?.toLowerCase();
  const contentType = lower('content-type') ?? '';
  const nullSender = lower('return-path')?.replace(/\s+/g, '') === '<>';
  const sender = localPart(message.from);

  if (/^multipart\/report\b/.test(contentType) && /report-type\s*=\s*"?delivery-status/.test(contentType)) return { kind: 'bounce', by: 'Content-Type: multipart/report; report-type=delivery-status' };
  if (bounceSender.test(sender)) return { kind: 'bounce', by: `sender ${message.from}` };
  if (h('x-failed-recipients')) return { kind: 'bounce', by: 'X-Failed-Recipients' };
  if (nullSender && bounceSubject.test(message.subject)) return { kind: 'bounce', by: 'Return-Path: <> and a delivery failure subject' };

  const auto = lower('auto-submitted');
  if (auto && auto.startsWith('auto-replied')) return { kind: 'auto-reply', by: `Auto-Submitted: ${h('auto-submitted')}` };
  if (h('x-autoreply') !== undefined && lower('x-autoreply') !== 'no') return { kind: 'auto-reply', by: 'X-Autoreply' };
  if (h('x-autorespond') !== undefined) return { kind: 'auto-reply', by: 'X-Autorespond' };
  const precedence = lower('precedence');
  if (precedence === 'auto_reply') return { kind: 'auto-reply', by: 'Precedence: auto_reply' };
  if (outOfOffice.test(message.subject)) return { kind: 'auto-reply', by: 'an out-of-office subject' };

  if (h('list-id')) return { kind: 'list', by: 'List-Id' };
  if (precedence === 'list') return { kind: 'list', by: 'Precedence: list' };
  if (h('x-mailman-version')) return { kind: 'list', by: 'X-Mailman-Version' };
  // The list software's own addresses: digests, moderation notices ("Post to … denied").
  if (listSender.test(sender) && !message.formPerson) return { kind: 'list', by: `sender ${message.from}` };
  if (precedence === 'bulk' || precedence === 'junk') return { kind: 'bulk', by: `Precedence: ${precedence}` };
  for (const [header, name] of bulkMailers) if (h(header)) return { kind: 'bulk', by: `${name} (${header.replace(/(^|-)(\w)/g, (_, d: string, c: string) => d + c.toUpperCase())})` };
  if (h('list-unsubscribe')) return { kind: 'bulk', by: 'List-Unsubscribe' };

  if (auto && auto !== 'no') return { kind: 'notification', by: `Auto-Submitted: ${h('auto-submitted')}` };
  // Other machine reports (RFC 6522): read receipts (disposition-notification), abuse reports (feedback-report).
  const report = /^multipart\/report\b/.test(contentType) ? /report-type\s*=\s*"?([\w-]+)/.exec(contentType)?.[1] : undefined;
  if (report) return { kind: 'notification', by: `Content-Type: multipart/report; report-type=${report}` };
  if (message.formPerson) return null;
  if (robotSender.test(sender)) return { kind: 'notification', by: `sender ${message.from}` };
  if (nullSender) return { kind: 'notification', by: 'Return-Path: <>' };
  return null;
}
