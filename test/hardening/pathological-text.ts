/**
 * Mail bodies built to make text processing slow: each about 200 KB of what a regular expression,
 * a width measure or a decoder handles worst (long runs with no line break, runs that almost match a
 * quote header, blank lines, wide and combining characters, many short lines). `regex-fuzz.test.ts`
 * and `pathological-mail.test.tsx` hold every parse path to a bound on them.
 */
const size = 200_000;
const fill = (unit: string, bytes = size) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));

export const pathologicalBodies: { name: string; body: string }[] = [
  // The one from the issue: 147 s to import before the quote scan was bounded.
  { name: 'a time then a 199,000-digit run', body: `12:34${'1'.repeat(199_000)}\n> quoted` },
  { name: 'a line of colons', body: `${fill(':')}\n> quoted` },
  { name: 'a line of > and :', body: `x${fill('> :')}\n> quoted` },
  { name: '"On … wrote:" fragments on one line', body: `${fill('On Mon, Anna <a@b.c> wrote: ')}\n> quoted` },
  { name: '"On …" lines that never say wrote', body: `${fill('On Mon, 2 Nov 2026 at 10:00, Anna\n')}> quoted` },
  { name: '"From: <" fragments', body: `${fill('From: <x From: [')}\n> quoted` },
  { name: '"Op … schreef" lines with no colon', body: `${fill('Op 3 nov schreef\n')}> quoted` },
  { name: 'date, digits and quotes with no closing', body: `${fill('03.11.2026 10:00 "Anna" <')}\n> quoted` },
  { name: '"Sent from" and spaces', body: `Sent from ${' '.repeat(size - 20)}x\n> quoted` },
  { name: 'blank lines', body: `${'\n'.repeat(size)}> quoted` },
  { name: 'lines of spaces and tabs', body: `${fill(' \t\n')}> quoted` },
  { name: '100,000 short lines', body: fill('a\n') },
  { name: 'wide characters on one line', body: fill('字') },
  { name: 'wide characters, short lines', body: fill(`${'字'.repeat(30)}\n`) },
  { name: 'one letter and 100,000 combining marks', body: `e${fill('\u0301')}` },
  { name: 'emoji ZWJ sequences', body: fill('👩‍👩‍👧 ') },
];
