/**
 * The owner's mailcap, as mutt reads it, for opening an attachment: the first entry of the type
 * that runs on its own; the file always the shell's "$1", nothing from mail in the command.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailcapCommand, mailcapFiles } from '../../../src/adapters/process/mailcap.js';
import { tempDir } from '../../helpers/temp-dir.js';

function mailcap(text: string): string {
  const file = join(tempDir(), 'mailcap');
  writeFileSync(file, text);
  return file;
}

describe('mailcap', () => {
  it('takes the first entry of the type that runs on its own', () => {
    const file = mailcap(
      [
        '# mine',
        'text/html; w3m -dump %s; copiousoutput',
        'image/jpeg; feh --title "photo; 1" %s; needsterminal',
        'image/jpeg; test -n "$DISPLAY"; test=test -n "$DISPLAY"',
        'image/*; sxiv \\',
        '  %s; description=Images',
        'application/pdf; zathura %s',
        'audio/*; mpv --no-video %t %s',
        'text/plain; cat',
      ].join('\n'),
    );
    expect(mailcapCommand('image/jpeg', [file])).toBe('sxiv   "$1"');
    expect(mailcapCommand('IMAGE/PNG', [file])).toBe('sxiv   "$1"');
    expect(mailcapCommand('application/pdf', [file])).toBe('zathura "$1"');
    // %t would put the type (from mail) into the command: passed over.
    expect(mailcapCommand('audio/ogg', [file])).toBeNull();
    // No %s: the file on standard input.
    expect(mailcapCommand('text/plain', [file])).toBe('cat < "$1"');
    expect(mailcapCommand('text/html', [file])).toBeNull();
    expect(mailcapCommand('video/mp4', [file])).toBeNull();
  });

  it('reads $MAILCAPS in order, else ~/.mailcap; a missing file is no entry', () => {
    const a = mailcap('image/png; first %s');
    const b = mailcap('image/png; second %s\napplication/zip; unzip -l %s');
    expect(mailcapFiles({ MAILCAPS: `${a}:${b}` }, '/home/r')).toEqual([a, b]);
    expect(mailcapFiles({}, '/home/r')).toEqual(['/home/r/.mailcap']);
    expect(mailcapCommand('image/png', [join(tempDir(), 'none'), b, a])).toBe('second "$1"');
    expect(mailcapCommand('application/zip', [a, b])).toBe('unzip -l "$1"');
  });
});
