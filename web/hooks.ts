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

/** Polls `stats` once a second (as the REPL's status line does) and derives rates. */
export function useStats(client: TumbleClient, everyMs = 1000): { stats: Stats | null; rates: Rates } {
  const [state, setState] = useState<{ stats: Stats | null; rates: Rates }>({ stats: null, rates: { eventsPerSecond: new Map(), rowsPerSecond: new Map() } });
  const last = useRef<{ at: number; stats: Stats } | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async (): Promise<void> => {
      if (client.state !== 'open') return;
      try {
        const stats = await client.stats();
        const at = Date.now();
        const prev = last.current;
        const seconds = prev ? Math.max(0.001, (at - prev.at) / 1000) : 0;
        const rate = <T,>(items: readonly T[], key: (t: T) => string, value: (t: T) => number, before: readonly T[] | undefined): Map<string, number> => {
          const old = new Map((before ?? []).map((t) => [key(t), value(t)]));
          return new Map(items.map((t) => [key(t), seconds > 0 && old.has(key(t)) ? Math.max(0, (value(t) - old.get(key(t))!) / seconds) : 0]));
        };
        const rates = {
          eventsPerSecond: rate(stats.sources, (s) => s.source, (s) => s.eventsIn, prev?.stats.sources),
          rowsPerSecond: rate(stats.views, (v) => v.view, (v) => v.rowsOut, prev?.stats.views),
        };
        last.current = { at, stats };
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
