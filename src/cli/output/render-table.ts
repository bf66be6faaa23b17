import { promiseFlag } from './promise-flag.js';
import chalk from 'chalk';
import type { ConversationListFields } from '../../core/domain/conversation.js';
import { formatAge, waitedAge } from './format-age.js';
import type { AwayPeriod } from '../../core/domain/away.js';
import { safeLine } from './terminal-text.js';
import { displayWidth, padWidth } from './terminal-width.js';
import { padTo, senderColumnWidth, showAddress } from './address-line.js';

const statusColour = { open: chalk.green, waiting: chalk.yellow, closed: chalk.dim, snoozed: chalk.blue } as const;

/**
 * The conversation list for a terminal: unread mark, id, status, how long the customer has waited
 * (or the age of the last message when nobody waits), customer, subject, tags and message count.
 * The customer's address is always whole (core/domain/address-text.ts): the name is what gets cut.
 * `paused`: the owner's times away, which the waiting ages leave out.
 */
export function renderConversationTable(rows: ConversationListFields[], customerName: (email: string) => string, now: number, columns: number, paused: readonly AwayPeriod[] = []): string {
  const lines: string[] = [];
  const column = senderColumnWidth(rows.map((c) => c.customer), columns, 19);
  for (const c of rows) {
    const who = showAddress({ name: customerName(c.customer), email: c.customer }, column);
    const whoWidth = Math.max(column, displayWidth(who));
    const fixed = 2 + 9 + 8 + 5 + whoWidth + 1 + 5; // mark, id, status, age, customer, count + gaps
    const subjectWidth = Math.max(10, columns - fixed - 2);
    const waited = c.waitingSince && c.status !== 'closed' ? waitedAge(c.waitingSince, now, paused) : '';
    const age = waited || chalk.dim(formatAge(Date.parse(c.lastMessageAt), now));
    const tags = c.tags.length ? ` ${c.tags.map((t) => `+${safeLine(t)}`).join(' ')}` : '';
    const promised = c.promise ? `${promiseFlag(c.promise)} ` : '';
    const subject = `${promised}${safeLine(c.subject || '(no subject)')}`;
    const text = padWidth(`${subject}${tags}`, subjectWidth);
    const tagged = tags ? text.replace(tags.trim(), chalk.cyan(tags.trim())) : text;
    const styledText = promised ? tagged.replace(promised.trim(), (c.promise!.due ? chalk.red.bold : chalk.magenta)(promised.trim())) : tagged;
    lines.push(
      [
        c.isUnread ? chalk.bold('●') : ' ',
        c.id.padEnd(8),
        statusColour[c.status](c.status.padEnd(7)),
        padWidth(age, 4),
        c.isUnread ? chalk.bold(padTo(who, whoWidth)) : padTo(who, whoWidth),
        c.isUnread ? chalk.bold(styledText) : styledText,
        chalk.dim(String(c.messageCount).padStart(3)),
      ].join(' '),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** One tab-separated line per conversation, for scripts: cut, awk, sort. Fields are documented in docs/json.md. */
export function renderConversationTsv(rows: ConversationListFields[], customerName: (email: string) => string): string {
  const clean = (s: string) => safeLine(s).replace(/\t/g, ' ');
  return rows
    .map((c) =>
      [c.id, c.status, c.lastMessageAt, c.waitingSince ?? '', c.customer, clean(customerName(c.customer)), String(c.messageCount), c.tags.join(','), c.isUnread ? 'unread' : 'read', clean(c.subject)].join('\t'),
    )
    .map((line) => `${line}\n`)
    .join('');
}
