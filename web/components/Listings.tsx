/** @jsxImportSource preact */
/**
 * Late rows of a view and rejected inputs of sources, read on demand from the server's late-rows and
 * rejects tables (the newest 200), refreshed when the counters say there are more.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LateRow, RejectedInput, TumbleClient } from '../../src/client/index.js';
import { formatValue } from '../format.js';
import { ResultTable } from './ResultTable.js';

const LIMIT = 200;

function useListing<T>(load: () => Promise<readonly T[]>, deps: readonly unknown[]): { rows: readonly T[] | null; error: string | null; reload: () => void } {
  const [rows, setRows] = useState<readonly T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (r) => live && (setRows(r), setError(null)),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { rows, error, reload: () => setTick((t) => t + 1) };
}

export function LateRows({ client, view, count }: { client: TumbleClient; view: string; count: number }) {
  const { rows, error, reload } = useListing<LateRow>(() => client.late(view, LIMIT), [client, view, count]);
  if (error) return <div class="error-box">{error}</div>;
  if (rows === null) return <div class="empty">loading…</div>;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.row)))];
  return (
    <div>
      <div class="listing-head">
        <span>
          {rows.length === 0 ? 'no late rows: every row arrived before its window fired' : `the newest ${rows.length} late rows (arrived after their window had fired)`}
        </span>
        <button onClick={reload}>refresh</button>
      </div>
      {rows.length > 0 ? (
        <ResultTable
          testId="late-rows"
          columns={[{ name: 'source' }, ...keys.map((k) => ({ name: k })), { name: 'watermark at arrival' }]}
          rows={rows.map((r) => [r.source, ...keys.map((k) => r.row[k]), r.watermark])}
          newestFirst
        />
      ) : null}
    </div>
  );
}

export function Rejects({ client, sources, count }: { client: TumbleClient; sources: readonly string[]; count: number }) {
  const { rows, error, reload } = useListing<RejectedInput>(
    async () => (await Promise.all(sources.map((s) => client.rejects(s, LIMIT)))).flat().sort((a, b) => (a.at < b.at ? -1 : 1)),
    [client, sources.join(','), count],
  );
  if (error) return <div class="error-box">{error}</div>;
  if (rows === null) return <div class="empty">loading…</div>;
  return (
    <div>
      <div class="listing-head">
        <span>{rows.length === 0 ? `no rejected input in ${sources.join(', ')}` : `the newest ${rows.length} rejected inputs of ${sources.join(', ')}`}</span>
        <button onClick={reload}>refresh</button>
      </div>
      {rows.length > 0 ? (
        <ResultTable
          testId="rejects"
          columns={[{ name: 'at' }, { name: 'source' }, { name: 'origin' }, { name: 'reason' }, { name: 'input' }]}
          rows={rows.map((r) => [r.at, r.source, r.origin, r.reason, formatValue(r.input)])}
          newestFirst
        />
      ) : null}
    </div>
  );
}
