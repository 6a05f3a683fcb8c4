/**
 * Versioned relations: what the right side of an event-time temporal join (`FOR SYSTEM_TIME AS OF`)
 * must be. A versioned relation is a changelog whose rows are versions of keyed rows over event time:
 * each +I/+U row starts the version of its key at its time attribute, a -D ends the key's versions at
 * its time, and -U rows are not read (Flink asks the right input for UPDATE_AFTER only).
 *
 *   key      columns that say which rows are versions of one row (Flink's primary key / upsert key)
 *   rowtime  the event-time attribute that gives each version its time
 *
 * Derived from a plan in one place, for the binder (what may be joined, which ON equalities are the
 * key) and the planner (how the versions are read):
 *   scan      a table with PRIMARY KEY and WATERMARK FOR: its rows as they come, not normalized
 *   project   of a versioned relation, keeping every key column and the time attribute as plain columns
 *   rank      a deduplication on the time attribute of an append-only stream (`ROW_NUMBER() OVER
 *             (PARTITION BY k ORDER BY ts [DESC]) = 1`, keep first or last): key = the PARTITION BY
 *             columns; the rows it emits are the versions, its retractions never delete a key
 * A filter over a versioned relation is refused, as in Flink ("Filter is not allowed for right changelog
 * input of event time temporal join"): dropping a version would leave the one before it valid. (A filter
 * below a deduplication filters its append-only input and is allowed.) Anything else has no derivable key
 * or time attribute.
 */
import { isChangelog, type LogicalPlan } from './logical-plan.js';

export type Versioned =
  | {
      readonly ok: true;
      readonly key: readonly number[];
      readonly rowtime: number;
      /**
       * A -D row ends its key's versions (a changelog table's delete). False for a deduplication of an
       * append-only stream: its retractions only make way for the row that replaces them (the key is
       * never deleted), so only its +I/+U rows are versions.
       */
      readonly deletes: boolean;
    }
  | { readonly ok: false; readonly missing: 'key' | 'rowtime' | 'filter'; readonly why: string };

/**
 * `time` 'none': for a processing-time temporal join, whose versions are the latest at each arrival: a key
 * is needed, no time attribute (`rowtime` is then −1 when there is none), and a deduplication may be
 * ordered by a processing-time attribute too.
 */
export function versionedRelation(plan: LogicalPlan, time: 'event' | 'none' = 'event'): Versioned {
  switch (plan.kind) {
    case 'scan': {
      if (!plan.upsertKey || plan.upsertKey.length === 0) return { ok: false, missing: 'key', why: `'${plan.source}' has no PRIMARY KEY` };
      const rowtime = plan.schema.findIndex((c) => c.rowtime === true);
      if (rowtime < 0 && time === 'none') return { ok: true, key: plan.upsertKey, rowtime: -1, deletes: true };
      if (rowtime < 0) return { ok: false, missing: 'rowtime', why: `'${plan.source}' has no WATERMARK FOR column` };
      return { ok: true, key: plan.upsertKey, rowtime, deletes: true };
    }
    case 'project': {
      const inner = versionedRelation(plan.inputs[0], time);
      if (!inner.ok) return inner;
      const at = (i: number) => plan.exprs.findIndex((e) => e.kind === 'input' && e.index === i);
      const key = inner.key.map(at);
      const lost = inner.key.find((_, n) => key[n]! < 0);
      if (lost !== undefined) return { ok: false, missing: 'key', why: `its select list drops the key column '${plan.inputs[0].schema[lost]?.name}'` };
      if (time === 'none') {
        const rt = inner.rowtime < 0 ? -1 : at(inner.rowtime);
        return { ok: true, key, rowtime: rt >= 0 && plan.schema[rt]?.rowtime === true ? rt : -1, deletes: inner.deletes };
      }
      const rowtime = at(inner.rowtime);
      if (rowtime < 0 || plan.schema[rowtime]?.rowtime !== true) {
        return { ok: false, missing: 'rowtime', why: `its select list drops the time attribute '${plan.inputs[0].schema[inner.rowtime]?.name}'` };
      }
      return { ok: true, key, rowtime, deletes: inner.deletes };
    }
    case 'filter': {
      const inner = versionedRelation(plan.inputs[0], time);
      if (!inner.ok) return inner;
      return { ok: false, missing: 'filter', why: 'it filters the versions of a changelog, which would leave a filtered-out version\'s predecessor valid' };
    }
    case 'rank': {
      const order = plan.order.length === 1 ? plan.order[0]!.index : -1;
      const attr = plan.inputs[0].schema[order];
      const dedup = plan.fn === 'row_number' && plan.from === 1 && plan.to === 1 && plan.window === null && (attr?.rowtime === true || (time === 'none' && attr?.proctime === true));
      if (!dedup) {
        const what = plan.window !== null ? 'a window Top-N (append-only, without a key)' : plan.to !== 1 || plan.fn !== 'row_number' ? 'a Top-N that keeps more than one row per key' : 'a Top-1 not ordered by the time attribute';
        return { ok: false, missing: plan.window === null && plan.to === 1 && plan.fn === 'row_number' ? 'rowtime' : 'key', why: `it is ${what}, not a deduplication on the time attribute` };
      }
      // Over a changelog the Top-1 is a retract Top-N: a -D may delete the key or make way for a
      // replacement, which its versions cannot tell apart.
      if (plan.strategy === 'topn' || isChangelog(plan.inputs[0])) return { ok: false, missing: 'key', why: 'it deduplicates a changelog (a Top-1 whose rows can be retracted)' };
      const key = plan.partition.map((e) => (e.kind === 'input' ? e.index : -1));
      if (key.length === 0 || key.some((i) => i < 0)) return { ok: false, missing: 'key', why: 'its deduplication has no PARTITION BY columns' };
      return { ok: true, key, rowtime: attr?.rowtime === true ? order : -1, deletes: false };
    }
    case 'group_aggregate':
      // Keyed by its GROUP BY, but its rows have no event time (Flink: no row time attribute).
      return { ok: false, missing: 'rowtime', why: 'it is an aggregation, whose rows carry no event time' };
    case 'view_scan':
    case 'values':
    case 'window_tvf':
    case 'window_aggregate':
    case 'join':
    case 'union':
    case 'multiset':
    case 'over_aggregate':
    case 'unnest':
      return { ok: false, missing: 'key', why: `it is ${WHAT[plan.kind]}` };
  }
}

const WHAT: Record<string, string> = {
  view_scan: 'the output of another view',
  values: 'constant rows',
  window_tvf: 'a window TVF (append-only)',
  window_aggregate: 'a windowed aggregation',
  join: 'a join',
  union: 'a UNION ALL',
  multiset: 'an INTERSECT ALL or EXCEPT ALL',
  over_aggregate: 'an OVER aggregation (append-only)',
  unnest: 'an UNNEST (several rows per input row)',
};
