/**
 * Conformance cases for OVER aggregates, SESSION and CUMULATE windows (test/conformance/cases/over-session:
 * from Flink's own tests, with the rows they assert; see cases/NOTICE.md and over-session/README.md), in
 * the format of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('OVER, SESSION and CUMULATE conformance cases from Flink', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('over-session').length).toBeGreaterThanOrEqual(11);
  });
  itRunsEventCases('over-session');
});
