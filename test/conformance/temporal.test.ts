/**
 * Vendored conformance cases for event-time temporal joins (test/conformance/cases/temporal: Apache
 * Flink's TemporalJoinITCase and TemporalJoinTestPrograms, with the rows they assert; see
 * cases/NOTICE.md and the folder's README.md), run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('conformance cases for temporal joins against versioned views (more Flink tests)', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('temporal').length).toBeGreaterThanOrEqual(4);
  });
  itRunsEventCases('temporal');
});
