import { describe, expect, it } from 'vitest';
import { applyEdit, insertText, type Edit, type EditAction } from '../../src/tui/state/line-editor.js';

const run = (edit: Edit, ...actions: EditAction[]) => actions.reduce(applyEdit, edit);
const at = (text: string, cursor = text.length): Edit => ({ text, cursor });

// Characters made of several code points: what the owner sees as one character is removed or
// stepped over as one, whatever its code units.
const clusters = {
  'thumbs up with skin tone': '\u{1F44D}\u{1F3FD}',
  'Finnish flag': '\u{1F1EB}\u{1F1EE}',
  'e with a combining acute': 'e\u0301',
  'family (ZWJ sequence)': '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  'Hangul jamo syllable': '\u1100\u1161\u11A8',
  'keycap 1': '1\uFE0F\u20E3',
};

describe('line editor', () => {
  it.each(Object.entries(clusters))('Backspace removes a whole %s', (_, cluster) => {
    expect(run(at(`ab${cluster}`), 'edit.backspace')).toEqual(at('ab'));
    // …and in the middle of a line, only it.
    expect(run(at(`a${cluster}b`, 1 + cluster.length), 'edit.backspace')).toEqual(at('ab', 1));
  });

  it.each(Object.entries(clusters))('left, right and delete step over a whole %s', (_, cluster) => {
    const text = `a${cluster}b`;
    expect(run(at(text), 'edit.left', 'edit.left').cursor).toBe(1);
    expect(run(at(text, 1), 'edit.right').cursor).toBe(1 + cluster.length);
    expect(run(at(text, 1), 'edit.delete')).toEqual(at('ab', 1));
  });

  it('never leaves the cursor inside a character, whatever is pressed', () => {
    const text = `Hei ${clusters['Finnish flag']} Päivi${clusters['e with a combining acute']}\n${clusters['thumbs up with skin tone']} kiitos ${clusters['family (ZWJ sequence)']}`;
    const boundaries = new Set([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.index).concat(text.length));
    const actions: EditAction[] = ['edit.left', 'edit.right', 'edit.up', 'edit.down', 'edit.word-left', 'edit.word-right', 'edit.line-start', 'edit.line-end'];
    let edit = at(text, 0);
    for (let i = 0; i < 200; i++) {
      edit = applyEdit(edit, actions[(i * 7 + (i >> 2)) % actions.length]);
      expect(boundaries.has(edit.cursor), `cursor ${edit.cursor} after step ${i}`).toBe(true);
    }
  });

  it('jumps and deletes by word (M-b, M-f, C-w) across punctuation and lines', () => {
    const text = 'Hi Anna,\nthe parcel left today.';
    expect(run(at(text), 'edit.word-left').cursor).toBe(text.indexOf('today'));
    expect(run(at(text), 'edit.word-left', 'edit.word-left', 'edit.word-left').cursor).toBe(text.indexOf('parcel'));
    expect(run(at(text, 0), 'edit.word-right').cursor).toBe(2);
    expect(run(at(text, 2), 'edit.word-right').cursor).toBe(text.indexOf(','));
    expect(run(at(text), 'edit.delete-word').text).toBe('Hi Anna,\nthe parcel left ');
    expect(run(at(text, text.indexOf('the')), 'edit.delete-word').text).toBe('Hi the parcel left today.');
  });

  it('goes to the line start and end (C-a, C-e) and kills to the end (C-k), joining lines at an end', () => {
    const text = 'first line\nsecond line\nthird';
    const mid = text.indexOf('cond');
    expect(run(at(text, mid), 'edit.line-start').cursor).toBe(text.indexOf('second'));
    expect(run(at(text, mid), 'edit.line-end').cursor).toBe(text.indexOf('\nthird'));
    expect(run(at(text, mid), 'edit.kill-line')).toEqual(at('first line\nse\nthird', mid));
    expect(run(at(text, text.indexOf('\nthird')), 'edit.kill-line').text).toBe('first line\nsecond linethird');
  });

  it('moves up and down by character column, not code unit', () => {
    const flag = clusters['Finnish flag'];
    const text = `${flag}${flag}ab\nxyz`;
    // Column 3 of the first line (after two flags and "a") is column 3 of the second ("xyz" end).
    const afterA = flag.length * 2 + 1;
    expect(run(at(text, afterA), 'edit.down').cursor).toBe(text.length);
    expect(run(at(text, text.indexOf('y')), 'edit.up').cursor).toBe(flag.length);
    expect(run(at(text, 2), 'edit.up').cursor).toBe(0);
    expect(run(at(text, text.indexOf('y')), 'edit.down').cursor).toBe(text.length);
  });

  it('keeps the lines of pasted text, and inserts at the cursor', () => {
    expect(insertText(at('Hi ,', 3), 'Anna\nline two')).toEqual(at('Hi Anna\nline two,', 3 + 'Anna\nline two'.length));
    expect(run(at('ab', 1), 'edit.newline', 'edit.indent')).toEqual(at('a\n    b', 6));
    expect(run(at('x'), 'edit.clear')).toEqual(at('', 0));
  });
});
