/**
 * A clock that moves only when told: `advance(ms)` runs every tick that falls due on the way, in time
 * order, with `now()` reading each tick's own time. Injected as `createEngine({ clock })` so generators
 * and idle timeouts run on it and no test waits on the wall clock.
 */
import type { Clock } from '../../src/executor/api.js';

interface Timer {
  readonly ms: number;
  next: number;
  readonly fn: () => void;
  active: boolean;
}

export class ManualClock implements Clock {
  private readonly timers: Timer[] = [];

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  every(ms: number, fn: () => void): () => void {
    const timer: Timer = { ms: Math.max(1, ms), next: this.t + Math.max(1, ms), fn, active: true };
    this.timers.push(timer);
    return () => {
      timer.active = false;
    };
  }

  /** Moves time forward by `ms`, firing due ticks in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let due: Timer | undefined;
      for (const x of this.timers) if (x.active && x.next <= end && (due === undefined || x.next < due.next)) due = x;
      if (due === undefined) break;
      this.t = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.t = end;
  }
}
