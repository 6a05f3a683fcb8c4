/**
 * OVER aggregation on event time (Flink's RowTime{Rows,Range}{Bounded,Unbounded}PrecedingFunction): every
 * row comes out once, when the watermark reaches its time, with its calls computed over its frame. Ordered
 * by the processing-time attribute (`spec.arrival`, Flink's ProcTime*Over functions) the same timers run on
 * the stamped times instead: each batch's rows fire as it is taken in, in arrival order, rows stamped with
 * one time being peers; nothing is late, the watermark fires nothing.
 *
 *   key k:  r1(t=1) r2(t=2) r3(t=2) r4(t=5)      ROWS 1 PRECEDING: r3 → {r2, r3}
 *                                                RANGE 1 s PRECEDING at t: rows with time in [t − 1 s, t]
 *                                                (peers — rows of the same time — share one result)
 *
 * Rows wait in `pending` (namespace = their time, the timer) until the watermark reaches it; then, per
 * time in ascending order and per key, they are accumulated into the key's running frame (retracting
 * what leaves a bounded frame) and emitted with the results. Rows of one time and key keep their arrival
 * order (ROWS frames, LAG). LAG follows the frame's unit as Flink's LAG accumulator does: in a ROWS frame
 * it reads the rows before the current one, in a RANGE frame (the default) the rows before the last peer,
 * so peers share one LAG value too.
 * Lateness, as Flink decides it: with a bounded frame (n PRECEDING) a row is late when its time is not
 * after the last time its key emitted; with an unbounded frame when its time is not after the watermark
 * at its arrival. Late rows are reported and dropped.
 * Cleanup of a RANGE n PRECEDING frame, as Flink's RowTimeRangeBoundedPrecedingFunction does it on event
 * time: a row taken at t sets the key's cleanup time to t + 1.5·n + 1 ms unless it is already at least
 * t + n + 1 ms (each new cleanup time is a timer: a `pending` entry without rows). When the watermark
 * reaches the key's current cleanup time, the key's whole state goes (frame, accumulators, last emitted
 * time), so a row behind the watermark that comes after is taken again and starts an empty frame; a
 * superseded cleanup timer still counts as a firing of the key (its time becomes the last emitted time,
 * Flink's lastTriggeringTs), which makes the rows at or before it late.
 *
 *   RANGE 10 s: rows at 90 s, 95 s, 99 s → cleanup at 114.001 s; watermark 140 s: the key is forgotten;
 *   a row at 53 s then counts, alone in its frame (a row at 53 s before 114.001 s would be late).
 *
 * State: `pending` (time → key → rows), `frames` (key → accumulators, the rows of a bounded frame, the
 * last rows LAG reads, the last emitted time, the cleanup time). Output row: [...input row, ...call
 * results]; append-only.
 */
import type { OverAggregateSpec } from '../../planner/compile-rank-over.js';
import { compileExpr } from '../../planner/compile-expr.js';
import type { AggCall } from '../../parser/logical-plan.js';
import { Aggregation, type Group } from '../aggregates/groups.js';
import type { Batch, Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { anyCodec, encodeKeyPart, type Codec } from '../state/value-codec.js';
import { TimerOperator } from './timer-operator.js';

interface Pending {
  readonly k: string;
  readonly rows: Row[];
  readonly ord: number;
}

interface Frame {
  readonly k: string;
  readonly g: Group;
  /** Bounded frames: the rows accumulated in `g`, oldest first. */
  readonly rows: Row[];
  /** The last rows of the key, newest last (the largest LAG offset + 1 of them). */
  readonly lags: Row[];
  /** The last time this key emitted (bounded frames: rows at or before it are late). */
  last: number;
  /** RANGE n PRECEDING: when the key's state goes (its latest cleanup timer), or null. */
  clean: number | null;
  /** With ranking calls: the key's counts so far. */
  ranks: Ranks | null;
}

type LagFn = { readonly at: number; readonly arg: (row: Row) => unknown; readonly offset: number; readonly dflt: (row: Row) => unknown };
type RankFn = { readonly at: number; readonly fn: 'row_number' | 'rank' | 'dense_rank' };

/** ROW_NUMBER / RANK / DENSE_RANK of a key so far: rows out, the rank and dense rank of the time `at`'s peers. */
interface Ranks {
  rows: number;
  rank: number;
  dense: number;
  at: number;
}

export class OverAggregateOperator extends TimerOperator<Pending> {
  private readonly agg: Aggregation;
  private readonly pending: KeyedStateTable<string, Pending>;
  private readonly frames: KeyedStateTable<string, Frame>;
  /** Output position of each aggregate call, after the input row. */
  private readonly aggAt: number[] = [];
  private readonly lagFns: LagFn[] = [];
  private readonly rankFns: RankFn[] = [];
  private readonly maxLag: number;
  private readonly width: number;
  private readonly results: unknown[];
  /** By arrival: the latest processing time stamped on a row taken in (what `due` fires up to). */
  private clock = -Infinity;

  constructor(private readonly spec: OverAggregateSpec) {
    super();
    const inputWidth = spec.inputWidth;
    this.width = inputWidth;
    const aggs: AggCall[] = [];
    spec.calls.forEach((c, i) => {
      if (c.kind === 'agg') {
        aggs.push(c.agg);
        this.aggAt.push(inputWidth + i);
      } else if (c.kind === 'rank') {
        this.rankFns.push({ at: inputWidth + i, fn: c.fn });
      } else {
        const dflt = c.default ? compileExpr(c.default) : () => null;
        this.lagFns.push({ at: inputWidth + i, arg: compileExpr(c.arg), offset: c.offset, dflt });
      }
    });
    this.maxLag = this.lagFns.reduce((m, l) => Math.max(m, l.offset), 0);
    // A bounded frame retracts the rows that leave it: MIN/MAX then keep value multisets.
    this.agg = new Aggregation([], aggs, spec.frame.preceding !== null);
    this.results = new Array<unknown>(aggs.length);
    const agg = this.agg;
    const pendingCodec = this.ordCodec<Pending>(
      (p) => [p.k, p.rows, p.ord],
      ([k, rows, ord]) => ({ k: k as string, rows: rows as Row[], ord: ord as number }),
    );
    const frameCodec: Codec<Frame> = {
      encode: (f) => {
        const r = f.ranks;
        return anyCodec.encode(r === null ? [f.k, agg.codec.encode(f.g), f.rows, f.lags, f.last, f.clean] : [f.k, agg.codec.encode(f.g), f.rows, f.lags, f.last, f.clean, [r.rows, r.rank, r.dense, r.at]]);
      },
      decode: (text) => {
        // A frame written before cleanup times existed has five fields: it has no cleanup time yet; one
        // without ranking calls has no counts.
        const [k, g, rows, lags, last, clean, r] = anyCodec.decode(text) as [string, string, Row[], Row[], number, number | null | undefined, number[] | undefined];
        const ranks = r === undefined ? this.newRanks() : { rows: r[0]!, rank: r[1]!, dense: r[2]!, at: r[3]! };
        return { k, g: agg.codec.decode(g), rows, lags, last, clean: clean ?? null, ranks };
      },
    };
    this.pending = this.declareTimers(new KeyedStateTable<string, Pending>('pending', { codec: pendingCodec, keyText: (k) => k, keyOf: (p) => p.k, order: (p) => p.ord }));
    this.frames = this.declare(new KeyedStateTable<string, Frame>('frames', { codec: frameCodec, keyText: (k) => k, keyOf: (f) => f.k, order: (f) => f.g.ord }));
  }

  onData(_input: number, batch: Batch): void {
    const { rows, wms } = batch;
    const { spec, pending, frames } = this;
    const keyFns = spec.partition;
    const bounded = spec.frame.preceding !== null;
    const cleans = this.cleanAfter !== null;
    const arrival = spec.arrival;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      if (wms !== null) this.arrive(wms[i]!);
      const ts = row[spec.timeCol] as number | null;
      if (ts === null) continue; // the binder orders by a NOT NULL time attribute; kept defensive
      let k = '';
      for (let j = 0; j < keyFns.length; j++) k += encodeKeyPart(keyFns[j]!(row));
      if (arrival) {
        // By arrival nothing is late: a row's stamp is never before the last one's (a stamp equal to it
        // joins its peers, even across batches).
        if (ts > this.clock) this.clock = ts;
      } else {
        const late = bounded ? ts <= (frames.get(0, k)?.last ?? -Infinity) : ts <= this.wm;
        if (late) {
          this.ctx.late(row, this.wm);
          continue;
        }
      }
      this.timer(ts, k).rows.push(row);
      if (cleans) this.registerCleanup(ts, k);
      // By arrival a ROWS frame has no peers: the row goes out at once, so rows leave in arrival order.
      if (arrival && spec.frame.unit === 'rows') this.fireDueNow();
    }
    // By arrival a RANGE frame's rows go out at the end of the batch, with their peers (the rows stamped
    // with their time), key by key as Flink's processing-time timers fire them.
    if (arrival) this.fireDueNow();
    this.flush();
  }

  /** By arrival, entries fire on the stamped times seen (the batch's), never on the watermark. */
  protected override due(ns: number, wm: number): boolean {
    return this.spec.arrival ? ns <= this.clock : ns <= wm;
  }

  /** RANGE n PRECEDING: n (ms) when the frame's state is cleaned on event time, else null. */
  private get cleanAfter(): number | null {
    const f = this.spec.frame;
    return f.unit === 'range' ? f.preceding : null;
  }

  /** The key's entry at time `ts` (its rows, or none for a cleanup timer), made if missing. */
  private timer(ts: number, k: string): Pending {
    let p = this.pending.get(ts, k);
    if (p === undefined) {
      p = { k, rows: [], ord: this.nextOrd++ };
      this.pending.put(ts, k, p);
    } else this.pending.touch(ts, k);
    return p;
  }

  /**
   * A row taken at `ts` keeps its key's state until at least ts + n + 1 ms: when the cleanup time is
   * earlier, a new one is set at ts + 1.5·n + 1 ms and a timer goes there (Flink's registerCleanupTimer;
   * the old timer stays and fires as a plain firing).
   */
  private registerCleanup(ts: number, k: string): void {
    const n = this.cleanAfter!;
    let f = this.frames.get(0, k);
    if (f === undefined) {
      f = this.newFrame(k);
      this.frames.put(0, k, f);
    }
    if (f.clean !== null && f.clean >= ts + n + 1) return;
    this.frames.touch(0, k);
    f.clean = ts + Math.floor(n * 1.5) + 1;
    this.timer(f.clean, k);
  }

  private newFrame(k: string): Frame {
    return { k, g: this.agg.newGroup([]), rows: [], lags: [], last: -Infinity, clean: null, ranks: this.newRanks() };
  }

  private newRanks(): Ranks | null {
    return this.rankFns.length === 0 ? null : { rows: 0, rank: 0, dense: 0, at: -Infinity };
  }

  /**
   * One key's rows of one time: into the frame, out with their results. An entry without rows is a
   * cleanup timer: at the key's cleanup time its state goes; an earlier (superseded) one only marks the
   * time as fired.
   */
  protected fire(ts: number, p: Pending, wm: number): void {
    const { agg, frames, spec } = this;
    let f = frames.get(0, p.k);
    if (f !== undefined && f.clean !== null && f.clean <= ts) {
      // Every row of the key is before its cleanup time, so none is waiting: the whole state goes.
      frames.delete(0, p.k);
      return;
    }
    if (f === undefined) {
      if (p.rows.length === 0) return;
      f = this.newFrame(p.k);
      frames.put(0, p.k, f);
    } else frames.touch(0, p.k);
    f.last = ts;
    if (p.rows.length === 0) return;
    const r = f.ranks;
    if (r !== null && r.at !== ts) {
      // A new peer group (time): its rank follows the rows before it, its dense rank the groups before it.
      r.rank = r.rows + 1;
      r.dense++;
      r.at = ts;
    }
    const n = spec.frame.preceding;
    if (spec.frame.unit === 'range') {
      // Peers first: every row of this time is in every peer's frame.
      if (n !== null) {
        while (f.rows.length > 0 && (f.rows[0]![spec.timeCol] as number) < ts - n) agg.retract(f.g, f.rows.shift()!);
      }
      for (const row of p.rows) {
        agg.add(f.g, row);
        if (n !== null) f.rows.push(row);
      }
      agg.results(f.g, this.results, 0);
      // LAG too is computed once for all peers, after the last of them (as Flink's LAG accumulator).
      for (const row of p.rows) this.pushLag(f, row);
      for (const row of p.rows) this.emitWith(row, f, wm);
      return;
    }
    for (const row of p.rows) {
      agg.add(f.g, row);
      agg.results(f.g, this.results, 0);
      this.pushLag(f, row);
      this.emitWith(row, f, wm);
      if (n !== null) {
        f.rows.push(row);
        if (f.rows.length > n) agg.retract(f.g, f.rows.shift()!);
      }
    }
  }

  /** A row into the key's last rows, which LAG reads (the largest offset + 1 of them are kept). */
  private pushLag(f: Frame, row: Row): void {
    if (this.maxLag === 0) return;
    f.lags.push(row);
    if (f.lags.length > this.maxLag + 1) f.lags.shift();
  }

  /**
   * A row out with its calls' results and its LAG values: LAG(x, n) is x of the row n before the last
   * row accumulated — the row itself in a ROWS frame, the last of its peers in a RANGE frame.
   */
  private emitWith(row: Row, f: Frame, wm: number): void {
    const out = new Array<unknown>(this.width + this.spec.calls.length);
    for (let i = 0; i < this.width; i++) out[i] = row[i];
    for (let j = 0; j < this.aggAt.length; j++) out[this.aggAt[j]!] = this.results[j];
    const r = f.ranks;
    if (r !== null) {
      r.rows++;
      for (const rf of this.rankFns) out[rf.at] = rf.fn === 'row_number' ? r.rows : rf.fn === 'rank' ? r.rank : r.dense;
    }
    for (const l of this.lagFns) {
      const before = f.lags[f.lags.length - 1 - l.offset];
      out[l.at] = before === undefined ? l.dflt(row) : l.arg(before);
    }
    this.emit(out, wm);
  }
}
