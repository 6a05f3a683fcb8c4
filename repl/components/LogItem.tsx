/** One entry of the scrollback (ink's <Static>): an echoed input, a message, a table, an error. */
import { Box, Text } from 'ink';
import type { OutputItem } from '../output.js';
import { ErrorFrame } from './ErrorFrame.js';
import { Help } from './Help.js';
import { ResultTable } from './ResultTable.js';
import { VerticalRecord } from './VerticalRecord.js';
import { PROMPT, CONTINUATION } from './Editor.js';

const TONES = { info: undefined, success: 'green', warning: 'yellow' } as const;

export function LogItem({ item, width }: { item: OutputItem; width: number }): React.JSX.Element {
  switch (item.kind) {
    case 'echo':
      return (
        <Box flexDirection="column">
          {item.text.split('\n').map((line, i) => (
            <Text key={i}>
              <Text color="blue" bold={i === 0}>{i === 0 ? PROMPT : CONTINUATION}</Text>
              <Text>{line}</Text>
            </Text>
          ))}
        </Box>
      );
    case 'message': {
      const color = TONES[item.tone];
      return <Text {...(color ? { color } : {})}>{item.text}</Text>;
    }
    case 'text':
      return <Text>{item.text}</Text>;
    case 'error':
      return <ErrorFrame item={item} />;
    case 'help':
      return <Help />;
    case 'table': {
      const footer = item.footer !== undefined ? { footer: item.footer } : {};
      return (
        <Box flexDirection="column">
          {item.title !== undefined ? <Text bold wrap="truncate-end">{item.title}</Text> : null}
          {item.vertical
            ? <VerticalRecord columns={item.columns} rows={item.rows} width={width} firstRecord={item.firstRecord ?? 1} {...footer} />
            : <ResultTable columns={item.columns} rows={item.rows} width={width} {...footer} />}
        </Box>
      );
    }
  }
}
