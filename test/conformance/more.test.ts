/**
 * More vendored conformance cases (test/conformance/cases/more: windowed aggregation from Flink's and
 * RisingWave's own tests, with the rows they assert; see cases/NOTICE.md and more/README.md), in the format
 * of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('more conformance cases from Flink and RisingWave window tests', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('more').length).toBeGreaterThanOrEqual(30);
  });
  itRunsEventCases('more');
});
