/**
 * Schema migrations, applied in memory when a file is read; the migrated document is written back
 * on the next write. A migration takes a document of version N and returns version N+1.
 */
import { StoreTooNewError } from '../../../core/errors.js';

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Migrations by the version they start from. Version 1 is the first released layout. */
export const migrations: Record<number, Migration> = {};

export function migrateDocument(
  file: string,
  doc: Record<string, unknown>,
  target: number,
  steps: Record<number, Migration> = migrations,
): Record<string, unknown> {
  let version = doc.schemaVersion as number;
  if (version > target) throw new StoreTooNewError(file, version, target);
  let current = doc;
  while (version < target) {
    const step = steps[version];
    if (!step) throw new StoreTooNewError(file, version, target);
    current = { ...step(current), schemaVersion: version + 1 };
    version++;
  }
  return current;
}
