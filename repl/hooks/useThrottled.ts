/**
 * A value that is read from a mutable source at most every `ms`: rows can arrive thousands of times a
 * second, and re-rendering the table for each batch would spend the CPU the engine needs. The first
 * change renders at once; changes within the interval are folded into one render at its end.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useThrottledTick(ms: number): [number, () => void] {
  const [tick, setTick] = useState(0);
  const last = useRef(0);
  const timer = useRef<NodeJS.Timeout | null>(null);
  const bump = useCallback(() => {
    const now = Date.now();
    if (timer.current !== null) return;
    const wait = Math.max(0, last.current + ms - now);
    if (wait === 0) {
      last.current = now;
      setTick((t) => t + 1);
      return;
    }
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      setTick((t) => t + 1);
    }, wait);
  }, [ms]);
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  return [tick, bump];
}
