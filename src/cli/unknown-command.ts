/**
 * The one-line answer to a command name h2h does not have, shared by `h2h <typo>` and `h2h help <typo>`:
 * "unknown command "lsit" (did you mean list?)", the nearest command within two edits.
 */
export function unknownCommand(typed: string, names: string[]): string {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };
  const best = names.map((n) => ({ n, d: distance(typed, n) })).sort((a, b) => a.d - b.d)[0];
  return `unknown command "${typed}"${best && best.d <= 2 ? ` (did you mean ${best.n}?)` : ''}; see h2h --help`;
}
