/**
 * The two lanes the TUI's effects run in. Writes (a tag, a close, a draft saved, a reply queued)
 * run one after another in the order asked: a tag then a close typed fast reach the store in that
 * order. Reads (the list, the open conversation) run in a lane of their own, so moving and
 * opening never wait behind a write, and only the latest read of each kind runs: a newer list
 * request makes an older one pointless. Sending is in neither: the outbox worker does it.
 */
export class EffectLanes {
  private writes: Promise<void> = Promise.resolve();
  private reads: Promise<void> = Promise.resolve();
  private readonly tickets = new Map<string, number>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `task` after every write asked for before it. Resolves when it is done. */
  write(task: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(() => task().catch(this.onError));
    return this.writes;
  }

  /** Runs `task` in the read lane, unless another read of the same `kind` is asked for before it starts. */
  read(kind: string, task: () => Promise<void>): Promise<void> {
    const ticket = (this.tickets.get(kind) ?? 0) + 1;
    this.tickets.set(kind, ticket);
    this.reads = this.reads.then(() => (this.tickets.get(kind) === ticket ? task().catch(this.onError) : undefined));
    return this.reads;
  }
}
