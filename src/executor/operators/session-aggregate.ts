/**
 * Grouped aggregation over SESSION windows: per session key, a session is a run of rows each less than
 * `gap` after the one before; it ends `gap` after its last row (Flink's session windows). The session key
 * is the whole GROUP BY key (legacy GROUP BY SESSION) or the TVF's PARTITION BY keys, a part of it (none:
 * sessions over all rows); within a session the rows are grouped by the whole GROUP BY key, one output
 * row per group:
 *
 *   SESSION(TABLE t, ...) GROUP BY name:   a x  b x  a x        one session over all rows [1, 13):
 *                                          rows a → (a, 1, 13, ...), rows b → (b, 1, 13, ...)
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
 * for free) → session key → {start, groups (key, accumulators)}. An in-memory index session key → ends
 * finds a key's sessions on each row; it is derived from the table, rebuilt after a restore.
 * Over a changelog input, a -U/-D row is placed as Flink's group window places one (its own window
 * [ts, ts + gap) merges with the sessions it touches, so sessions only grow) and retracts from its group
 * in the merged session; a group whose rows were all retracted emits nothing (Flink's record counter). A
 * retraction that touches no session, or no row of its group in the session, is dropped.
 * Output row: [...keys, window_start, window_end, window_time, ...aggs]; append-only. With a pacer the
 * sessions a watermark closes fire in chunks (window-aggregate-base.ts), the operator frozen meanwhile.
 */
import { keyFromValues, tupleKey, type Aggregation, type Group } from '../aggregates/groups.js';
import type { Batch, Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { anyCodec, type Codec } from '../state/value-codec.js';
import { WindowAggregateBase } from './window-aggregate-base.js';

interface Session {
  start: number;
  /** The session's groups by group key, in creation order (one when the session key is the group key). */
  readonly groups: Map<unknown, Group>;
}

export class SessionAggregateOperator extends WindowAggregateBase {
  private readonly sessions: KeyedStateTable<unknown, Session>;
  /** Group key → ends of its open sessions (at most a few); null until built from the table. */
  private index: Map<unknown, number[]> | null = null;

  /** The session key of a row, its stored text, and the session key of a group's key values. */
  private readonly sessionKeyOf: (row: Row) => unknown;
  private readonly sessionKeyText: (key: unknown) => string;
  private readonly sessionKeyFromValues: (values: readonly unknown[]) => unknown;

  /**
   * `sessionKeys`: the positions, among the GROUP BY keys, of the keys sessions are found by; null when
   * it is the whole group key.
   */
  constructor(
    agg: Aggregation,
    timeCol: number,
    private readonly gap: number,
    sessionKeys: readonly number[] | null,
  ) {
    // The base's bucket table stays empty: a session's size is only known when it ends.
    super(agg, timeCol, gap, false, 'unused');
    const n = agg.keyFns.length;
    const keys = sessionKeys === null || (sessionKeys.length === n && sessionKeys.every((k, i) => k === i)) ? null : sessionKeys;
    const key = keys === null ? { of: agg.keyOf, text: agg.keyText } : tupleKey(keys.map((k) => agg.keyFns[k]!), keys.map((k) => agg.keyComposite[k]!));
    this.sessionKeyOf = key.of;
    this.sessionKeyText = key.text;
    this.sessionKeyFromValues = keys === null ? keyFromValues : (values) => keyFromValues(keys.map((k) => values[k]));
    const codec: Codec<Session> = {
      encode: (s) => anyCodec.encode([s.start, [...s.groups.values()].map((g) => agg.codec.encode(g))]),
      decode: (text) => {
        // A session stored before sessions had several groups holds its one group's text.
        const [start, gs] = anyCodec.decode(text) as [number, string | string[]];
        const groups = new Map<unknown, Group>();
        for (const t of typeof gs === 'string' ? [gs] : gs) {
          const g = agg.codec.decode(t);
          groups.set(agg.keyFromValues(g.key), g);
        }
        return { start, groups };
      },
    };
    this.sessions = this.declare(
      new KeyedStateTable<unknown, Session>('sessions', {
        codec,
        keyText: this.sessionKeyText,
        keyOf: (s) => this.sessionKeyFromValues(first(s).key),
        order: (s) => first(s).ord,
      }),
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
      const key = this.sessionKeyOf(row);
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
        target = { start, groups: new Map() };
      } else {
        // The earliest touched session absorbs the others, group by group.
        touched.sort((a, b) => sessions.get(a, key)!.start - sessions.get(b, key)!.start);
        target = sessions.get(touched[0]!, key)!;
        for (let j = 1; j < touched.length; j++) {
          for (const [gk, g] of sessions.get(touched[j]!, key)!.groups) {
            const into = target.groups.get(gk);
            if (into === undefined) target.groups.set(gk, g);
            else agg.merge(into, g);
          }
        }
        target.start = start;
      }
      const gk = agg.keyOf(row);
      let g = target.groups.get(gk);
      if (g === undefined && !retraction) {
        g = agg.newGroup(row);
        target.groups.set(gk, g);
      }
      if (g !== undefined) {
        if (retraction) agg.retract(g, row);
        else agg.add(g, row);
      }
      const kept = touched.length === 1 && touched[0] === end ? end : NaN;
      for (const e of touched) if (e !== kept) sessions.delete(e, key);
      if (kept === end) sessions.touch(end, key);
      else {
        // Moved to its new end: renumbered, so its order there is its order after a restore.
        if (touched.length > 0) for (const tg of target.groups.values()) agg.renumber(tg);
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
        // n = 0: every row of the group was retracted (a changelog input).
        for (const g of s.groups.values()) if (g.n !== 0) this.pend(this.outputGroup(g, s.start, end), '+I', prev);
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

/** A session's first group (it has one from its first row on). */
const first = (s: Session): Group => s.groups.values().next().value!;
