/**
 * The prompts of v (open), E (save) and | (pipe) on a conversation's attachments: what they say,
 * and what Enter makes of the text. Attachments are numbered across the conversation as it shows
 * them (and as `h2h attachments` lists them).
 */
import type { AppState, Effect, Prompt } from './app-state.js';

/** Where E offers to save; `~` is the owner's home (expanded when saving). */
export const downloadsFolder = '~/Downloads/';

export function attachmentCount(state: AppState): number {
  return state.detail?.messages.reduce((n, m) => n + m.meta.attachments.length, 0) ?? 0;
}

export const attachmentLabels = {
  'open-attachment': 'open attachment: ',
  'save-attachments': 'save attachments (numbers or all) into: ',
  'pipe-attachment': 'pipe attachment (number, then the command): ',
} as const;

export function attachmentHint(state: AppState, prompt: Prompt): string {
  const count = attachmentCount(state);
  const range = count === 1 ? '1' : `1–${count}`;
  switch (prompt.purpose) {
    case 'open-attachment':
      return `${range} · Enter opens it with ${'$H2H_OPENER or xdg-open'}, Esc cancels`;
    case 'save-attachments':
      return `${range} or all, then the folder · never overwrites: photo-1.jpg beside photo.jpg`;
    default:
      return `${range}, then a command that reads it on standard input: 1 pdftotext - - | head`;
  }
}

/** The effect the prompt's text asks for, or why it cannot be done. */
export function attachmentEffect(state: AppState, prompt: Prompt): Effect | { refused: string } {
  const id = prompt.targets[0];
  const count = attachmentCount(state);
  const text = prompt.text.trim();
  const numberAt = (word: string | undefined): number | string => {
    if (word === undefined || word === '') return count === 1 ? 1 : `which attachment? 1–${count}`;
    if (!/^\d+$/.test(word)) return `not an attachment number: ${word}`;
    const n = Number(word);
    return n >= 1 && n <= count ? n : `this conversation has ${count} attachment${count === 1 ? '' : 's'}, not ${word}`;
  };
  switch (prompt.purpose) {
    case 'open-attachment': {
      const n = numberAt(text);
      return typeof n === 'number' ? { type: 'open-attachment', id, number: n } : { refused: n };
    }
    case 'pipe-attachment': {
      const [, word, command] = /^(\S*)\s*(.*)$/.exec(text) ?? [];
      const n = numberAt(word);
      if (typeof n !== 'number') return { refused: n };
      return command.trim() ? { type: 'pipe-attachment', id, number: n, command: command.trim() } : { refused: 'pipe it into which command?' };
    }
    default: {
      // Numbers (or "all") first, separated by spaces or commas; the rest, spaces and all, is the folder.
      const [, which = '', folder = ''] = /^((?:(?:all|\d+)[\s,]*)*)(.*)$/.exec(text) ?? [];
      const words = which.split(/[\s,]+/).filter(Boolean);
      const numbers: number[] = [];
      for (const w of words.filter((w) => w !== 'all')) {
        const n = numberAt(w);
        if (typeof n !== 'number') return { refused: n };
        numbers.push(n);
      }
      if (!folder.trim()) return { refused: 'save them into which folder?' };
      return { type: 'save-attachments', id, numbers: words.includes('all') ? [] : numbers, folder: folder.trim() };
    }
  }
}
