/** @jsxImportSource preact */
/**
 * A result table: header with column types, numbers right-aligned, NULL dimmed. Shows at most `limit` rows
 * (newest first for append results, where the latest windows are what one watches) and says how many more
 * there are, so a long-running view never makes the DOM grow without bound.
 */
import { formatValue } from '../format.js';

export interface ResultTableProps {
  readonly columns: readonly { readonly name: string; readonly type?: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly newestFirst?: boolean;
  readonly limit?: number;
  readonly empty?: string;
  readonly testId?: string;
}

export function ResultTable({ columns, rows, newestFirst = false, limit = 500, empty = 'no rows yet', testId }: ResultTableProps) {
  const shown = newestFirst ? rows.slice(-limit).reverse() : rows.slice(0, limit);
  return (
    <div class="table-wrap">
      <table class="result" data-testid={testId} data-rows={rows.length}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.name}>
                {c.name}
                {c.type ? <span class="type">{c.type}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              {columns.map((_, j) => {
                const v = r[j];
                return (
                  <td key={j} class={v === null || v === undefined ? 'null' : typeof v === 'number' ? 'num' : undefined}>
                    {formatValue(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <div class="empty">{empty}</div> : null}
      {rows.length > shown.length ? <div class="more">{rows.length - shown.length} more rows not shown</div> : null}
    </div>
  );
}
