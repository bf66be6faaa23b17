/**
 * A separate process for concurrency tests: applies `count` tag changes to one conversation,
 * each one its own locked read-modify-write, as a cron job or the TUI would.
 * Usage: node --import tsx tag-worker.ts <configFile> <dataDir> <conversationId> <tagPrefix> <count>
 */
import { loadConfig } from '../../src/app/config.js';
import { createServices } from '../../src/app/create-services.js';

const [configFile, dataDir, id, prefix, count] = process.argv.slice(2);
const services = await createServices({ configFile, configDir: dataDir, dataDir }, await loadConfig(configFile));
for (let i = 0; i < Number(count); i++) await services.conversations.tag([id], [`${prefix}${i}`], []);
process.stdout.write('done\n');
