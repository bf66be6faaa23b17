/**
 * A process that parses mail on WorkerIntake's threads and then just ends, without closing the pool
 * (its threads stop only after ten minutes idle): it must exit on its own.
 * Usage: node --import tsx intake-child.ts <dir>
 */
import { join } from 'node:path';
import { PostalMimeParser } from '../../src/adapters/mime/postal-mime-parser.js';
import { WorkerIntake } from '../../src/adapters/mime/worker-intake.js';
import { RawStore } from '../../src/adapters/store/raw-store.js';
import { sha256Hex } from '../../src/core/domain/short-id.js';
import { inProcessIntake } from '../../src/core/ports/message-intake.js';

const raw = new RawStore(join(process.argv[2], 'raw'));
const intake = new WorkerIntake({ raw, inProcess: inProcessIntake({ writeRaw: (b) => raw.write(b) }, new PostalMimeParser()), startAfter: 0, threads: 2, idleMs: 600_000 });
intake.expect(50);
if (!(await intake.ready())) throw new Error('the threads did not start');
const mail = Array.from({ length: 50 }, (_, i) => Buffer.from(`From: c${i}@ex.com\r\nSubject: S${i}\r\nMessage-ID: <c${i}@ex.com>\r\n\r\nHello\r\n`));
const parsed = await Promise.all(mail.map((m) => intake.take(m, sha256Hex(m))));
process.stdout.write(`parsed ${parsed.filter((p, i) => p.subject === `S${i}`).length} on ${intake.running} threads\n`);
