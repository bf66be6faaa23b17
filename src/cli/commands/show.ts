import { promiseLine } from '../output/promise-flag.js';
import { bounceSentenceOf } from '../../core/domain/bounce.js';
import { mergeSuggestionLine } from '../output/merge-suggestion-line.js';
import chalk from 'chalk';
import { Command } from 'commander';
import type { ConversationDetail } from '../../core/services/conversation-service.js';
import type { AppContext } from '../app-context.js';
import { formatAge, localTime, ordinal, waitedAge } from '../output/format-age.js';
import { safeLine, safeText } from '../output/terminal-text.js';
import { displayWidth } from '../output/terminal-width.js';
import { nameWarningLine, replyToLine, showAddress, showAddresses } from '../output/address-line.js';
import { conversationDetailJson } from '../output/views.js';
import { renderJson } from '../../adapters/export/safe-json.js';

export function createShowCommand(ctx: AppContext) {
  return new Command('show')
    .description('Show a conversation: the customer, their history with the shop, notes, and every message')
    .argument('<id>', 'conversation id (a unique prefix is enough)')
    .option('--json', 'print a JSON object (shape in docs/json.md)')
    .option('--quotes', 'show quoted history instead of folding it')
    .action(async (id: string, options: { json?: boolean; quotes?: boolean }, command: Command) => {
      const services = await ctx.coreFor(command);
      const detail = await services.conversations.show(id);
      if (options.json) ctx.io.stdout.write(renderJson(conversationDetailJson(detail)));
      else ctx.io.stdout.write(renderDetail(detail, services.clock.now(), !!options.quotes, ctx.io.isStdoutTTY ? ctx.io.columns : undefined));
    });
}

/**
 * Plain text for a terminal or a pager; every string from mail goes through safeLine/safeText, and
 * every address through showAddress (whole; on a terminal of `columns`, names cut to fit the line).
 */
export function renderDetail(d: ConversationDetail, now: number, showQuotes: boolean, columns = Infinity): string {
  const c = d.conversation;
  const out: string[] = [];
  const since = d.customer.firstContactAt ? `, customer since ${d.customer.firstContactAt.slice(0, 4)}` : '';
  const position = ` · ${ordinal(d.customer.conversationIds.indexOf(c.id) + 1)} conversation${since}`;
  const who = showAddress(d.customer, columns - displayWidth(position));
  out.push(chalk.bold(safeLine(c.subject || '(no subject)')));
  out.push(`${who}${position}`);
  if (d.customer.addresses?.length) out.push(chalk.dim(`also writes as ${d.customer.addresses.map(safeLine).join(', ')}`));
  const waited = c.waitingSince && c.status !== 'closed' ? ` · waiting ${waitedAge(c.waitingSince, now, d.awayPeriods, true)}` : '';
  out.push(`${c.id} · ${c.status}${c.snoozedUntil ? ` until ${c.snoozedUntil}` : ''}${waited}${c.tags.length ? ` · ${c.tags.map((t) => `+${safeLine(t)}`).join(' ')}` : ''}`);
  if (c.promise) out.push(promiseLine(c.promise).replace(' (due: W resolves it)', ' (due: h2h remind --done resolves it)'));
  if (d.suggestedMerge) out.push(chalk.yellow(safeLine(mergeSuggestionLine(d.suggestedMerge))));
  for (const n of d.customer.notes) out.push(chalk.yellow(`customer note (${n.at.slice(0, 10)}): ${safeLine(n.text)}`));
  for (const n of c.notes) out.push(chalk.yellow(`note (${n.at.slice(0, 10)}): ${safeLine(n.text)}`));
  if (d.otherConversations.length) {
    out.push(chalk.dim('earlier and other conversations:'));
    for (const o of d.otherConversations) out.push(chalk.dim(`  ${o.id}  ${o.firstMessageAt.slice(0, 10)}  ${o.status.padEnd(7)} ${safeLine(o.subject)}`));
  }
  for (const [i, { meta, body, deletedOnServer, thirdParty }] of d.messages.entries()) {
    out.push('');
    // A forward to the courier, and the courier's answer: with the conversation, not the customer.
    // Machine mail says what it is (an out-of-office, a bounce), not "customer".
    const arrow = meta.direction === 'out' ? chalk.magenta(thirdParty ? '→ shop to a third party' : '→ shop') : thirdParty ? chalk.yellow('← third party') : meta.automated ? chalk.gray(`← ${meta.automated.kind}`) : chalk.green('← customer');
    // #N: what --message N (h2h forward) takes.
    const when = `${localTime(meta.date)} (${formatAge(Date.parse(meta.date), now)} ago) #${i + 1}`;
    const from = meta.from ? showAddress(meta.from, columns - displayWidth(when) - 14) : '(no sender)';
    out.push(`${arrow}  ${chalk.bold(from)}  ${chalk.dim(when)}`);
    if (meta.to.length) out.push(`${chalk.dim(`To: ${showAddresses(meta.to, columns - 4)}`)}`);
    if (meta.cc.length) out.push(`${chalk.dim(`Cc: ${showAddresses(meta.cc, columns - 4)}`)}`);
    const bounced = bounceSentenceOf(meta, d.messages.map((m) => m.meta));
    if (bounced) out.push(chalk.red(`⚠ ${safeLine(bounced)}`));
    const replyTo = replyToLine(meta, columns - 10);
    if (replyTo) out.push(chalk.yellow(replyTo));
    const flagged = nameWarningLine([meta.from, ...meta.to, ...meta.replyTo]);
    if (flagged) out.push(chalk.yellow(flagged));
    if (meta.subject !== c.subject) out.push(`${chalk.dim(`Subject: ${safeLine(meta.subject)}`)}`);
    for (const a of meta.attachments) out.push(`${chalk.cyan(`[attachment] ${safeLine(a.name || '(unnamed)')} ${safeLine(a.type)} ${a.size} bytes`)}`);
    if (deletedOnServer) out.push(chalk.yellow('(deleted on the mail server; kept here)'));
    for (const w of body.warnings) out.push(`${chalk.red(`warning: ${safeLine(w)}`)}`);
    for (const f of body.fragments) {
      if (f.kind === 'quote' && !showQuotes) {
        out.push(`${chalk.dim(`[… ${f.text.split('\n').length} quoted lines folded]`)}`);
        continue;
      }
      const text = safeText(f.text).trimEnd();
      const styled = f.kind === 'quote' ? chalk.dim(text) : text;
      out.push(styled);
    }
  }
  return `${out.join('\n')}\n`;
}
