/**
 * A result table fitted to the terminal width (table-layout.ts does the fitting). A live query shows only
 * what fits on screen: the newest rows of an append result (`tail`), the first rows of an updating one,
 * and says how many it left out. With `ops`, each row is a change and gets an `op` column, coloured.
 */
import { Box, Text } from 'ink';
import type { RowOp } from '../../src/executor/api.js';
import { layoutTable, rowCount, type TableColumn } from '../table-layout.js';

export interface ResultTableProps {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly width: number;
  /** The change kind of each row (change-stream display). */
  readonly ops?: readonly RowOp[];
  /** Show at most this many rows. */
  readonly maxRows?: number;
  /** Which rows to keep when cutting: the newest (append results) or the first. */
  readonly tail?: boolean;
  /** Footer line; default `(n rows)`; '' for none. */
  readonly footer?: string;
}

const OP_COLORS: Record<RowOp, string> = { '+I': 'green', '+U': 'yellow', '-U': 'red', '-D': 'red' };

export function ResultTable(props: ResultTableProps): React.JSX.Element {
  const { rows, width, ops, tail = false } = props;
  const max = props.maxRows ?? rows.length;
  const hidden = Math.max(0, rows.length - max);
  const from = tail ? hidden : 0;
  const shown = rows.slice(from, from + Math.min(max, rows.length));
  const shownOps = ops?.slice(from, from + shown.length);
  const columns = shownOps ? [{ name: 'op' }, ...props.columns] : props.columns;
  const cells = shownOps ? shown.map((r, i) => [shownOps[i], ...r]) : shown;
  const layout = layoutTable(columns, cells, width);
  const footer = props.footer ?? rowCount(rows.length);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{layout.header}</Text>
      <Text dimColor wrap="truncate-end">{layout.rule}</Text>
      {hidden > 0 && tail ? <Text dimColor>{` … ${hidden} earlier ${hidden === 1 ? 'row' : 'rows'}`}</Text> : null}
      {layout.lines.map((line, i) => (
        <Text key={i} wrap="truncate-end" {...(shownOps?.[i] ? { color: OP_COLORS[shownOps[i]] } : {})}>{line}</Text>
      ))}
      {hidden > 0 && !tail ? <Text dimColor>{` … ${hidden} more ${hidden === 1 ? 'row' : 'rows'}`}</Text> : null}
      {footer !== '' ? <Text dimColor>{footer}</Text> : null}
    </Box>
  );
}
