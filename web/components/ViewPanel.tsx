/** @jsxImportSource preact */
/**
 * One view: its live counters, then tabs: the live table (append rows newest first, or the changelog
 * folded to the current result), the chart for windowed views, late rows, rejects of its sources, EXPLAIN
 * and its SQL.
 */
import { useState } from 'preact/hooks';
import type { Stats, TumbleClient } from '../../src/client/index.js';
import type { ConsoleAccess, ConsoleView } from '../../src/client/catalog.js';
import { formatCount, formatRate, formatWatermark } from '../format.js';
import { useFeed, type Rates } from '../hooks.js';
import type { Feed } from '../live.js';
import { Chart } from './Chart.js';
import { LateRows, Rejects } from './Listings.js';
import { ResultTable } from './ResultTable.js';
import { Stat } from './Stat.js';

type Tab = 'table' | 'chart' | 'late' | 'rejects' | 'explain' | 'sql';

export interface ViewPanelProps {
  readonly client: TumbleClient;
  readonly view: ConsoleView;
  readonly feed: Feed;
  readonly stats: Stats | null;
  readonly rates: Rates;
  /** Late rows and rejects tabs only for a token that may read them. */
  readonly access: ConsoleAccess;
}

export function ViewPanel({ client, view, feed, stats, rates, access }: ViewPanelProps) {
  const version = useFeed(feed);
  const [tab, setTab] = useState<Tab>(view.windowed ? 'chart' : 'table');
  const vs = stats?.views.find((v) => v.view === view.name);
  const rejected = (stats?.sources ?? []).filter((s) => view.sources.includes(s.source)).reduce((n, s) => n + s.rejected, 0);
  const table = feed.table;
  const rows = table.rows;
  const tabs: [Tab, string][] = [
    ['table', table.mode === 'changelog' ? `current result (${table.size})` : `rows (${formatCount(table.received)})`],
    ...(view.windowed ? ([['chart', 'chart']] as [Tab, string][]) : []),
    ...(access.late ? ([['late', `late rows (${formatCount(vs?.lateRows ?? 0)})`]] as [Tab, string][]) : []),
    ...(access.rejects ? ([['rejects', `rejects (${formatCount(rejected)})`]] as [Tab, string][]) : []),
    ['explain', 'EXPLAIN'],
    ['sql', 'SQL'],
  ];
  return (
    <section class="panel" data-testid={`view-${view.name}`}>
      <header class="panel-head">
        <div>
          <h2>{view.name}</h2>
          <span class={`badge ${table.mode}`}>{table.mode === 'changelog' ? 'changelog' : 'append-only'}</span>
          {view.windowed ? <span class="badge">windowed</span> : null}
          <span class="muted"> reads {view.sources.join(', ') || '—'}</span>
        </div>
        <div class="stats">
          {/* lastSeq, not rowsOut: the view's whole output log, which survives restarts as the table does */}
          <Stat label="rows out" value={formatCount(vs?.lastSeq ?? 0)} testId="rows-out" />
          <Stat label="rows/s" value={formatRate(rates.rowsPerSecond.get(view.name) ?? 0)} />
          <Stat label="watermark" value={formatWatermark(vs?.watermark ?? feed.watermark)} />
          <Stat label="late" value={formatCount(vs?.lateRows ?? 0)} warn={(vs?.lateRows ?? 0) > 0} />
          <Stat label="rejected" value={formatCount(rejected)} warn={rejected > 0} />
        </div>
      </header>
      <nav class="tabs">
        {tabs.map(([id, label]) => (
          <button key={id} class={tab === id ? 'tab active' : 'tab'} data-testid={`tab-${id}`} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </nav>
      {feed.error ? <div class="error-box">{feed.error}</div> : null}
      {feed.gaps > 0 ? <div class="note">some rows had already left the server's retained log when this view was opened</div> : null}
      <div class="tab-body">
        {tab === 'table' ? (
          <ResultTable testId="view-table" columns={table.columns} rows={rows} newestFirst={table.mode === 'append'} />
        ) : tab === 'chart' ? (
          <Chart columns={view.columns} rows={rows} version={version} />
        ) : tab === 'late' ? (
          <LateRows client={client} view={view.name} count={vs?.lateRows ?? 0} />
        ) : tab === 'rejects' ? (
          <Rejects client={client} sources={view.sources} count={rejected} />
        ) : tab === 'explain' ? (
          <pre class="code" data-testid="explain">{view.explain}</pre>
        ) : (
          <pre class="code">{view.sql}</pre>
        )}
      </div>
    </section>
  );
}
