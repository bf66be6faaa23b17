/**
 * Tab completion of a file path, as a shell does it: the longest common start of the names in
 * the folder that begin with what was typed (a folder gets its "/"), and the names to choose from
 * when several remain. `~` stands for the home folder and stays as typed. Hidden files only when
 * a dot was typed. At most `limit` names are offered.
 */
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expandHome } from './home-path.js';

export async function completePath(typed: string, home = homedir(), limit = 12): Promise<{ text: string; choices: string[] }> {
  const slash = typed.lastIndexOf('/');
  const folderTyped = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const start = typed.slice(slash + 1);
  const folder = folderTyped === '' ? '.' : expandHome(folderTyped, home);
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return { text: typed, choices: [] };
  }
  const names = entries
    .filter((e) => e.name.startsWith(start) && (start.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => (e.isDirectory() || (e.isSymbolicLink() && isFolder(join(folder, e.name))) ? `${e.name}/` : e.name))
    .sort();
  if (names.length === 0) return { text: typed, choices: [] };
  let common = names[0];
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  return { text: folderTyped + (common.length > start.length ? common : start), choices: names.length > 1 ? names.slice(0, limit) : [] };
}

function isFolder(path: string): boolean {
  try {
    // A symlink to a folder completes like one.
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
