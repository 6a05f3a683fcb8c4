/**
 * Where each saved state entry of a view belongs when N workers become N': the key group of its
 * partition key value, read from the stored key.
 *
 * Every worker runs the same plan; the worker check (connectors/nats/worker-plan.ts) only accepts
 * stateful steps keyed by the partition key, so each keyed entry holds one key's state and its stored
 * key carries the partition key value:
 *
 *   stored key   <table>:<namespace part><key text>           (executor/state/state-table.ts)
 *   GROUP BY     key text = the group key tuple                (windows, panes, emitted, cycles, sessions, groups)
 *   join         key text = one string part, the join key tuple (left, right; a window join's starts
 *                with the window start)
 *   changelog    key text = the PRIMARY KEY tuple, or the whole row without one (rows)
 *   Top-N, dedup, OVER  key text = the PARTITION BY tuple      (ranks, done, candidates, frames, pending)
 *
 * A locator decodes the tuple and hashes the element at the partition key's position, which the plan
 * gives (the key expression that passes the partition key column through). Operator-wide values (the
 * operator watermark, counters, the next window to fire) have no key: `merge` says how the old
 * workers' values combine, or that they must be equal. Operators and tables not listed here are not
 * placed: the caller refuses to move state it cannot place.
 */
import type { CatalogReader } from '../parser/catalog.js';
import type { BoundExpr } from '../parser/bound-expr.js';
import type { LogicalPlan } from '../parser/logical-plan.js';
import { optimize } from '../planner/compile.js';
import { childPath, nodeId } from '../planner/identity.js';
import { decodeKey } from '../executor/state/value-codec.js';
import { keyedColumns } from '../executor/connectors/nats/worker-plan.js';
import { partitionOf } from '../executor/connectors/nats/partitioning.js';

/** How old workers' copies of an operator-wide value combine into the new workers' one. */
export type Merge = 'min' | 'max' | 'equal';

export interface Locator {
  /** The operator kind (for messages). */
  readonly kind: string;
  /** Partition count of the keyed input; null: the operator sees single-split sources only (worker 0's). */
  readonly partitions: number | null;
  /** Keyed tables: stored key without `<table>:` → the partition key value. */
  readonly tables: ReadonlyMap<string, (rest: string) => unknown>;
  /** Operator-wide values by stored key (`wm`, `next_fire:` ...). */
  readonly values: ReadonlyMap<string, Merge>;
}

/** Values every operator may store: its watermark and its inputs' watermarks (runtime/operator-state.ts). */
const COMMON: ReadonlyArray<[string, Merge]> = [['wm', 'min'], ['iwm', 'min']];

/** An operator no plan node names (a shared stateless node): it may hold watermarks, nothing else. */
export const STATELESS: Locator = { kind: 'stateless', partitions: null, tables: new Map(), values: new Map(COMMON) };

/** The locators of the operators of a view, by stored operator id (`<view>/<node id>`). */
export function locatorsOf(view: string, plan: LogicalPlan, catalog: CatalogReader, workers: number): Map<string, Locator> {
  const out = new Map<string, Locator>();
  const walk = (p: LogicalPlan, path: string): void => {
    p.inputs.forEach((c: LogicalPlan, i: number) => walk(c, childPath(path, i)));
    const at = (kind: string) => `${view}/${nodeId(path, kind)}`;
    switch (p.kind) {
      case 'window_aggregate':
      case 'group_aggregate': {
        const { partitions, index } = keyIndex(p.keys, p.inputs[0], catalog, workers);
        const byGroup = (rest: string) => (index === null ? null : afterNamespace(rest)[index]);
        const tables = new Map(['windows', 'panes', 'emitted', 'cycles', 'sessions', 'groups'].map((t) => [t, byGroup]));
        const values: [string, Merge][] = [...COMMON, ['next_fire:', 'equal'], ['next_end:', 'equal']];
        out.set(at(p.kind), { kind: p.kind, partitions, tables, values: new Map(values) });
        // A window over processing time reads it from a clock node of its own (its watermark only).
        if (p.kind === 'window_aggregate') out.set(at('proctime_clock'), { kind: 'proctime_clock', partitions: null, tables: new Map(), values: new Map(COMMON) });
        return;
      }
      case 'join': {
        // The pair of keys that equates both sides' partition keys (the worker check found one).
        const left = keyedColumns(p.inputs[0], catalog, workers);
        const right = keyedColumns(p.inputs[1], catalog, workers);
        const isKey = (e: BoundExpr, k: typeof left) => k !== null && e.kind === 'input' && k.cols.has(e.index);
        const pair = p.leftKeys.findIndex((l, i) => isKey(l, left) && isKey(p.rightKeys[i]!, right));
        // A window join's bucket key starts with the window start (window-join.ts), the others' with the key.
        const skip = p.strategy.kind === 'window' ? 1 : 0;
        const byJoinKey = (rest: string) => {
          if (pair < 0) return null;
          const inner = afterNamespace(rest)[0];
          if (typeof inner !== 'string') throw new Error(`a join state key of '${view}' is not a key tuple`);
          return decodeKey(inner)[pair + skip];
        };
        const partitions = left?.partitions ?? right?.partitions ?? null;
        // A temporal join keeps versions and probes in tables of its own: not placed (refused when not empty).
        const tables = p.strategy.kind === 'temporal' ? new Map<string, (rest: string) => unknown>() : new Map([['left', byJoinKey], ['right', byJoinKey]]);
        out.set(at('join'), { kind: 'join', partitions, tables, values: new Map([...COMMON, ['ord:', 'max']]) });
        for (const side of ['proctime_clock_left', 'proctime_clock_right']) out.set(at(side), { kind: 'proctime_clock', partitions: null, tables: new Map(), values: new Map(COMMON) });
        return;
      }
      case 'scan': {
        // A keyless changelog table's state is keyed by the whole row (changelog-match.ts).
        const key = p.upsertKey ?? (p.retractions ? p.schema.map((_, i) => i) : null);
        if (!key) return;
        const keys: BoundExpr[] = key.map((i) => ({ kind: 'input', index: i, name: p.schema[i]!.name, type: p.schema[i]!.type }));
        const { partitions, index } = keyIndex(keys, p, catalog, workers);
        const byPk = (rest: string) => (index === null ? null : afterNamespace(rest)[index]);
        out.set(at('changelog_normalize'), { kind: 'changelog_normalize', partitions, tables: new Map([['rows', byPk]]), values: new Map(COMMON) });
        return;
      }
      case 'rank':
      case 'over_aggregate': {
        // Top-N, deduplication and OVER keep their entries per PARTITION BY tuple (namespace 0, or the
        // time an entry fires at): ranks, done, candidates (dedup), frames, pending (OVER). The worker
        // check only lets them run on N workers partitioned by the partition key. Their creation order
        // (`ord`) is per entry; entries of different old workers may share one, which only orders
        // entries of different keys that fire at the same time.
        const { partitions, index } = keyIndex(p.partition, p.inputs[0], catalog, workers);
        const byPartition = (rest: string) => (index === null ? null : afterNamespace(rest)[index]);
        const tables = new Map(['ranks', 'done', 'candidates', 'frames', 'pending'].map((t) => [t, byPartition]));
        out.set(at(p.kind), { kind: p.kind, partitions, tables, values: new Map(COMMON) });
        return;
      }
      default: {
        // Stateless steps (filter, projection, window assignment, union) store at most watermarks;
        // the others are not placed: their state entries make the caller refuse.
        for (const kind of ['filter_project', 'window_assign', 'proctime_clock', 'unnest', 'union', p.kind]) {
          out.set(at(kind), { kind, partitions: null, tables: new Map(), values: new Map(COMMON) });
        }
      }
    }
  };
  walk(optimize(plan), '');
  return out;
}

/** The partition of a value the locator read (null: the entry is worker 0's). */
export function partitionOfValue(loc: Locator, value: unknown): number {
  if (loc.partitions === null) return 0;
  return partitionOf(value, loc.partitions);
}

/** The position among `keys` of the one that passes the input's partition key through. */
function keyIndex(keys: readonly BoundExpr[], input: LogicalPlan, catalog: CatalogReader, workers: number): { partitions: number | null; index: number | null } {
  const keyed = keyedColumns(input, catalog, workers);
  if (keyed === null) return { partitions: null, index: null };
  const index = keys.findIndex((k) => k.kind === 'input' && keyed.cols.has(k.index));
  if (index < 0) throw new Error('invariant: a keyed operator without the partition key passed the worker check');
  return { partitions: keyed.partitions, index };
}

/** The key tuple of a stored key after its namespace part. */
function afterNamespace(rest: string): unknown[] {
  return decodeKey(rest).slice(1);
}
