/**
 * Non-windowed aggregation cases vendored from Flink's AggregateITCase (test/conformance/cases/aggregates:
 * retractions, DISTINCT, FILTER, nested aggregations, aggregates over changelog sources, STDDEV/VAR, with
 * the rows the tests assert; see cases/NOTICE.md and aggregates/README.md), in the format of next/ and run
 * as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('aggregation conformance cases from Flink\'s AggregateITCase', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('aggregates').length).toBeGreaterThanOrEqual(39);
  });
  itRunsEventCases('aggregates');
});
