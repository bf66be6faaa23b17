/**
 * The documented `--json` shapes (docs/json.md). A public contract: fields may be added;
 * renaming or removing one needs a changelog entry. camelCase, ISO-8601 UTC dates, string ids.
 */
import type { Greeting } from '../../core/services/greeting-service.js';
import { factsOf } from '../../core/domain/customer-facts.js';
import type { ConversationListFields } from '../../core/domain/conversation.js';
import type { ConversationDetail, CustomerView } from '../../core/services/conversation-service.js';
import type { ImportReport } from '../../core/services/import-service.js';

export type CustomerRefJson = { email: string; name: string; firstName: string | null };

export function conversationJson(c: ConversationListFields, customer: CustomerRefJson) {
  return {
    id: c.id,
    subject: c.subject,
    customer,
    status: c.status,
    snoozedUntil: c.snoozedUntil,
    tags: c.tags,
    unread: c.isUnread,
    messageCount: c.messageCount,
    firstMessageAt: c.firstMessageAt,
    lastMessageAt: c.lastMessageAt,
    waitingSince: c.waitingSince,
    lastRepliedAt: c.lastRepliedAt,
    statusChangedAt: c.statusChangedAt,
    hasAttachments: c.hasAttachments,
    // null: a person wrote in it; else the kinds of machine that did (the Other view's conversations).
    automated: c.automated,
    bouncedAt: c.bouncedAt,
    // The owner's promise (h2h remind): {by, text, due}, due ones first in every list; null when none.
    promise: c.promise,
  };
}

export function customerRefJson(c: { email: string; name: string; firstName: string | undefined }): CustomerRefJson {
  return { email: c.email, name: c.name, firstName: c.firstName ?? null };
}

export function customerJson(c: CustomerView) {
  return {
    ...customerRefJson(c),
    conversationCount: c.conversationIds.length,
    conversationIds: c.conversationIds,
    firstContactAt: c.firstContactAt,
    lastContactAt: c.lastContactAt,
    notes: c.notes,
    /** The `key: value` lines of the notes (customer-facts.ts), the newest note's word on each. */
    facts: factsOf(c.notes),
    // Their other addresses (h2h customers merge): the conversations and notes above include theirs.
    addresses: c.addresses ?? [],
  };
}

export function conversationDetailJson(d: ConversationDetail) {
  return {
    ...conversationJson(d.conversation, customerRefJson(d.customer)),
    notes: d.conversation.notes,
    customerDetails: customerJson(d.customer),
    otherConversations: d.otherConversations.map((c) => conversationJson(c, customerRefJson(d.customer))),
    messages: d.messages.map(({ meta, body, depth, isUnread, deletedOnServer, thirdParty }) => ({
      id: meta.id,
      messageId: meta.messageId,
      sharesMessageId: meta.sharesMessageId === true,
      direction: meta.direction === 'in' ? 'inbound' : 'outbound',
      thirdParty,
      // null: a person; else the kind of machine and the header or rule that decided.
      automated: meta.automated?.kind ?? null,
      automatedBy: meta.automated?.by ?? null,
      // A bounce's report: the shop's message that did not arrive, to whom, why; null for other mail.
      bounce: meta.bounce ?? null,
      from: meta.from,
      to: meta.to,
      cc: meta.cc,
      replyTo: meta.replyTo,
      date: meta.date,
      subject: meta.subject,
      inReplyTo: meta.inReplyTo,
      references: meta.references,
      depth,
      unread: isUnread,
      deletedOnServer,
      attachments: meta.attachments,
      text: body.text,
      fragments: body.fragments,
      warnings: body.warnings,
    })),
    // A new address that replied in it: the merge h2h suggests (null when none); nothing is merged until the owner says so.
    suggestedMerge: d.suggestedMerge ?? null,
  };
}

export function importReportJson(r: ImportReport) {
  return {
    read: r.read,
    added: r.added,
    duplicates: r.duplicates,
    copies: r.copies,
    conversationsCreated: r.conversationsCreated,
    conversationsUpdated: r.conversationsUpdated,
    closedAsHistory: r.closedAsHistory ?? 0,
    rules: r.rules ?? [],
    warnings: r.warnings,
  };
}

/** How a fresh reply greets the customer (GreetingService): the JSON of `h2h reply --json` and `h2h customers language --json`. */
export function greetingJson(g: Greeting) {
  return { line: g.line, signOff: g.signOff, language: g.language, languageFrom: g.languageFrom, register: g.register, registerFrom: g.registerFrom, name: g.name, remembered: g.remembered, warning: g.warning ?? null };
}
