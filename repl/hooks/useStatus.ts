/**
 * Polls the backend's counters once a second while a query runs and turns them into the status line.
 * Remote backends have no counters: the line then shows what the query itself saw (rows, watermark).
 */
import { useEffect, useRef, useState } from 'react';
import type { ReplBackend } from '../backend.js';
import type { LiveQuery } from '../live-query.js';
import { computeStatus, type Sample, type StatusInfo } from '../status.js';

export const STATUS_INTERVAL_MS = 1000;

export function useStatus(backend: ReplBackend, query: LiveQuery | null, version: number): StatusInfo | null {
  const [info, setInfo] = useState<StatusInfo | null>(null);
  const sample = useRef<Sample | null>(null);
  useEffect(() => {
    sample.current = null;
    if (query === null) {
      setInfo(null);
      return;
    }
    let stopped = false;
    const poll = async (): Promise<void> => {
      const stats = await backend.stats().catch(() => null);
      if (stopped) return;
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
      watermark: backend.local ? prev.watermark : query.watermark,
    }));
  }, [backend, query, version]);
  return info;
}
