/**
 * Runs one v1 → v2 migration in its own process, for migrate-v1-kill.test.ts: prints `start` when
 * the migration begins and `done` when it returned. `kill` names a moment at which the process
 * kills itself with SIGKILL: `batch:<n>` (after the n-th committed batch of messages), or a step
 * ('copied', 'committed', 'moved').
 */
import { PostalMimeParser } from '../../../../src/adapters/mime/postal-mime-parser.js';
import { migrateV1Store } from '../../../../src/adapters/store/v1/migrate-v1-store.js';
import { v1MigrationOptions } from '../../../../src/app/open-store.js';

const [dataDir, kill = ''] = process.argv.slice(2);
const die = () => process.kill(process.pid, 'SIGKILL');
const options = await v1MigrationOptions(new PostalMimeParser());
let batches = 0;
process.stdout.write('start\n');
await migrateV1Store(dataDir, {
  ...options,
  batchSize: 100,
  onBatch: () => {
    if (kill === `batch:${++batches}`) die();
  },
  onStep: (step) => {
    if (kill === step) die();
  },
});
process.stdout.write('done\n');
