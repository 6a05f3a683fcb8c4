/**
 * ROW and JSON-clause conformance cases (test/conformance/cases/sql-row: ROW columns and fields, UNNEST of ARRAYs
 * of ROWs and JSON_VALUE / JSON_QUERY / JSON_EXISTS clauses from Flink's UnnestITCase, CalcITCase and
 * JsonFunctionsITCase, with the rows they assert; see cases/NOTICE.md and sql-row/README.md), in the format of
 * next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('ROW and JSON function clause conformance cases from Flink', () => {
  it("vendors the folder's cases", () => {
    expect(eventCases('sql-row').length).toBeGreaterThanOrEqual(9);
  });
  itRunsEventCases('sql-row');
});
