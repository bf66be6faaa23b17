import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableJsonFile } from '../../../../src/adapters/store/v1/durable-json-file.js';
import { migrateDocument } from '../../../../src/adapters/store/v1/migrate-store.js';
import { currentSchemaVersion } from '../../../../src/adapters/store/v1/store-schema.js';
import { StoreCorruptError, StoreTooNewError } from '../../../../src/core/errors.js';
import { tempDir } from '../../../helpers/temp-dir.js';

type Doc = { schemaVersion: number; value: string };

describe('DurableJsonFile', () => {
  it('reads nothing from a missing file, so the store starts empty', async () => {
    expect(await new DurableJsonFile<Doc>(join(tempDir(), 'state.json')).read()).toBeNull();
  });

  it.each([
    ['an empty file', ''],
    ['a truncated file', '{"schemaVersion":1,"conversations":{"abc":{"tags":["ref'],
    ['a file of NUL bytes (a crash on some filesystems)', '\u0000\u0000\u0000'],
    ['JSON that is not a store document', '[1,2,3]'],
  ])('refuses %s instead of starting over', async (_what, content) => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, content);
    await expect(new DurableJsonFile<Doc>(file).read()).rejects.toThrow(StoreCorruptError);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('names the file and the backup to restore in its one-line error', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const adapter = new DurableJsonFile<Doc>(file);
    await adapter.write({ schemaVersion: 1, value: 'first' });
    await adapter.write({ schemaVersion: 1, value: 'second' });
    writeFileSync(file, '{"schemaVersion":1,"val');
    const error = await adapter.read().catch((e: Error) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(`${file}.bak`);
    expect((error as Error).message).not.toContain('\n');
    expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8')).value).toBe('first');
  });

  it('writes files only the user can read', async () => {
    const file = join(tempDir(), 'state.json');
    await new DurableJsonFile<Doc>(file).write({ schemaVersion: 1, value: 'x' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.bak`)).toBe(false);
  });

  it('refuses a store written by a newer h2h', async () => {
    const file = join(tempDir(), 'mail.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: currentSchemaVersion + 1 }));
    await expect(new DurableJsonFile<Doc>(file).read()).rejects.toThrow(StoreTooNewError);
  });
});

describe('migrateDocument', () => {
  const steps = {
    1: (d: Record<string, unknown>) => ({ ...d, tags: String(d.tags).split(',') }),
    2: (d: Record<string, unknown>) => ({ ...d, renamed: d.tags, tags: undefined }),
  };

  it('applies each step from the document’s version to the current one', () => {
    expect(migrateDocument('f', { schemaVersion: 1, tags: 'a,b' }, 3, steps)).toEqual({ schemaVersion: 3, renamed: ['a', 'b'], tags: undefined });
  });

  it('leaves a current document alone and refuses an unknown path', () => {
    const doc = { schemaVersion: 3, x: 1 };
    expect(migrateDocument('f', doc, 3, steps)).toBe(doc);
    expect(() => migrateDocument('f', { schemaVersion: 0 }, 3, steps)).toThrow(StoreTooNewError);
  });
});
