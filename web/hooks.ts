/** Preact hooks over the client: the catalog, the engine's counters with rates, a feed's changes. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Stats, TumbleClient } from '../src/client/index.js';
import type { ConsoleCatalog } from '../src/client/catalog.js';
import type { Feed } from './live.js';

export type Catalog = ConsoleCatalog;

export async function fetchCatalog(token: string | null): Promise<Catalog> {
  const res = await fetch('api/console/catalog', { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`catalog: HTTP ${res.status}`);
  return (await res.json()) as Catalog;
}

/** Re-renders when the feed changes (coalesced by the feed). */
export function useFeed(feed: Feed | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => (feed ? feed.listen(() => setVersion((v) => v + 1)) : undefined), [feed]);
  return version;
}

export interface Rates {
  /** events/s per source, rows/s per view, from the last two samples. */
  readonly eventsPerSecond: ReadonlyMap<string, number>;
  readonly rowsPerSecond: ReadonlyMap<string, number>;
}

/** How far back rates look: long enough that a view firing every 10 s does not read 0 between windows. */
const RATE_SPAN_MS = 10_000;

/** Polls `stats` once a second (as the REPL's status line does) and derives rates over the last 10 s. */
export function useStats(client: TumbleClient, everyMs = 1000): { stats: Stats | null; rates: Rates } {
  const [state, setState] = useState<{ stats: Stats | null; rates: Rates }>({ stats: null, rates: { eventsPerSecond: new Map(), rowsPerSecond: new Map() } });
  const samples = useRef<{ at: number; stats: Stats }[]>([]);
  useEffect(() => {
    let stopped = false;
    const poll = async (): Promise<void> => {
      if (client.state !== 'open') return;
      try {
        const stats = await client.stats();
        const at = Date.now();
        const history = samples.current.filter((s) => at - s.at <= RATE_SPAN_MS);
        const base = history[0];
        history.push({ at, stats });
        samples.current = history;
        const rates = base
          ? {
              eventsPerSecond: rate(stats.sources, base.stats.sources, (s) => s.source, (s) => s.eventsIn, (at - base.at) / 1000),
              rowsPerSecond: rate(stats.views, base.stats.views, (v) => v.view, (v) => v.lastSeq, (at - base.at) / 1000),
            }
          : { eventsPerSecond: new Map<string, number>(), rowsPerSecond: new Map<string, number>() };
        if (!stopped) setState({ stats, rates });
      } catch {
        /* a lost connection shows in the header; the next poll tries again */
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), everyMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, everyMs]);
  return state;
}

/** Per-name rate between two samples; a counter that went down (an engine restart) counts from zero. */
function rate<T>(now: readonly T[], before: readonly T[], key: (t: T) => string, value: (t: T) => number, seconds: number): Map<string, number> {
  const old = new Map(before.map((t) => [key(t), value(t)]));
  return new Map(now.map((t) => {
    const v = value(t);
    const prev = old.get(key(t)) ?? 0;
    return [key(t), seconds > 0 ? (v >= prev ? v - prev : v) / seconds : 0];
  }));
}
