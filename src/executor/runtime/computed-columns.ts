/**
 * A source's computed columns at run time (`name AS expr`, Flink's; catalog.ts `SourceColumn.computed`):
 * the decoder reads the physical columns from an input into their places in the row, then each computed
 * column is computed from them, in declared order, before the watermark expression reads the row (so a
 * WATERMARK may be declared on a computed column). The `PROCTIME()` column is left NULL here: the source
 * stamps it when the row is taken in (source-runtime.ts, processing-time.ts), since a row decoded again
 * from history is not a new arrival.
 */
import { physicalColumns, type SourceDef } from '../../parser/catalog.js';
import { compileExpr } from '../../planner/compile-expr.js';
import type { Row } from '../operator.js';
import { makeRowDecoder, type DecodeResult } from '../values.js';

/** The source's input decoder, computed columns included. */
export function makeSourceDecoder(def: SourceDef): (input: unknown) => DecodeResult {
  const cols = def.columns;
  const physical = physicalColumns(def);
  if (physical.length === cols.length) {
    return makeRowDecoder(cols.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull })), def.rowtime);
  }
  // Decoder position → row position, and the event-time column among the physical ones (if it is one).
  const at: number[] = [];
  cols.forEach((c, i) => {
    if (c.computed === undefined) at.push(i);
  });
  const rowtime = def.rowtime;
  const decode = makeRowDecoder(
    physical.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull })),
    rowtime === null ? null : at.indexOf(rowtime) >= 0 ? at.indexOf(rowtime) : null,
  );
  const computed: { index: number; fn: (row: Row) => unknown; name: string; required: boolean }[] = [];
  cols.forEach((c, i) => {
    if (c.computed === undefined || 'proctime' in c.computed) return;
    computed.push({ index: i, fn: compileExpr(c.computed.expr), name: c.name, required: i === rowtime });
  });
  const width = cols.length;
  return (input) => {
    const r = decode(input);
    if ('error' in r) return r;
    const row = new Array<unknown>(width).fill(null);
    for (let j = 0; j < at.length; j++) row[at[j]!] = r.row[j];
    for (const c of computed) {
      const v = c.fn(row);
      row[c.index] = v === undefined ? null : v;
      if (c.required && (v === null || v === undefined)) return { error: `event-time column '${c.name}' (computed) is null` };
    }
    return { row };
  };
}
