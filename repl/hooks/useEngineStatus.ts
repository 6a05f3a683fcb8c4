/**
 * The engine-wide status line shown while no query runs (the demo turns it on): the stream is live even
 * when the user is only reading, and this says so. Polls the backend's counters once a second.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReplBackend } from '../backend.js';
import { computeEngineStatus, type Sample, type StatusInfo } from '../status.js';
import { STATUS_INTERVAL_MS } from './useStatus.js';

export function useEngineStatus(backend: ReplBackend, enabled: boolean): StatusInfo | null {
  const [info, setInfo] = useState<StatusInfo | null>(null);
  const sample = useRef<Sample | null>(null);
  useEffect(() => {
    if (!enabled) {
      setInfo(null);
      return;
    }
    const startedAt = Date.now();
    let stopped = false;
    const poll = async (): Promise<void> => {
      const stats = await backend.stats().catch(() => null);
      if (stopped || stats === null) return;
      const next = computeEngineStatus(stats, sample.current, Date.now(), startedAt);
      sample.current = next.sample;
      setInfo(next.info);
    };
    void poll();
    const timer = setInterval(() => void poll(), STATUS_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [backend, enabled]);
  return info;
}
