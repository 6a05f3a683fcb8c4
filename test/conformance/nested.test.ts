/**
 * ARRAY, MAP and UNNEST conformance cases (test/conformance/cases/nested: from Flink's UnnestITCase,
 * CalcITCase and ArrayAggFunctionITCase, with the rows they assert; see cases/NOTICE.md and nested/README.md),
 * in the format of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('ARRAY, MAP and UNNEST conformance cases from Flink', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('nested').length).toBeGreaterThanOrEqual(11);
  });
  itRunsEventCases('nested');
});
