/** @jsxImportSource preact */
/** One source: columns (the event-time column marked), watermark, counters, rejected input, DDL. */
import { useState } from 'preact/hooks';
import type { Stats, TumbleClient } from '../../src/client/index.js';
import type { ConsoleAccess, ConsoleSource } from '../../src/client/catalog.js';
import { formatCount, formatRate, formatWatermark } from '../format.js';
import type { Rates } from '../hooks.js';
import { Rejects } from './Listings.js';
import { ResultTable } from './ResultTable.js';
import { Stat } from './Stat.js';

export function SourcePanel({ client, source, stats, rates, access }: { client: TumbleClient; source: ConsoleSource; stats: Stats | null; rates: Rates; access: ConsoleAccess }) {
  const [tab, setTab] = useState<'columns' | 'rejects' | 'sql'>('columns');
  const st = stats?.sources.find((s) => s.source === source.name);
  return (
    <section class="panel" data-testid={`source-${source.name}`}>
      <header class="panel-head">
        <div>
          <h2>{source.name}</h2>
          <span class="badge">source</span>
          <span class="badge">{source.connector || 'connector ?'}</span>
          {source.watermark ? <span class="muted"> WATERMARK {source.watermark}</span> : null}
        </div>
        <div class="stats">
          <Stat label="events in" value={formatCount(st?.eventsIn ?? 0)} />
          <Stat label="events/s" value={formatRate(rates.eventsPerSecond.get(source.name) ?? 0)} />
          <Stat label="watermark" value={formatWatermark(st?.watermark)} />
          <Stat label="rejected" value={formatCount(st?.rejected ?? 0)} warn={(st?.rejected ?? 0) > 0} />
        </div>
      </header>
      <nav class="tabs">
        <button class={tab === 'columns' ? 'tab active' : 'tab'} onClick={() => setTab('columns')}>columns</button>
        {access.rejects ? <button class={tab === 'rejects' ? 'tab active' : 'tab'} onClick={() => setTab('rejects')}>rejects ({formatCount(st?.rejected ?? 0)})</button> : null}
        <button class={tab === 'sql' ? 'tab active' : 'tab'} onClick={() => setTab('sql')}>SQL</button>
      </nav>
      <div class="tab-body">
        {tab === 'columns' ? (
          <ResultTable
            columns={[{ name: 'column' }, { name: 'type' }, { name: 'event time' }]}
            rows={source.columns.map((c) => [c.name, c.type, c.rowtime ? 'yes (watermarked)' : ''])}
          />
        ) : tab === 'rejects' ? (
          <Rejects client={client} sources={[source.name]} count={st?.rejected ?? 0} />
        ) : (
          <pre class="code">{source.sql}</pre>
        )}
      </div>
    </section>
  );
}
