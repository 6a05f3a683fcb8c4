/**
 * What the changelog input operators (changelog-normalize.ts, changelog-match.ts) share: one namespace
 * of entries keyed by a tuple text, and the optional state.ttl (processing time, on the engine's clock)
 * under which an entry not written for the TTL is forgotten silently, as Flink's table.exec.state.ttl.
 */
import { Operator, type OperatorContext } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { StateTtl } from '../state/state-ttl.js';
import { valueCodec } from '../state/value-codec.js';

export const NS = 0;

export interface ChangelogEntry {
  /** The entry's tuple text (the in-memory key). */
  readonly k: string;
  /** state.ttl: when the entry was last written, on the engine's clock (absent without a TTL). */
  t?: number;
}

export abstract class ChangelogStateOperator<E extends ChangelogEntry> extends Operator {
  protected readonly rows: KeyedStateTable<string, E>;
  protected ttl: StateTtl | null = null;

  constructor(private readonly ttlMs: number | null) {
    super();
    this.rows = this.declare(new KeyedStateTable<string, E>('rows', { codec: valueCodec<E>(), keyText: (k) => k, keyOf: (e) => e.k }));
  }

  override open(ctx: OperatorContext): void {
    if (this.ttlMs === null) return;
    if (ctx.now === undefined) throw new Error('invariant: a changelog table with state.ttl needs the engine clock');
    this.ttl = new StateTtl(this.ttlMs, ctx.now);
  }

  /** The TTL clock's time for this batch (0 without a TTL), after a sweep when one is due. */
  protected ttlNow(): number {
    const ttl = this.ttl;
    if (ttl === null) return 0;
    const now = ttl.now();
    if (ttl.sweepDue(now)) this.sweep(ttl, now);
    return now;
  }

  /** Drops every entry not written within the TTL (nothing is emitted: expiry is silent). */
  private sweep(ttl: StateTtl, now: number): void {
    const space = this.rows.space(NS);
    if (space === undefined) return;
    for (const [k, e] of space) {
      if (e.t === undefined) e.t = now; // written before the TTL was set: its clock starts now
      else if (ttl.expired(e.t, now)) this.rows.delete(NS, k);
    }
  }
}
