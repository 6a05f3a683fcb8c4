/**
 * Conformance cases for processing time and computed columns (test/conformance/cases/proctime: Flink's
 * TimeAttributeITCase and DeduplicateITCase, RisingWave's temporal-join e2e tests, with the rows they
 * assert; see cases/NOTICE.md and proctime/README.md), run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('conformance cases for processing time and computed columns', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('proctime').length).toBeGreaterThanOrEqual(8);
  });
  itRunsEventCases('proctime');
});
