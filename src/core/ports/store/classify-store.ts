/**
 * Correcting what h2h decided about machine mail after it was stored (the owner's word on a sender,
 * a rule's `automated`): the store's part. Owned by SenderService and RuleService.
 */
import type { Automation } from '../../domain/automated.js';
import type { MessageMeta } from '../../domain/message.js';

export type ClassifyReads = {
  /** Mail to the shop from this address (its sender, not a form's Reply-To), oldest first, with the conversation holding each. */
  inboundFrom(email: string): { meta: MessageMeta; conversationId: string | null }[];
  /** What these messages are now (unknown seqs are left out) and the conversation holding each. */
  classified(seqs: number[]): { seq: number; automated: Automation | null; conversationId: string | null }[];
};

export type ClassifyWrites = {
  /** What sent a stored message: a machine of this kind, or (null) a person. Its conversation's record is the caller's to write again. */
  setAutomated(seq: number, automated: Automation | null): void;
};
