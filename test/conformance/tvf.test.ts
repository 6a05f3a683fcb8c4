/**
 * Window table functions without aggregation (test/conformance/cases/tvf: Flink's
 * WindowTableFunctionITCase, with the rows it asserts; see cases/NOTICE.md and tvf/README.md), in the
 * format of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('conformance cases of window table functions without aggregation', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('tvf').length).toBeGreaterThanOrEqual(5);
  });
  itRunsEventCases('tvf');
});
