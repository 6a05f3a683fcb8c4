/** One line under a running query: what is flowing in, how far event time got, what came out. */
import { Text } from 'ink';
import { statusText, type StatusInfo } from '../status.js';

export interface StatusLineProps {
  readonly info: StatusInfo;
  readonly width: number;
}

export function StatusLine({ info, width }: StatusLineProps): React.JSX.Element {
  return (
    <Text>
      <Text color="green">● </Text>
      <Text dimColor>{statusText(info, Math.max(10, width - 2))}</Text>
    </Text>
  );
}
