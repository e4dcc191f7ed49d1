// Who gets a slot on the daemon's socket when all are taken. Node's own `maxConnections` refuses the
// newcomer, so a few slow clients of the user (a slowloris that never finishes its headers) could hold
// every slot and lock `gocondad status` and the shims' requests out until their timeouts. Instead the
// oldest connection that is not in the middle of a request (no complete headers yet, or idle between
// keep-alive requests) is closed and the newcomer served; only when every slot is busy with a request
// or a `status --watch` stream is the newcomer refused.

export interface Slot {
  /** A request is in flight (its headers are complete), or the connection became a stream. */
  busy: boolean;
}

/** Which connection to close for a newcomer over `max`: the oldest idle one; null: refuse the newcomer. Pure. */
export function pickEviction<K>(slots: Iterable<[K, Slot]>, newcomer: K): K | null {
  for (const [key, slot] of slots) if (key !== newcomer && !slot.busy) return key; // a Map iterates oldest first
  return null;
}

interface Closable {
  destroy(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** The socket's connections, oldest first, and the admission of each new one. */
export class Admission<S extends Closable> {
  private readonly slots = new Map<S, Slot>();

  constructor(
    private readonly max: number,
    private readonly report: (kind: 'connection_evicted' | 'connection_dropped', detail: string) => void,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  admit(sock: S): void {
    this.slots.set(sock, { busy: false });
    sock.once('close', () => this.slots.delete(sock));
    if (this.slots.size <= this.max) return;
    const victim = pickEviction(this.slots, sock);
    if (victim) {
      this.slots.delete(victim);
      victim.destroy();
      this.report('connection_evicted', `${this.max} connections open: closed the oldest one without a request in flight to serve a new one`);
    } else {
      this.slots.delete(sock);
      sock.destroy();
      this.report('connection_dropped', `${this.max} connections open, each with a request in flight or a stream: refused a new one`);
    }
  }

  /** A request on `sock` has complete headers (or it became a stream: `untilClose`); idle again when done. */
  busy(sock: S, done?: { once(event: 'close', listener: () => void): unknown }): void {
    const slot = this.slots.get(sock);
    if (!slot) return;
    slot.busy = true;
    done?.once('close', () => (slot.busy = false));
  }
}
