/**
 * Polls the backend's counters once a second while a query runs and turns them into the status line
 * (remotely through the protocol's `stats` request). A backend without counters (an older server) gives
 * the line what the query itself saw: rows, and the watermark from `progress` heartbeats.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReplBackend } from '../backend.js';
import type { LiveQuery } from '../live-query.js';
import { computeStatus, type Sample, type StatusInfo } from '../status.js';

export const STATUS_INTERVAL_MS = 1000;

export function useStatus(backend: ReplBackend, query: LiveQuery | null, version: number): StatusInfo | null {
  const [info, setInfo] = useState<StatusInfo | null>(null);
  const sample = useRef<Sample | null>(null);
  /** Whether the last poll got counters; without them a remote query's own watermark is the best there is. */
  const counters = useRef(false);
  useEffect(() => {
    sample.current = null;
    counters.current = false;
    if (query === null) {
      setInfo(null);
      return;
    }
    let stopped = false;
    const poll = async (): Promise<void> => {
      const stats = await backend.stats().catch(() => null);
      if (stopped) return;
      counters.current = stats !== null;
      const next = computeStatus(query, stats, sample.current, Date.now());
      sample.current = next.sample;
      setInfo(next.info);
    };
    void poll();
    const timer = setInterval(() => void poll(), STATUS_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [backend, query]);
  // Rows arriving between polls still move the counters the query itself knows.
  useEffect(() => {
    if (query === null) return;
    setInfo((prev) => (prev === null ? prev : {
      ...prev,
      rowsOut: Math.max(prev.rowsOut, query.received),
      watermark: backend.local || counters.current ? prev.watermark : query.watermark,
    }));
  }, [backend, query, version]);
  return info;
}
