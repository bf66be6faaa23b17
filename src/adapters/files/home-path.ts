import { homedir } from 'node:os';

/** "~" or "~/…" as the owner's home, the way a shell reads a path typed at a prompt ("~user" is left as typed). */
export function expandHome(path: string, home = homedir()): string {
  return path.replace(/^~(?=$|\/)/, home);
}
