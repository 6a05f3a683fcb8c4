/**
 * The prompt: highlighted multi-line input with a block cursor, the continuation prompt on later lines,
 * Ctrl-R's search line, and completion candidates after an ambiguous Tab.
 */
import { Box, Text } from 'ink';
import { editorLines, KIND_COLORS, type Segment } from '../highlight.js';
import type { EditorView } from '../line-editor.js';
import type { HighlightToken } from '../sql-text.js';
import { padEnd } from '../text.js';

export const PROMPT = 'tumbleql> ';
/** Right-aligned under the prompt so continued lines line up with the first. */
export const CONTINUATION = '   ...> '.padStart(PROMPT.length);

export interface EditorProps {
  readonly view: EditorView;
  readonly lex: (text: string) => readonly HighlightToken[];
  readonly width: number;
  /** The text a history search has found (shown in place of the buffer while searching). */
  readonly found?: string;
}

function Seg({ s }: { s: Segment }): React.JSX.Element {
  const color = KIND_COLORS[s.kind];
  return (
    <Text inverse={s.cursor === true} bold={s.kind === 'keyword'} {...(color ? { color } : {})}>
      {s.text}
    </Text>
  );
}

export function Editor({ view, lex, width, found }: EditorProps): React.JSX.Element {
  if (view.search) {
    const { query, index } = view.search;
    const label = query !== '' && index < 0 ? 'failing reverse-i-search' : 'reverse-i-search';
    const text = found ?? '';
    return (
      <Box flexDirection="column">
        {text.split('\n').map((line, i) => (
          <Text key={i}>
            <Text color="blue">{i === 0 ? PROMPT : CONTINUATION}</Text>
            <Text>{line}</Text>
          </Text>
        ))}
        <Text>
          <Text dimColor>{`(${label})\``}</Text>
          <Text>{query}</Text>
          <Text inverse> </Text>
          <Text dimColor>{"'"}</Text>
        </Text>
      </Box>
    );
  }
  const lines = editorLines(view.text, view.cursor, lex(view.text));
  return (
    <Box flexDirection="column">
      {lines.map((segments, i) => (
        <Text key={i}>
          <Text color="blue" bold={i === 0}>{i === 0 ? PROMPT : CONTINUATION}</Text>
          {segments.map((s, j) => <Seg key={j} s={s} />)}
        </Text>
      ))}
      {view.candidates.length > 0 ? <Candidates items={view.candidates} width={width} /> : null}
    </Box>
  );
}

/** Candidates in columns, like readline's listing; at most a few lines, then a count. */
function Candidates({ items, width }: { items: readonly string[]; width: number }): React.JSX.Element {
  const cell = Math.min(Math.max(...items.map((c) => c.length)) + 2, Math.max(10, width));
  const perLine = Math.max(1, Math.floor(width / cell));
  const maxLines = 4;
  const shown = items.slice(0, perLine * maxLines);
  const lines: string[] = [];
  for (let i = 0; i < shown.length; i += perLine) {
    lines.push(shown.slice(i, i + perLine).map((c) => padEnd(c, cell)).join('').trimEnd());
  }
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => <Text key={i} dimColor>{l}</Text>)}
      {items.length > shown.length ? <Text dimColor>{`… and ${items.length - shown.length} more`}</Text> : null}
    </Box>
  );
}
