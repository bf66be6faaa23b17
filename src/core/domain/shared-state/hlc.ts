/**
 * A hybrid logical clock (Kulkarni et al., 2014): timestamps that follow the wall clock where it
 * is sane and never go backwards on one machine, and that order every event another machine's
 * clock was seen before. Written as one string that sorts as it compares: 13 digits of
 * milliseconds, 5 of counter, then the machine's id (so two machines never make the same stamp,
 * and ties are broken the same way everywhere).
 */
export type Hlc = string;

export type HlcParts = { wall: number; counter: number; node: string };

const maxCounter = 99_999;
/** A stamp from a clock this far ahead of ours is not believed: a broken clock must not stop the others. */
export const maxDriftMs = 24 * 3600_000;

export function formatHlc(p: HlcParts): Hlc {
  return `${String(p.wall).padStart(13, '0')}-${String(p.counter).padStart(5, '0')}-${p.node}`;
}

export function parseHlc(h: Hlc): HlcParts | null {
  const m = /^(\d{13})-(\d{5})-([a-z0-9]{1,32})$/.exec(h);
  return m ? { wall: Number(m[1]), counter: Number(m[2]), node: m[3] } : null;
}

export const compareHlc = (a: Hlc, b: Hlc): number => (a < b ? -1 : a > b ? 1 : 0);

/** One machine's clock: `now` for its own events, `seen` for stamps read from others. */
export class HybridClock {
  private last: HlcParts;

  constructor(
    readonly node: string,
    private readonly wallClock: () => number,
    last?: Hlc,
  ) {
    if (!/^[a-z0-9]{1,32}$/.test(node)) throw new Error(`a clock's node id is 1-32 lower-case letters and digits, not ${JSON.stringify(node)}`);
    this.last = (last && parseHlc(last)) || { wall: 0, counter: 0, node };
  }

  /** A stamp for an event here, after every stamp this clock made or saw. */
  now(): Hlc {
    const wall = this.wallClock();
    this.last = wall > this.last.wall ? { wall, counter: 0, node: this.node } : this.bump(this.last.wall, this.last.counter);
    return formatHlc(this.last);
  }

  /** Takes in a stamp read from another machine, so what happens here next is ordered after it. */
  seen(stamp: Hlc): void {
    const other = parseHlc(stamp);
    if (!other || other.wall > this.wallClock() + maxDriftMs) return;
    if (other.wall > this.last.wall || (other.wall === this.last.wall && other.counter > this.last.counter)) this.last = { wall: other.wall, counter: other.counter, node: this.node };
  }

  private bump(wall: number, counter: number): HlcParts {
    return counter < maxCounter ? { wall, counter: counter + 1, node: this.node } : { wall: wall + 1, counter: 0, node: this.node };
  }
}
