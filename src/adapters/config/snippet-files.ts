/**
 * Snippets as plain text files the owner edits: `<config folder>/snippets/<name>.txt` (or `.md`),
 * and a language's own as `<name>.<language>.txt` (`shipping.fi.txt`). Only names h2h accepts are
 * read, so a name can never reach outside the folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSnippetRef } from '../../core/domain/snippet.js';
import { NotFoundError } from '../../core/errors.js';
import type { SnippetStore } from '../../core/ports/snippet-store.js';

const extensions = ['.txt', '.md'];

export class SnippetFiles implements SnippetStore {
  constructor(readonly dir: string) {}

  async names(): Promise<string[]> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const names = files.flatMap((f) => {
      const ext = extensions.find((e) => f.endsWith(e));
      const name = ext ? f.slice(0, -ext.length) : '';
      return ext && parseSnippetRef(name) ? [name] : [];
    });
    return [...new Set(names)].sort();
  }

  async read(name: string): Promise<string> {
    if (parseSnippetRef(name)) {
      for (const ext of extensions) {
        try {
          return (await readFile(join(this.dir, `${name}${ext}`), 'utf8')).replace(/\r\n/g, '\n');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    }
    throw new NotFoundError(`no snippet "${name}" (snippets are text files in ${this.dir})`);
  }
}
