/**
 * Attachments saved by an export, only ever inside the chosen folder whatever the sender called
 * them: the name loses any path (`../`, `/`, `\`), control characters and NUL, invisible characters
 * (core/domain/invisible-chars.ts; line separators become spaces), leading dots and
 * characters other systems refuse, is cut to 120 bytes keeping its extension, and gets the
 * message's id in front (two messages may both send "invoice.pdf"). Files are created exclusively
 * (never overwriting anything) and private (0600).
 */
import { open, mkdir } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { checkOutputFolder } from '../files/safe-output.js';
import { oneLineName } from '../../core/domain/invisible-chars.js';

const maxNameBytes = 120;

export function safeAttachmentName(name: string, fallback = 'attachment'): string {
  let base = name.split(/[/\\]/).pop() ?? '';
  base = oneLineName(base)
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '');
  // Trailing dots and spaces by hand: /[.\s]+$/ tries from every dot or space and runs to the end (quadratic; 200 KB of spaces took a minute).
  let end = base.length;
  while (end > 0 && (base[end - 1] === '.' || /\s/.test(base[end - 1]))) end--;
  base = base.slice(0, end).trim();
  if (!base) base = fallback;
  if (Buffer.byteLength(base) <= maxNameBytes) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  // Whole characters up to the byte limit, in one pass: dropping one at a time from a 20 KB name took a minute.
  let stem = '';
  let bytes = Buffer.byteLength(ext);
  for (const ch of base.slice(0, base.length - ext.length)) {
    bytes += Buffer.byteLength(ch);
    if (bytes > maxNameBytes) break;
    stem += ch;
  }
  return stem + ext;
}

export class AttachmentFolder {
  private made = false;
  readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /**
   * Writes one attachment; returns the path it took. `messageId` goes in front of the name (an
   * export, where two messages may both send "invoice.pdf"); without it (`h2h attachments --save`)
   * the name is the sender's, made safe, and a taken name gets "-1", "-2"… before its extension.
   */
  async save(messageId: string | null, index: number, name: string, content: Uint8Array): Promise<string> {
    if (!this.made) {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      // Names are predictable (message id + the sender's file name): not in a folder others may write to.
      await checkOutputFolder(this.root);
      this.made = true;
    }
    const safe = safeAttachmentName(name, `attachment-${index + 1}`);
    for (let n = 0; ; n++) {
      const file = join(this.root, messageId === null ? numbered(safe, n) : `${messageId}-${n === 0 ? '' : `${n}-`}${safe}`);
      // The name is a single path component by construction; this says so out loud.
      if (!file.startsWith(this.root + sep)) throw new Error(`attachment name escapes the folder: ${JSON.stringify(name)}`);
      let handle;
      try {
        handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      return file;
    }
  }
}

/** "photo.jpg", then "photo-1.jpg", "photo-2.jpg"…; a name without an extension gets the number at its end. */
function numbered(name: string, n: number): string {
  if (n === 0) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}
