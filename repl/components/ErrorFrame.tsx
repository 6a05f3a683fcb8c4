/**
 * An error with the input line it points into and a caret under the offending span, as the engine's
 * diagnostic (line/column/length, moved to input coordinates by the session) says:
 *
 *   error[UNKNOWN_COLUMN] at 1:8: column 'prce' not found in 'bids'
 *     1 | SELECT prce FROM bids;
 *       |        ^^^^
 */
import { Box, Text } from 'ink';
import type { Diagnostic } from '../../src/parser/diagnostics.js';
import type { OutputItem } from '../output.js';

type ErrorItem = Extract<OutputItem, { kind: 'error' }>;

function Frame({ d, source, file }: { d: Diagnostic; source: string | null; file?: string }): React.JSX.Element {
  const where = d.line > 0 ? ` at ${file !== undefined ? file + ':' : ''}${d.line}:${d.column}` : file !== undefined ? ` in ${file}` : '';
  const text = d.line > 0 && source !== null ? source.split(/\r\n|\r|\n/)[d.line - 1] : undefined;
  const num = String(d.line);
  const gutter = ' '.repeat(num.length);
  const span = text !== undefined ? Math.max(1, Math.min(d.length, text.length - d.column + 1)) : 1;
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="red" bold>{`error[${d.code}]`}</Text>
        <Text>{`${where}: ${d.message}`}</Text>
      </Text>
      {text !== undefined ? (
        <>
          <Text>
            <Text dimColor>{`  ${num} | `}</Text>
            <Text>{text}</Text>
          </Text>
          <Text>
            <Text dimColor>{`  ${gutter} | `}</Text>
            <Text color="red" bold>{' '.repeat(Math.max(0, d.column - 1)) + '^'.repeat(span)}</Text>
          </Text>
        </>
      ) : null}
      {d.hint ? <Text color="cyan">{`  hint: ${d.hint}`}</Text> : null}
    </Box>
  );
}

export function ErrorFrame({ item }: { item: ErrorItem }): React.JSX.Element {
  if (item.diagnostics.length === 0) {
    return (
      <Text>
        <Text color="red" bold>error</Text>
        <Text>{`${item.file !== undefined ? ` in ${item.file}` : ''}: ${item.message}`}</Text>
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      {item.diagnostics.map((d, i) => (
        <Frame key={i} d={d} source={item.source} {...(item.file !== undefined ? { file: item.file } : {})} />
      ))}
    </Box>
  );
}
