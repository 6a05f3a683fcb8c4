/**
 * Keep-first deduplication on event time over a whole stream, append-only: per key, the row with the
 * smallest time (equal times: the earlier arrival), emitted once the watermark reaches that time — no
 * row that could still come is earlier, so the pick is final and nothing is ever retracted.
 *
 *   key a:  x(t=5)  y(t=3)        wm 3: emit y; then z(t=9) for a is not the first: dropped
 *
 * A row at or behind the watermark when it arrives is late (reported, dropped): an earlier row of its
 * key could have been emitted already. State: `candidates` (namespace = the candidate's time, the timer
 * → key → row) and `done` (key → emitted), one entry per key ever seen (unbounded in the number of
 * keys, as Flink's deduplication without state TTL). An in-memory key → candidate time index is derived
 * from `candidates` and rebuilt after a restore. Output row: [...input row, (rn = 1)].
 */
import type { RankSpec } from '../../planner/compile-rank-over.js';
import type { Batch, Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { encodeKeyPart } from '../state/value-codec.js';
import { TimerOperator } from './timer-operator.js';

interface Candidate {
  readonly k: string;
  readonly row: Row;
  readonly ord: number;
}

export class DedupKeepFirstOperator extends TimerOperator<Candidate> {
  private readonly candidates: KeyedStateTable<string, Candidate>;
  private readonly done: KeyedStateTable<string, string>;
  private index: Map<string, number> | null = null;
  private readonly timeCol: number;

  constructor(private readonly spec: RankSpec) {
    super();
    const t = spec.order[0];
    if (t === undefined || spec.order.length !== 1) throw new Error('invariant: keep-first dedup orders by the time attribute alone');
    this.timeCol = t.index;
    const codec = this.ordCodec<Candidate>(
      (c) => [c.k, c.row, c.ord],
      ([k, row, ord]) => ({ k: k as string, row: row as Row, ord: ord as number }),
    );
    this.candidates = this.declareTimers(new KeyedStateTable<string, Candidate>('candidates', { codec, keyText: (k) => k, keyOf: (c) => c.k, order: (c) => c.ord }));
    this.done = this.declare(new KeyedStateTable<string, string>('done', { codec: { encode: (k) => JSON.stringify(k), decode: (t) => JSON.parse(t) as string }, keyText: (k) => k, keyOf: (k) => k }));
  }

  private keyIndex(): Map<string, number> {
    if (this.index !== null) return this.index;
    const index = new Map<string, number>();
    for (const ts of this.candidates.namespacesIn(-Infinity, Infinity)) for (const k of this.candidates.space(ts)!.keys()) index.set(k, ts);
    return (this.index = index);
  }

  onData(_input: number, batch: Batch): void {
    const { rows, wms } = batch;
    const { candidates, timeCol } = this;
    const keyFns = this.spec.partition;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      if (wms !== null) this.arrive(wms[i]!);
      const ts = row[timeCol] as number;
      if (ts <= this.wm) {
        this.ctx.late(row, this.wm);
        continue;
      }
      let k = '';
      for (let j = 0; j < keyFns.length; j++) k += encodeKeyPart(keyFns[j]!(row));
      if (this.done.get(0, k) !== undefined) continue; // its first row was emitted: this one is not first
      const index = this.keyIndex();
      const at = index.get(k);
      if (at !== undefined) {
        if (ts >= at) continue; // equal times: the earlier arrival stays
        candidates.delete(at, k);
      }
      candidates.put(ts, k, { k, row, ord: this.nextOrd++ });
      index.set(k, ts);
    }
    this.flush();
  }

  protected override beforeFire(): void {
    this.keyIndex();
  }

  /** The key's candidate is final: out, and the key is done. */
  protected fire(_ts: number, c: Candidate, wm: number): void {
    this.emit(this.spec.outputRank ? [...c.row, 1] : c.row, wm);
    this.done.put(0, c.k, c.k);
    this.index?.delete(c.k);
  }
}
