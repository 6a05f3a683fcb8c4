/**
 * Conformance cases hunted from Flink's and RisingWave's own tests where the other folders had none of the
 * kind (test/conformance/cases/hunt: split distinct aggregates, grouping sets, built-in functions; see
 * cases/NOTICE.md and hunt/README.md), in the format of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('conformance cases hunted from Flink and RisingWave tests', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('hunt').length).toBeGreaterThanOrEqual(40);
  });
  itRunsEventCases('hunt');
});
