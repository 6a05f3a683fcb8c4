/** `\help`: the meta commands and the keys, from the same table completion uses. */
import { Box, Text } from 'ink';
import { HELP_KEYS, helpRows } from '../output.js';

export function Help(): React.JSX.Element {
  const rows = helpRows();
  const w = Math.max(...rows.map((r) => (r[0] ?? '').length));
  const kw = Math.max(...HELP_KEYS.map(([k]) => k.length));
  return (
    <Box flexDirection="column">
      <Text bold>Meta commands</Text>
      {rows.map(([cmd = '', desc = '']) => (
        <Text key={cmd}>
          <Text color="magenta">{'  ' + cmd.padEnd(w)}</Text>
          <Text>{'  ' + desc}</Text>
        </Text>
      ))}
      <Text bold>Keys</Text>
      {HELP_KEYS.map(([k, d]) => (
        <Text key={k}>
          <Text color="cyan">{'  ' + k.padEnd(kw)}</Text>
          <Text>{'  ' + d}</Text>
        </Text>
      ))}
      <Text dimColor>  A SELECT keeps running under the prompt; its table updates as windows fire.</Text>
    </Box>
  );
}
