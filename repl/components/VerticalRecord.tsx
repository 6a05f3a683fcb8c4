/** psql's expanded display (`\x`): one block per row, for results too wide to read as a table. */
import { Box, Text } from 'ink';
import { layoutVertical, rowCount, type TableColumn } from '../table-layout.js';

export interface VerticalRecordProps {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly width: number;
  /** Number of the first record shown (a live query shows its newest records). */
  readonly firstRecord?: number;
  readonly footer?: string;
}

export function VerticalRecord(props: VerticalRecordProps): React.JSX.Element {
  const lines = layoutVertical(props.columns, props.rows, props.width, props.firstRecord ?? 1);
  const footer = props.footer ?? rowCount(props.rows.length);
  return (
    <Box flexDirection="column">
      {props.rows.length === 0 ? <Text dimColor>(0 rows)</Text> : null}
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end" {...(line.startsWith('-[ RECORD') ? { dimColor: true } : {})}>{line}</Text>
      ))}
      {footer !== '' && props.rows.length > 0 ? <Text dimColor>{footer}</Text> : null}
    </Box>
  );
}
