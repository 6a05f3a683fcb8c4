/**
 * More vendored conformance cases (test/conformance/cases/joins-ranks: Apache Flink's own tests for
 * window, interval, regular, temporal and semi/anti joins, OVER aggregates, Top-N and deduplication, with
 * the rows they assert; see cases/NOTICE.md and the folder's README.md), run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('conformance cases for joins, OVER, Top-N and deduplication (more Flink tests)', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('joins-ranks').length).toBeGreaterThanOrEqual(80);
  });
  itRunsEventCases('joins-ranks');
});
