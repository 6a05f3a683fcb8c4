/**
 * Grouped aggregation over SESSION windows: per group key, a session is a run of rows each less than
 * `gap` after the one before; it ends `gap` after its last row (Flink's session windows).
 *
 *   key a:  x  x   x           x  x        gap = 4
 *          [---------- )      [------)     window_end = last ts + gap
 *                  y           ← a row between two sessions that reaches both merges them into one
 *
 * A row opens the window [ts, ts + gap) and merges with every session of its key it touches (Flink's
 * TimeWindow.intersects: start ≤ other end and end ≥ other start), so a bridging row merges two sessions.
 * The merged session fires once the watermark reaches its end − 1 ms and is forgotten (bounded state:
 * only open sessions are kept). A row is late when even its merged session has already ended by the
 * watermark: dropped and reported; a row behind the watermark that still reaches an open session counts.
 *
 * State: `sessions`, namespace = session end (the timer: sessions fire in order of end, per-key timers
 * for free) → group key → {accumulators, start}. An in-memory index key → ends finds a key's sessions
 * on each row; it is derived from the table, rebuilt after a restore.
 * Over a changelog input, a -U/-D row is placed as Flink's group window places one (its own window
 * [ts, ts + gap) merges with the sessions it touches, so sessions only grow) and retracts from the merged
 * session; a session whose rows were all retracted emits nothing (Flink's record counter). A retraction
 * that touches no session is dropped.
 * Output row: [...keys, window_start, window_end, window_time, ...aggs]; append-only. With a pacer the
 * sessions a watermark closes fire in chunks (window-aggregate-base.ts), the operator frozen meanwhile.
 */
import type { Aggregation, Group } from '../aggregates/groups.js';
import type { Batch } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { anyCodec, type Codec } from '../state/value-codec.js';
import { WindowAggregateBase } from './window-aggregate-base.js';

interface Session {
  readonly g: Group;
  start: number;
}

export class SessionAggregateOperator extends WindowAggregateBase {
  private readonly sessions: KeyedStateTable<unknown, Session>;
  /** Group key → ends of its open sessions (at most a few); null until built from the table. */
  private index: Map<unknown, number[]> | null = null;

  constructor(
    agg: Aggregation,
    timeCol: number,
    private readonly gap: number,
  ) {
    // The base's bucket table stays empty: a session's size is only known when it ends.
    super(agg, timeCol, gap, false, 'unused');
    const codec: Codec<Session> = {
      encode: (s) => anyCodec.encode([s.start, agg.codec.encode(s.g)]),
      decode: (text) => {
        const [start, g] = anyCodec.decode(text) as [number, string];
        return { start, g: agg.codec.decode(g) };
      },
    };
    this.sessions = this.declare(
      new KeyedStateTable<unknown, Session>('sessions', { codec, keyText: agg.keyText, keyOf: (s) => agg.keyFromValues(s.g.key), order: (s) => s.g.ord }),
    );
  }

  private keyIndex(): Map<unknown, number[]> {
    if (this.index !== null) return this.index;
    const index = new Map<unknown, number[]>();
    for (const end of this.sessions.namespacesIn(-Infinity, Infinity)) {
      for (const key of this.sessions.space(end)!.keys()) {
        const ends = index.get(key);
        if (ends === undefined) index.set(key, [end]);
        else ends.push(end);
      }
    }
    return (this.index = index);
  }

  onData(input: number, batch: Batch): void {
    if (this.frozen) return this.stash(() => this.onData(input, batch));
    const { rows, wms } = batch;
    const { agg, gap, timeCol, sessions } = this;
    const ops = agg.retractable ? batch.ops : null;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      let wm = this.wm;
      if (wms !== null && wms[i]! > wm) {
        this.advance((wm = wms[i]!));
        // A firing left to the pacer: this row and the rest of the batch wait until it is done.
        if (this.frozen) return this.stashRest(input, batch, i);
      }
      const ts = row[timeCol] as number;
      const key = agg.keyOf(row);
      const index = this.keyIndex();
      const ends = index.get(key);
      let start = ts;
      let end = ts + gap;
      // Sessions this row touches: their union with [ts, ts + gap) is the merged session.
      const touched: number[] = [];
      if (ends !== undefined) {
        for (const e of ends) {
          const s = sessions.get(e, key)!;
          if (ts <= e && ts + gap >= s.start) {
            touched.push(e);
            if (s.start < start) start = s.start;
            if (e > end) end = e;
          }
        }
      }
      if (end - 1 <= wm) {
        this.ctx.late(row, wm);
        continue;
      }
      const retraction = ops !== null && (ops[i] === '-U' || ops[i] === '-D');
      // A retraction that reaches no session has no row to take back: dropped.
      if (retraction && touched.length === 0) continue;
      let target: Session;
      if (touched.length === 0) {
        target = { g: agg.newGroup(row), start };
      } else {
        // The earliest touched session absorbs the others.
        touched.sort((a, b) => sessions.get(a, key)!.start - sessions.get(b, key)!.start);
        target = sessions.get(touched[0]!, key)!;
        for (let j = 1; j < touched.length; j++) agg.merge(target.g, sessions.get(touched[j]!, key)!.g);
        target.start = start;
      }
      if (retraction) agg.retract(target.g, row);
      else agg.add(target.g, row);
      const kept = touched.length === 1 && touched[0] === end ? end : NaN;
      for (const e of touched) if (e !== kept) sessions.delete(e, key);
      if (kept === end) sessions.touch(end, key);
      else {
        // Moved to its new end: renumbered, so its order there is its order after a restore.
        if (touched.length > 0) agg.renumber(target.g);
        sessions.put(end, key, target);
      }
      const rest = ends === undefined ? [] : ends.filter((e) => !touched.includes(e));
      rest.push(end);
      index.set(key, rest);
    }
    this.flush();
  }

  /** Fires, in order of their end, the sessions the watermark `wm` closes (in chunks, with a pacer). */
  protected advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    const first = this.sessions.firstNamespace;
    if (first === undefined || first - 1 > wm) return;
    this.fire(this.fireSessions(wm, prev));
  }

  private *fireSessions(wm: number, prev: number): Generator<void> {
    const { sessions } = this;
    const index = this.keyIndex();
    for (const end of sessions.namespacesWhile((e) => e - 1 <= wm)) {
      for (const [key, s] of sessions.space(end)!) {
        // n = 0: every row of the session was retracted (a changelog input).
        if (s.g.n !== 0) this.pend(this.outputGroup(s.g, s.start, end), '+I', prev);
        const ends = index.get(key);
        const rest = ends === undefined ? [] : ends.filter((e) => e !== end);
        if (rest.length === 0) index.delete(key);
        else index.set(key, rest);
        if (this.chunkFull) yield;
      }
      sessions.drop(end);
    }
  }
}
