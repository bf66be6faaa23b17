/**
 * An attached message (a forwarded mail, message/rfc822) as v shows it in the TUI: its header
 * fields, its own attachments, then its text, as `h2h attachments <id> N --show` prints it. Pure;
 * everything from mail is made terminal-safe here.
 */
import { safeLine, safeText } from '../../cli/output/terminal-text.js';
import { formatSize } from '../../cli/output/format-size.js';
import { showAddress, showAddresses } from '../../cli/output/address-line.js';
import { localTime } from '../../cli/output/format-age.js';
import type { AttachedMessage } from '../../core/services/attachment-service.js';
import type { Page } from './app-state.js';

export const attachedMessageTypes: ReadonlySet<string> = new Set(['message/rfc822', 'message/global']);

export function attachedMessagePage({ attachment, message, body }: AttachedMessage): Page {
  const lines: Page['lines'] = [{ text: `From: ${message.from ? showAddress(message.from) : '(no sender)'}`, bold: true }];
  if (message.to.length) lines.push({ text: `To: ${showAddresses(message.to)}`, dim: true });
  if (message.cc.length) lines.push({ text: `Cc: ${showAddresses(message.cc)}`, dim: true });
  if (message.date !== undefined) lines.push({ text: `Date: ${localTime(new Date(message.date).toISOString())}`, dim: true });
  lines.push({ text: `Subject: ${safeLine(message.subject || '(no subject)')}`, bold: true });
  for (const a of message.attachments) lines.push({ text: `📎 ${safeLine(a.name || '(unnamed)')}  ${safeLine(a.type)}  ${formatSize(a.size)}`, color: 'cyan' });
  for (const w of body.warnings) lines.push({ text: `warning: ${safeLine(w)}`, color: 'red' });
  lines.push({ text: '' }, ...safeText(body.text).trimEnd().split('\n').map((text) => ({ text })));
  return { title: `Attachment ${attachment.number}, a message: ${safeLine(attachment.name || '(unnamed)')}`, lines };
}
