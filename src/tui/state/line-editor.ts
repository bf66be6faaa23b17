/**
 * Text editing for the built-in composer and the prompts, by what the owner sees as one character
 * (a grapheme: 👍🏽, 🇫🇮, e + combining accent) and by word, with Intl.Segmenter. Pure: an edit is
 * the text and a cursor (an index into it, always on a grapheme boundary) in, the same out.
 */
export type Edit = { text: string; cursor: number };

export type EditAction =
  | 'edit.newline'
  | 'edit.indent'
  | 'edit.backspace'
  | 'edit.delete'
  | 'edit.left'
  | 'edit.right'
  | 'edit.up'
  | 'edit.down'
  | 'edit.word-left'
  | 'edit.word-right'
  | 'edit.line-start'
  | 'edit.line-end'
  | 'edit.delete-word'
  | 'edit.kill-line'
  | 'edit.clear';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

const lineStartOf = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
function lineEndOf(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/** Grapheme boundaries of the line holding `at` (segmenting one line keeps a long reply cheap). */
function boundaries(text: string, at: number): number[] {
  const start = lineStartOf(text, at);
  const end = lineEndOf(text, at);
  const out = [];
  for (const s of graphemes.segment(text.slice(start, end))) out.push(start + s.index);
  out.push(end);
  return out;
}

/** Where the grapheme before the cursor starts (a newline counts as one). */
export function previousBoundary(text: string, cursor: number): number {
  if (cursor <= 0) return 0;
  if (text[cursor - 1] === '\n') return cursor - 1;
  const b = boundaries(text, cursor);
  let prev = b[0];
  for (const x of b) {
    if (x >= cursor) break;
    prev = x;
  }
  return prev;
}

/** Where the grapheme after the cursor ends. */
export function nextBoundary(text: string, cursor: number): number {
  if (cursor >= text.length) return text.length;
  if (text[cursor] === '\n') return cursor + 1;
  return boundaries(text, cursor).find((x) => x > cursor) ?? text.length;
}

/** The start of the word before the cursor (M-b, C-w), across lines. */
function wordStartBefore(text: string, cursor: number): number {
  let start = 0;
  for (const s of words.segment(text.slice(0, cursor))) if (s.isWordLike) start = s.index;
  return start;
}

/** The end of the word after the cursor (M-f). */
function wordEndAfter(text: string, cursor: number): number {
  for (const s of words.segment(text.slice(cursor))) if (s.isWordLike) return cursor + s.index + s.segment.length;
  return text.length;
}

/** The grapheme column of `at` in its line, and the index of that column in another line (clamped to its end). */
const columnOf = (text: string, at: number) => boundaries(text, at).filter((x) => x < at).length;
function atColumn(text: string, lineStart: number, column: number): number {
  const b = boundaries(text, lineStart);
  return b[Math.min(column, b.length - 1)];
}

export function insertText(edit: Edit, typed: string): Edit {
  return { text: edit.text.slice(0, edit.cursor) + typed + edit.text.slice(edit.cursor), cursor: edit.cursor + typed.length };
}

const remove = (edit: Edit, from: number, to: number): Edit => (from === to ? edit : { text: edit.text.slice(0, from) + edit.text.slice(to), cursor: from });

export function applyEdit(edit: Edit, action: EditAction): Edit {
  const { text, cursor } = edit;
  const move = (to: number): Edit => (to === cursor ? edit : { text, cursor: to });
  switch (action) {
    case 'edit.newline':
      return insertText(edit, '\n');
    case 'edit.indent':
      return insertText(edit, '    ');
    case 'edit.backspace':
      return remove(edit, previousBoundary(text, cursor), cursor);
    case 'edit.delete':
      return { ...remove(edit, cursor, nextBoundary(text, cursor)), cursor };
    case 'edit.left':
      return move(previousBoundary(text, cursor));
    case 'edit.right':
      return move(nextBoundary(text, cursor));
    case 'edit.word-left':
      return move(wordStartBefore(text, cursor));
    case 'edit.word-right':
      return move(wordEndAfter(text, cursor));
    case 'edit.line-start':
      return move(lineStartOf(text, cursor));
    case 'edit.line-end':
      return move(lineEndOf(text, cursor));
    case 'edit.up': {
      const start = lineStartOf(text, cursor);
      if (start === 0) return move(0);
      return move(atColumn(text, lineStartOf(text, start - 1), columnOf(text, cursor)));
    }
    case 'edit.down': {
      const end = lineEndOf(text, cursor);
      if (end === text.length) return move(text.length);
      return move(atColumn(text, end + 1, columnOf(text, cursor)));
    }
    case 'edit.delete-word':
      return remove(edit, wordStartBefore(text, cursor), cursor);
    case 'edit.kill-line': {
      // At a line's end, C-k joins the next line (as in Emacs and readline).
      const end = lineEndOf(text, cursor);
      return { ...remove(edit, cursor, end === cursor ? Math.min(text.length, end + 1) : end), cursor };
    }
    case 'edit.clear':
      return text === '' ? edit : { text: '', cursor: 0 };
  }
}

/** The first grapheme of a text ('' when empty): what the cursor stands on. */
export function firstGrapheme(text: string): string {
  for (const s of graphemes.segment(text)) return s.segment;
  return '';
}
