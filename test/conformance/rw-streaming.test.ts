/**
 * Streaming conformance cases from RisingWave's own e2e tests (test/conformance/cases/rw-streaming: window
 * joins, window and stream Top-N, regular joins, group aggregates and expressions inside streaming
 * queries, with the rows those tests assert; see cases/NOTICE.md and rw-streaming/README.md), in the
 * format of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('streaming conformance cases from RisingWave e2e tests', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('rw-streaming').length).toBeGreaterThanOrEqual(20);
  });
  itRunsEventCases('rw-streaming');
});
