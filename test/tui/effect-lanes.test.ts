import { describe, expect, it } from 'vitest';
import { EffectLanes } from '../../src/tui/hooks/effect-lanes.js';

/** A task that finishes only when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, wait: () => opened };
}

describe('EffectLanes', () => {
  it('runs writes one after another in the order asked, even when an earlier one takes longer', async () => {
    const lanes = new EffectLanes(() => {});
    const done: string[] = [];
    const slow = gate();
    void lanes.write(async () => {
      await slow.wait();
      done.push('tag');
    });
    const close = lanes.write(async () => void done.push('close'));
    slow.open();
    await close;
    expect(done).toEqual(['tag', 'close']);
  });

  it('runs a read while a write is still going (a send, a slow disk): reads never wait behind writes', async () => {
    const lanes = new EffectLanes(() => {});
    const stuck = gate();
    let writeDone = false;
    void lanes.write(async () => {
      await stuck.wait();
      writeDone = true;
    });
    let read = false;
    await lanes.read('list', async () => void (read = true));
    expect(read).toBe(true);
    expect(writeDone).toBe(false);
    stuck.open();
  });

  it('runs only the latest read of a kind asked for before it started; other kinds still run', async () => {
    const lanes = new EffectLanes(() => {});
    const busy = gate();
    const ran: string[] = [];
    void lanes.read('detail', () => busy.wait());
    void lanes.read('list', async () => void ran.push('list 1'));
    void lanes.read('list', async () => void ran.push('list 2'));
    const last = lanes.read('detail', async () => void ran.push('detail 2'));
    busy.open();
    await last;
    expect(ran).toEqual(['list 2', 'detail 2']);
  });

  it('reports a failed task and goes on with the next one in its lane', async () => {
    const errors: unknown[] = [];
    const lanes = new EffectLanes((e) => errors.push(e));
    void lanes.write(async () => {
      throw new Error('disk full');
    });
    let next = false;
    await lanes.write(async () => void (next = true));
    expect(next).toBe(true);
    expect(errors).toEqual([new Error('disk full')]);
  });
});
