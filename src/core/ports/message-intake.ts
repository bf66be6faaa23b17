import type { MailStore } from './mail-store.js';
import type { MessageParser, ParsedMessage } from './message-parser.js';

/**
 * Takes in one new message for import: stores its raw bytes and parses them. Adapters may do both
 * on other threads; import keeps many `take`s in flight and uses their results in input order.
 *
 * When the promise resolves, the bytes are written exactly as `MailStore.writeRaw` does (the store
 * makes them durable before its next commit). A message that cannot be
 * parsed still resolves, with `parseError` set; the promise rejects only when the bytes could not
 * be stored.
 */
export type MessageIntake = {
  /** `hash` is the sha256 of `raw`, as `MailStore.writeRaw` names it. The caller keeps ownership of `raw`. */
  take(raw: Uint8Array, hash: string): Promise<ParsedMessage>;
  /** A hint before an import: about `count` new messages are coming (an adapter may get threads ready). */
  expect?(count: number): void;
};

/** Both steps on this thread: the store writes (its fsyncs overlap the parse), the parser parses. */
export function inProcessIntake(store: Pick<MailStore, 'writeRaw'>, parser: Pick<MessageParser, 'parse'>): MessageIntake {
  return {
    async take(raw) {
      const write = store.writeRaw(raw);
      write.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
      const parsed = await parser.parse(raw);
      await write;
      return parsed;
    },
  };
}
