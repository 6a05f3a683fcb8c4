/**
 * Vendored conformance cases for scalar built-in functions (test/conformance/cases/functions: Flink's
 * BuiltInFunctionTestBase ITCases with the values they assert, each as a streaming query over a source;
 * see cases/NOTICE.md and functions/README.md), in the format of next/ and run as event-cases.ts says.
 */
import { describe, expect, it } from 'vitest';
import { eventCases, itRunsEventCases } from './event-cases.js';

describe('scalar function conformance cases from Flink\'s function tests', () => {
  it('vendors the folder\'s cases', () => {
    expect(eventCases('functions').length).toBeGreaterThanOrEqual(14);
  });
  itRunsEventCases('functions');
});
