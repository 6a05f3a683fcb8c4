/** Builds run-time operators from the planner's specs. */
import type { OperatorSpec } from '../planner/compile.js';
import { assertNever } from '../util/assert.js';
import { Aggregation } from './aggregates/groups.js';
import type { Operator } from './operator.js';
import { FilterProjectOperator } from './operators/filter-project.js';
import { GroupAggregateOperator } from './operators/group-aggregate.js';
import { CumulateAggregateOperator } from './operators/cumulate-aggregate.js';
import { SessionAggregateOperator } from './operators/session-aggregate.js';
import { HopAggregateOperator } from './operators/hop-aggregate.js';
import { TumbleAggregateOperator } from './operators/tumble-aggregate.js';
import { WindowAssignOperator } from './operators/window-assign.js';
import { ProcTimeClockOperator } from './operators/proctime-clock.js';
import { UnnestOperator } from './operators/unnest.js';
import { UnionOperator } from './operators/union.js';
import { RegularJoinOperator } from './operators/regular-join.js';
import { IntervalJoinOperator } from './operators/interval-join.js';
import { WindowJoinOperator } from './operators/window-join.js';
import { TemporalJoinOperator } from './operators/temporal-join.js';
import { ChangelogNormalizeOperator } from './operators/changelog-normalize.js';
import { ChangelogMatchOperator } from './operators/changelog-match.js';
import { MultisetOperator } from './operators/multiset.js';
import { WindowTopNOperator } from './operators/window-topn.js';
import { ProcTimeTemporalJoinOperator } from './operators/proctime-temporal-join.js';
import { TopNOperator } from './operators/topn.js';
import { RetractTopNOperator } from './operators/retract-topn.js';
import { OverAggregateOperator } from './operators/over-aggregate.js';
import { ValueOverAggregateOperator } from './operators/value-over-aggregate.js';
import { RegularSemiJoinOperator } from './operators/regular-semi-join.js';
import { WindowSemiJoinOperator } from './operators/window-semi-join.js';

export function instantiate(spec: OperatorSpec): Operator {
  switch (spec.kind) {
    case 'filter_project':
      return new FilterProjectOperator(spec.run);
    case 'window_assign':
      return new WindowAssignOperator(spec.window);
    case 'proctime_clock':
      return new ProcTimeClockOperator(spec.timeCol);
    case 'unnest':
      return new UnnestOperator(spec.collection, spec.isMap, spec.ordinality, spec.outer, spec.rowFields);
    case 'window_aggregate': {
      const agg = new Aggregation(spec.keys, spec.aggs, spec.retractable);
      const w = spec.window;
      switch (w.kind) {
        case 'tumble':
          return new TumbleAggregateOperator(agg, w.timeCol, w.sizeMs, w.offsetMs, spec.emitChanges, spec.emitIntervalMs);
        case 'hop':
          return new HopAggregateOperator(agg, w.timeCol, w.slideMs, w.sizeMs, w.offsetMs, spec.emitChanges, spec.emitIntervalMs);
        case 'cumulate':
          return new CumulateAggregateOperator(agg, w.timeCol, w.stepMs, w.sizeMs, w.offsetMs);
        case 'session':
          return new SessionAggregateOperator(agg, w.timeCol, w.gapMs, w.sessionKeys ?? null);
        default:
          return assertNever(w);
      }
    }
    case 'group_aggregate':
      return new GroupAggregateOperator(new Aggregation(spec.keys, spec.aggs, spec.retractable), spec.having, spec.ttlMs);
    case 'union':
      return new UnionOperator();
    case 'multiset':
      return new MultisetOperator(spec.op, spec.ttlMs);
    case 'changelog_normalize':
      return spec.wholeRow ? new ChangelogMatchOperator(spec.ttlMs) : new ChangelogNormalizeOperator(spec.key, spec.ttlMs);
    case 'join': {
      const semi = spec.type === 'semi' || spec.type === 'anti';
      switch (spec.strategy.kind) {
        case 'window':
          return semi ? new WindowSemiJoinOperator(spec) : new WindowJoinOperator(spec);
        case 'interval':
          return new IntervalJoinOperator(spec);
        case 'regular':
          return semi ? new RegularSemiJoinOperator(spec) : new RegularJoinOperator(spec);
        case 'temporal':
          return spec.strategy.arrival ? new ProcTimeTemporalJoinOperator(spec) : new TemporalJoinOperator(spec);
        default:
          return assertNever(spec.strategy);
      }
    }
    case 'rank':
      if (spec.window !== null) return new WindowTopNOperator(spec);
      if (spec.retract) return new RetractTopNOperator(spec);
      return new TopNOperator(spec);
    case 'over_aggregate':
      return spec.byValue !== null ? new ValueOverAggregateOperator(spec, spec.byValue) : new OverAggregateOperator(spec);
    default:
      return assertNever(spec);
  }
}
