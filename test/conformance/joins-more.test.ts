/**
 * Conformance cases for set operations and regular joins (test/conformance/cases/joins-more: Apache Flink's
 * SetOperatorsITCase and JoinITCase tests not vendored elsewhere, with the rows they assert; see
 * cases/NOTICE.md and joins-more/README.md), run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('conformance cases for INTERSECT / EXCEPT [ALL] and regular joins (more Flink tests)', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('joins-more').length).toBeGreaterThanOrEqual(9);
  });
  itRunsEventCases('joins-more');
});
