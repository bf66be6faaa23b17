/**
 * On-disk shapes of the store's JSON files, and their schema versions. The core's types are the
 * payload; each file adds `schemaVersion` so an older h2h refuses a newer store instead of damaging it.
 *
 *   mail.json              MailFile: conversations, customers, aliases, sync positions, nextSeq
 *   state.json             StateFile: the owner's status, tags, notes, read marks
 *   messages/000000.json   metadata of messages seq 0 … shardSize-1, and so on (message-shards.ts)
 *   texts/000000.json      their full text and quote split, null where none was kept (derived, re-parsed when missing)
 *   fts/000000.json        full-text segment for the same messages (rebuildable)
 *   raw/ab/<sha256>.eml    the raw bytes, never rewritten
 */
import type { MailData, StateData } from '../../../core/ports/store/v1-documents.js';

export const currentSchemaVersion = 1;
/** Messages per metadata shard: small enough that appending rewrites little, large enough to keep file counts low. */
export const shardSize = 2000;

export type MailFile = MailData & { schemaVersion: number; shardSize: number };
export type StateFile = StateData & { schemaVersion: number };

export const emptyMail = (): MailFile => ({
  schemaVersion: currentSchemaVersion,
  shardSize,
  nextSeq: 0,
  conversations: {},
  aliases: {},
  customers: {},
  copies: {},
  sync: {},
});

export const emptyState = (): StateFile => ({ schemaVersion: currentSchemaVersion, conversations: {}, customers: {} });

export const shardName = (shard: number) => `${String(shard).padStart(6, '0')}.json`;
