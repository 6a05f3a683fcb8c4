/** @jsxImportSource preact */
/**
 * The chart of a windowed view: a chosen numeric column over window_start, one line per key of the chosen
 * split (see chart-data.ts). uPlot draws into a canvas; the plot is created once and fed new data as
 * windows fire, and rebuilt only when the series change.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { buildChart, defaultSplit, defaultValue, keyColumns, valueColumns, type ChartColumn } from '../chart-data.js';

const PALETTE = ['#4e9af1', '#f59e0b', '#10b981', '#ef4444', '#a78bfa', '#ec4899', '#14b8a6', '#eab308'];

export interface ChartProps {
  readonly columns: readonly ChartColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly version: number;
}

export function Chart({ columns, rows, version }: ChartProps) {
  const values = valueColumns(columns);
  const [value, setValue] = useState<string | null>(() => defaultValue(columns));
  const [split, setSplit] = useState<string | null | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<{ u: uPlot; labels: string } | null>(null);
  const effectiveSplit = split === undefined && value !== null ? defaultSplit(columns, rows, value) : (split ?? null);
  const data = useMemo(
    () => (value === null ? null : buildChart(columns, rows, value, effectiveSplit)),
    [columns, rows, value, effectiveSplit, version],
  );

  useEffect(() => {
    const el = box.current;
    if (!el || !data) return;
    const labels = data.series.map((s) => s.label).join('\u0000');
    const aligned = [data.xs, ...data.series.map((s) => s.values)] as uPlot.AlignedData;
    if (plot.current && plot.current.labels === labels) {
      plot.current.u.setData(aligned);
      return;
    }
    plot.current?.u.destroy();
    const width = Math.max(320, el.clientWidth);
    const u = new uPlot(
      {
        width,
        height: 280,
        scales: { x: { time: true } },
        // Every time in the console is UTC, as the engine writes it.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        axes: [
          { stroke: '#9aa4b2', grid: { stroke: '#2a313c' }, ticks: { stroke: '#2a313c' } },
          { stroke: '#9aa4b2', grid: { stroke: '#2a313c' }, ticks: { stroke: '#2a313c' } },
        ],
        series: [
          { label: 'window_start', value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toISOString().slice(11, 19)) },
          ...data.series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length]!, width: 2, points: { show: true, size: 5 } })),
        ],
      },
      aligned,
      el,
    );
    plot.current = { u, labels };
  }, [data]);

  useEffect(() => () => plot.current?.u.destroy(), []);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => plot.current?.u.setSize({ width: Math.max(320, el.clientWidth), height: 280 }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  if (value === null) return <div class="empty">this view has no numeric column to chart</div>;
  return (
    <div class="chart">
      <div class="chart-controls">
        <label>
          value
          <select data-testid="chart-value" value={value} onChange={(e) => setValue((e.target as HTMLSelectElement).value)}>
            {values.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <label>
          split by
          <select value={effectiveSplit ?? ''} onChange={(e) => setSplit((e.target as HTMLSelectElement).value || null)}>
            <option value="">none (sum)</option>
            {keyColumns(columns, value).map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <span class="muted">
          {data ? `${data.xs.length} windows` : ''}
          {data && data.hidden > 0 ? ` · ${data.hidden} smaller series not drawn` : ''}
        </span>
      </div>
      <div ref={box} class="chart-box" data-testid="chart" data-points={data?.xs.length ?? 0} />
      {data && data.xs.length === 0 ? <div class="empty">no window has fired yet</div> : null}
    </div>
  );
}
