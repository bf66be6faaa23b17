/**
 * W in a conversation saves its attachments, byte for byte, into the folder typed (made if new,
 * never over a file already there), and | pipes one into a command, its first line of output on
 * the status line: through the TUI, on a real store.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentViewer } from '../../src/adapters/process/attachment-viewer.js';
import { agent, fixedClock, fixture, input, rawMessageWithFile, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { tempDir } from '../helpers/temp-dir.js';

afterEach(() => cleanup());

const photo = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function withPhoto(): Buffer {
  return rawMessageWithFile({ from: 'Anna <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Broken sole', id: '<p1@ex.com>', date: 'Mon, 16 Nov 2026 10:00:00 +0000', body: 'See the photo.', file: { name: 'sole.jpg', type: 'image/jpeg', content: photo } });
}

describe('attachments from the TUI', () => {
  it('W saves into the folder typed, never over a file there; | pipes one into a command', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-20T12:00:00Z'));
    await s.importer.import([input(withPhoto())]);
    const t = renderTui({ conversations: s.conversations, attachments: s.attachments, viewer: new AttachmentViewer({ PATH: process.env.PATH }), sync: null, clock: s.clock }, { columns: 100, rows: 30 });
    await t.waitFor('Broken sole');
    t.press(keys.enter);
    await t.waitFor('📎 1  sole.jpg');
    const folder = join(tempDir(), 'Anna');
    for (const round of [1, 2]) {
      t.press('E');
      await t.waitFor('save attachments (numbers or all) into:');
      t.press('\u0015'); // C-u: the offered "all ~/Downloads/" cleared
      t.press(`1 ${folder}`);
      t.press(keys.enter);
      await t.waitFor(`saved 1 attachment in ${folder}`);
      expect(readdirSync(folder).sort()).toEqual(round === 1 ? ['sole.jpg'] : ['sole-1.jpg', 'sole.jpg']);
    }
    expect(readdirSync(folder).map((n) => sha(readFileSync(join(folder, n))))).toEqual([sha(photo), sha(photo)]);
    t.press('|');
    await t.waitFor('pipe attachment (number, then the command):');
    t.press('sha256sum');
    t.press(keys.enter);
    await t.waitFor(`sole.jpg | sha256sum: done · ${sha(photo)}`);
    t.unmount();
    await s.store.close();
  });
});
