import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { WorkerIntake, type WorkerIntakeOptions } from '../../../src/adapters/mime/worker-intake.js';
import { RawStore } from '../../../src/adapters/store/raw-store.js';
import { sha256Hex } from '../../../src/core/domain/short-id.js';
import { inProcessIntake } from '../../../src/core/ports/message-intake.js';
import { writeMbox } from '../../../bench/generate-mailbox.js';
import { repoRoot } from '../../helpers/corpus.js';
import { spawnCli } from '../../helpers/spawn-cli.js';
import { fixture, rawMessage } from '../../helpers/store-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';

const open: WorkerIntake[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((i) => i.close()));
});

/** A pool over a fresh raw store, counting the messages its in-process intake handled. */
function pool(options: Partial<WorkerIntakeOptions> = {}) {
  const raw = new RawStore(join(tempDir(), 'raw'));
  const local = inProcessIntake({ writeRaw: (bytes) => raw.write(bytes) }, new PostalMimeParser());
  let inProcess = 0;
  const intake = new WorkerIntake({
    raw,
    inProcess: { take: (bytes, hash) => (inProcess++, local.take(bytes, hash)) },
    startAfter: 0,
    threads: 2,
    ...options,
  });
  open.push(intake);
  return { raw, intake, inProcess: () => inProcess };
}

const messages = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    rawMessage({ from: `C${from + i} <c${from + i}@ex.com>`, to: 'shop@shop.example', subject: `Message ${from + i}`, id: `<m${from + i}@ex.com>`, body: 'Hello\n'.repeat((i % 7) * 40 + 1) }),
  );

/** A message whose body alone is far larger than a 16 MB heap. */
const heapBuster = () =>
  Buffer.from(`From: Big <big@ex.com>\r\nSubject: huge\r\nMessage-ID: <huge@ex.com>\r\nContent-Type: text/plain\r\n\r\n${'word word word word word word word\r\n'.repeat(1_200_000)}`);

describe('WorkerIntake', () => {
  it('parses and stores each message in its threads, and answers each take with its own message', async () => {
    const { raw, intake, inProcess } = pool();
    intake.expect(200);
    expect(await intake.ready()).toBe(true);
    expect(intake.running).toBe(2);
    const mail = messages(200);
    const results = await Promise.all(mail.map((m) => intake.take(m, sha256Hex(m))));
    expect(inProcess()).toBe(0);
    expect(results.map((r) => r.subject)).toEqual(mail.map((_, i) => `Message ${i}`));
    for (const m of mail) {
      expect((await raw.read(sha256Hex(m))).equals(m)).toBe(true);
      expect(m.byteLength).toBeGreaterThan(0); // the caller's bytes were copied, not taken away
    }
    await raw.flush();
  });

  it('brings back a message it cannot parse with its headers and the reason, stored whole', async () => {
    const { raw, intake } = pool();
    intake.expect(200);
    expect(await intake.ready()).toBe(true);
    let nested = 'x\r\n';
    for (let i = 99; i >= 0; i--) nested = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${nested}--b${i}--\r\n`;
    const broken = Buffer.from(`From: Anna <anna@ex.com>\r\nSubject: deep\r\nMessage-ID: <deep@ex.com>\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n${nested}`);
    const parsed = await intake.take(broken, sha256Hex(broken));
    expect(parsed).toMatchObject({ subject: 'deep', messageId: '<deep@ex.com>', parseError: expect.any(String) });
    expect((await raw.read(sha256Hex(broken))).equals(broken)).toBe(true);
  });

  it('when a thread dies, stores the message it was parsing raw with the reason, parses the others again, and starts a new thread', async () => {
    const { raw, intake } = pool({ threads: 1, heapLimitMb: 16 });
    intake.expect(200);
    expect(await intake.ready()).toBe(true);
    const [before, after] = [messages(5), messages(5, 5)];
    const big = heapBuster();
    const results = await Promise.all([...before, big, ...after].map((m) => intake.take(m, sha256Hex(m))));
    const [bigResult] = results.splice(5, 1);
    expect(bigResult).toMatchObject({ subject: 'huge', messageId: '<huge@ex.com>', parseError: expect.stringMatching(/^the parser thread stopped: .*memory/) });
    expect((await raw.read(sha256Hex(big))).equals(big)).toBe(true);
    expect(results.map((r) => [r.subject, r.parseError])).toEqual([...before, ...after].map((_, i) => [`Message ${i}`, undefined]));
    expect(intake.running).toBe(1);
    expect(await intake.ready()).toBe(true);
    const next = messages(1, 10)[0];
    expect((await intake.take(next, sha256Hex(next))).subject).toBe('Message 10');
  });

  it('stops a parse that runs past the time cap: the message is stored raw with the reason, the others parsed, the threads kept', async () => {
    // 30 MB of text take far longer than 20 ms to parse on any machine.
    const { raw, intake } = pool({ threads: 1, parseTimeoutMs: 20, maxRestarts: 0, idleMs: 600_000 });
    intake.expect(200);
    expect(await intake.ready()).toBe(true);
    const slow = Buffer.from(`From: Slow <slow@ex.com>\r\nSubject: slow\r\nMessage-ID: <slow@ex.com>\r\n\r\n${'a line of words\r\n'.repeat(2_000_000)}`);
    const [result, ...others] = await Promise.all([slow, ...messages(3)].map((m) => intake.take(m, sha256Hex(m))));
    expect(result).toMatchObject({ subject: 'slow', messageId: '<slow@ex.com>', parseError: 'the parser thread stopped: parsing one message took longer than 0.02 s' });
    expect((await raw.read(sha256Hex(slow))).equals(slow)).toBe(true);
    expect(others.map((r) => r.subject)).toEqual(['Message 0', 'Message 1', 'Message 2']);
    // A timeout is not a broken install: with no restarts allowed for deaths, a new thread still starts.
    expect(intake.running).toBe(1);
    expect(await intake.ready()).toBe(true);
  });

  it('keeps small imports on this thread, and starts threads once more than `startAfter` messages came', async () => {
    const { intake, inProcess } = pool({ startAfter: 3 });
    intake.expect(3);
    const mail = messages(4);
    for (const m of mail.slice(0, 3)) await intake.take(m, sha256Hex(m));
    expect(intake.running).toBe(0);
    expect(inProcess()).toBe(3);
    await intake.take(mail[3], sha256Hex(mail[3]));
    expect(intake.running).toBe(2);
  });

  it('stops its threads after `idleMs` without work', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { intake } = pool({ idleMs: 10_000 });
    intake.expect(200);
    expect(await intake.ready()).toBe(true);
    const mail = messages(20);
    await Promise.all(mail.map((m) => intake.take(m, sha256Hex(m))));
    vi.advanceTimersByTime(9_999);
    expect(intake.running).toBe(2);
    vi.advanceTimersByTime(1);
    expect(intake.running).toBe(0);
  });

  it('never keeps the process alive: a process that used its threads ends on its own', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/helpers/intake-child.ts'), tempDir()], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // Only a guard for a failing run: a child that hangs would otherwise only end with the test's timeout.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(guard);
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: 'parsed 50 on 2 threads' });
  });

  it('works in the built h2h: a large import gets its threads (no warning that they are unavailable)', async () => {
    const f = fixture();
    const mbox = join(f.root, 'mail.mbox');
    await writeMbox(mbox, 300, 3);
    const r = await spawnCli(['import', '--json', mbox], { env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('parser threads');
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 300, added: 300 });
  });
});
