/**
 * The running query, redrawn as rows arrive: its result table cut to the screen (newest rows of an append
 * result, first rows of an updating one), or its change stream with `\changes`, and the status line.
 * The full result goes to the scrollback when the query ends (output.ts `finalTable`).
 */
import { Box, Text } from 'ink';
import type { LiveQuery } from '../live-query.js';
import type { SessionSettings } from '../session.js';
import type { StatusInfo } from '../status.js';
import { count, rowCount } from '../table-layout.js';
import { truncate } from '../text.js';
import { ResultTable } from './ResultTable.js';
import { StatusLine } from './StatusLine.js';
import { VerticalRecord } from './VerticalRecord.js';

export interface LiveViewProps {
  readonly query: LiveQuery;
  /** The query's `version` when rendered; a new value re-renders (the query object is mutated in place). */
  readonly version: number;
  readonly settings: SessionSettings;
  readonly status: StatusInfo | null;
  readonly width: number;
  /** Lines available for table rows. */
  readonly height: number;
}

export function LiveView({ query, settings, status, width, height }: LiveViewProps): React.JSX.Element {
  const title = query.title.replace(/\s+/g, ' ');
  const rows = Math.max(1, height);
  let body: React.JSX.Element;
  if (query.received === 0) {
    body = <Text dimColor>waiting for rows… (a window's rows appear when the watermark passes its end; Ctrl-C cancels)</Text>;
  } else if (settings.changes && query.mode === 'changelog') {
    const changes = query.changes;
    body = (
      <ResultTable columns={query.columns} rows={changes.map((c) => c.values)} ops={changes.map((c) => c.op)}
        width={width} maxRows={rows} tail footer={`(${count(query.received, 'change')})`} />
    );
  } else if (settings.vertical) {
    const per = query.columns.length + 1;
    const n = Math.max(1, Math.floor(rows / per));
    const all = query.rows;
    const first = Math.max(0, all.length - n);
    body = <VerticalRecord columns={query.columns} rows={all.slice(first)} width={width} firstRecord={first + 1} footer={rowCount(all.length)} />;
  } else {
    const updating = query.mode === 'changelog';
    body = (
      <ResultTable columns={query.columns} rows={query.rows} width={width} maxRows={rows} tail={!updating}
        footer={updating ? `(${count(query.size, 'row')}, updating; ${count(query.received, 'change')} — \\changes shows them)` : rowCount(query.size + query.dropped)} />
    );
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Text color="green" bold>{'▶ '}</Text>
        <Text dimColor>{truncate(`${query.name}: ${title}`, Math.max(10, width - 2))}</Text>
      </Text>
      {body}
      {status ? <StatusLine info={status} width={width} /> : null}
    </Box>
  );
}
