/** @jsxImportSource preact */
/** Sources and views with their columns and a one-line counter each; a click opens the item. */
import type { Stats } from '../../src/client/index.js';
import { formatCount, formatRate } from '../format.js';
import type { Catalog, Rates } from '../hooks.js';

export type Selection = { readonly kind: 'source' | 'view'; readonly name: string } | { readonly kind: 'sql' };

export interface SidebarProps {
  readonly catalog: Catalog;
  readonly selected: Selection;
  readonly stats: Stats | null;
  readonly rates: Rates;
  select(s: Selection): void;
}

export function Sidebar({ catalog, selected, stats, rates, select }: SidebarProps) {
  const is = (kind: 'source' | 'view', name: string) => selected.kind === kind && 'name' in selected && selected.name === name;
  return (
    <aside class="sidebar">
      <h3>Sources</h3>
      {catalog.sources.map((s) => {
        const st = stats?.sources.find((x) => x.source === s.name);
        return (
          <button key={s.name} class={is('source', s.name) ? 'item active' : 'item'} data-testid={`nav-source-${s.name}`} onClick={() => select({ kind: 'source', name: s.name })}>
            <div class="item-name">{s.name}</div>
            <div class="item-meta">{formatRate(rates.eventsPerSecond.get(s.name) ?? 0)} · {formatCount(st?.eventsIn ?? 0)} in{st?.rejected ? ` · ${st.rejected} rejected` : ''}</div>
            <div class="item-cols">{s.columns.map((c) => c.name).join(', ')}</div>
          </button>
        );
      })}
      <h3>Views</h3>
      {catalog.views.length === 0 ? <div class="muted pad">{catalog.access.ddl ? 'no views yet: CREATE VIEW in the SQL box' : 'no views this token may read'}</div> : null}
      {catalog.views.map((v) => {
        const st = stats?.views.find((x) => x.view === v.name);
        return (
          <button key={v.name} class={is('view', v.name) ? 'item active' : 'item'} data-testid={`nav-view-${v.name}`} onClick={() => select({ kind: 'view', name: v.name })}>
            <div class="item-name">
              {v.name} <span class="mini">{v.mode === 'changelog' ? 'changelog' : v.windowed ? 'windowed' : 'append'}</span>
            </div>
            <div class="item-meta">{formatCount(st?.lastSeq ?? 0)} rows{st?.lateRows ? ` · ${st.lateRows} late` : ''}</div>
            <div class="item-cols">{v.columns.map((c) => c.name).join(', ')}</div>
          </button>
        );
      })}
      {/* The token's role decides what the SQL box offers; a token that may do neither gets no box. */}
      {catalog.access.query || catalog.access.ddl ? (
        <>
          <h3>Ad hoc</h3>
          <button class={selected.kind === 'sql' ? 'item active' : 'item'} data-testid="nav-sql" onClick={() => select({ kind: 'sql' })}>
            <div class="item-name">SQL box</div>
            <div class="item-meta">{catalog.access.ddl ? 'run a query or DDL' : 'run a query'}</div>
          </button>
        </>
      ) : null}
    </aside>
  );
}
