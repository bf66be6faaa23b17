/**
 * One readable file per conversation: Markdown, or a self-contained HTML transcript (printable; no
 * script, no remote content, everything from mail escaped, and a Content-Security-Policy that
 * forbids loading anything, should a browser ever find something to load). Files are named by the
 * conversation id, so no name from mail ever becomes a path.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { documentAddressText } from '../../core/domain/address-text.js';
import type { ExportedConversation, ExportWriter } from '../../core/services/export-service.js';
import { checkOutputFolder, writeFileSafely } from '../files/safe-output.js';

export function markdownOf(c: ExportedConversation): string {
  const v = c.conversation;
  const fence = (text: string) => {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const f = '`'.repeat(longest + 1);
    return `${f}text\n${text.replace(/\r\n/g, '\n').trimEnd()}\n${f}`;
  };
  const line = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
  const out = [
    `# ${line(v.subject || '(no subject)')}`,
    '',
    `- Customer: ${line(documentAddressText(c.customer))}`,
    `- Status: ${v.status}${v.tags.length ? ` · tags: ${v.tags.map(line).join(', ')}` : ''}`,
    `- Conversation: ${v.id}, ${v.firstMessageAt.slice(0, 10)} – ${v.lastMessageAt.slice(0, 10)}, ${v.messageCount} message${v.messageCount === 1 ? '' : 's'}`,
  ];
  for (const n of c.customer.notes) out.push(`- Note about the customer (${n.at.slice(0, 10)}): ${line(n.text)}`);
  for (const n of c.notes) out.push(`- Note (${n.at.slice(0, 10)}): ${line(n.text)}`);
  for (const { meta, text } of c.messages) {
    out.push('', `## ${meta.direction === 'in' ? '←' : '→'} ${line(meta.from ? documentAddressText(meta.from) : '(no sender)')} — ${meta.date.slice(0, 16).replace('T', ' ')} UTC`, '');
    if (meta.to.length) out.push(`To: ${line(meta.to.map(documentAddressText).join(', '))}  `);
    if (meta.subject !== v.subject) out.push(`Subject: ${line(meta.subject)}  `);
    for (const a of meta.attachments) out.push(`Attachment: ${line(a.name || '(unnamed)')} (${line(a.type)}, ${a.size} bytes)  `);
    out.push('', fence(text));
  }
  return `${out.join('\n')}\n`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD');

export function htmlOf(c: ExportedConversation): string {
  const v = c.conversation;
  const e = escapeHtml;
  const messages = c.messages
    .map(({ meta, text }) => {
      const who = meta.from ? documentAddressText(meta.from) : '(no sender)';
      const attachments = meta.attachments.map((a) => `<li>${e(a.name || '(unnamed)')} (${e(a.type)}, ${a.size} bytes)</li>`).join('');
      return `<article class="${meta.direction === 'in' ? 'in' : 'out'}"><header><strong>${e(who)}</strong> <time datetime="${e(meta.date)}">${e(meta.date.slice(0, 16).replace('T', ' '))} UTC</time>${meta.to.length ? `<br>To: ${e(meta.to.map(documentAddressText).join(', '))}` : ''}${meta.subject !== v.subject ? `<br>Subject: ${e(meta.subject)}` : ''}</header>${attachments ? `<ul class="att">${attachments}</ul>` : ''}<pre>${e(text.replace(/\r\n/g, '\n').trimEnd())}</pre></article>`;
    })
    .join('\n');
  const notes = [...c.customer.notes.map((n) => `About the customer (${n.at.slice(0, 10)}): ${n.text}`), ...c.notes.map((n) => `Note (${n.at.slice(0, 10)}): ${n.text}`)];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${e(v.subject || '(no subject)')}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}article{border-top:1px solid #ccc;padding:.75rem 0}article.out{background:#f6f3fa}header{color:#555;font-size:.9em}pre{white-space:pre-wrap;word-wrap:break-word;font:inherit;margin:.5rem 0 0}ul.att{font-size:.9em;color:#555}.meta{color:#555}@media print{article{break-inside:avoid}}</style>
</head><body>
<h1>${e(v.subject || '(no subject)')}</h1>
<p class="meta">${e(documentAddressText(c.customer))} · ${e(v.status)}${v.tags.length ? ` · ${e(v.tags.join(', '))}` : ''} · ${e(v.id)}</p>
${notes.length ? `<ul class="meta">${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}
${messages}
</body></html>
`;
}

export class DocumentWriter implements ExportWriter {
  readonly needs = 'text' as const;
  private made = false;

  constructor(
    private readonly dir: string,
    private readonly kind: 'md' | 'html',
  ) {}

  async write(c: ExportedConversation): Promise<void> {
    if (!this.made) {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await checkOutputFolder(this.dir);
      this.made = true;
    }
    const text = this.kind === 'md' ? markdownOf(c) : htmlOf(c);
    // Written by temp file and rename: a symlink planted at the (predictable) name is replaced, never followed.
    await writeFileSafely(join(this.dir, `${c.conversation.id}.${this.kind}`), text);
  }

  async end(): Promise<void> {}
}
