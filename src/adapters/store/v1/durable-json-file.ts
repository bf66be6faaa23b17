/**
 * A lowdb adapter for the store's JSON files. Unlike lowdb's JSONFile it
 * - refuses an empty, truncated or otherwise unreadable file with StoreCorruptError (it never
 *   returns null for a file that exists, which would make lowdb start over from empty data),
 * - checks and migrates the schema version,
 * - writes with fsync and keeps the previous good version as `<file>.bak`.
 */
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { StoreCorruptError } from '../../../core/errors.js';
import { keepBackup, writeFileAtomic } from '../atomic-file.js';
import { currentSchemaVersion } from './store-schema.js';
import { migrateDocument } from './migrate-store.js';
import { existsSync } from 'node:fs';

export class DurableJsonFile<T extends { schemaVersion: number }> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly options: { backup: boolean } = { backup: true },
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      // Decoded in one go: readFile's own decoding goes chunk by chunk and took longer than JSON.parse.
      text = (await readFile(this.file)).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const corrupt = (detail: string) => new StoreCorruptError(this.file, detail, existsSync(`${this.file}.bak`) ? `${this.file}.bak` : undefined);
    if (text.trim() === '') throw corrupt('the file is empty');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw corrupt(`not valid JSON, ${(error as Error).message}; ${text.length} bytes`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || typeof (doc as { schemaVersion?: unknown }).schemaVersion !== 'number') {
      throw corrupt('no schemaVersion: not an h2h store file');
    }
    return migrateDocument(this.file, doc as Record<string, unknown>, currentSchemaVersion) as unknown as T;
  }

  async write(data: T): Promise<void> {
    if (this.options.backup) await keepBackup(this.file);
    await writeFileAtomic(this.file, JSON.stringify(data));
  }
}
