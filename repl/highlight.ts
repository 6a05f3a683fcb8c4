/**
 * Splits highlighted input into display lines of styled segments, with the cursor cell marked, for the
 * editor component. Pure, so the colouring and cursor placement are tested without a terminal.
 */
import type { HighlightKind, HighlightToken } from './sql-text.js';

export interface Segment {
  readonly text: string;
  readonly kind: HighlightKind | 'meta';
  /** This segment is the one character under the cursor (a space when the cursor is at a line's end). */
  readonly cursor?: boolean;
}

/** Colours per token kind (ink colour names); kinds not listed print in the default colour. */
export const KIND_COLORS: Partial<Record<Segment['kind'], string>> = {
  keyword: 'cyan',
  string: 'green',
  number: 'yellow',
  comment: 'gray',
  error: 'red',
  meta: 'magenta',
};

/**
 * Tokens → lines. A token spanning a newline (block comment, string) is split across lines; the cursor
 * splits the token it falls in. `showCursor` false (e.g. while a search prompt has focus) omits it.
 */
export function editorLines(text: string, cursor: number, tokens: readonly HighlightToken[], showCursor = true): Segment[][] {
  const metaLine = /^\s*\\/.test(text);
  const lines: Segment[][] = [[]];
  let offset = 0;
  const push = (segText: string, kind: Segment['kind'], isCursor = false): void => {
    const line = lines[lines.length - 1] as Segment[];
    if (segText !== '') line.push(isCursor ? { text: segText, kind, cursor: true } : { text: segText, kind });
  };
  const emit = (segText: string, kind: Segment['kind']): void => {
    // Walk the token's characters only where a newline or the cursor forces a cut.
    let start = 0;
    for (let i = 0; i <= segText.length; i++) {
      const at = offset + i;
      const atCursor = showCursor && at === cursor && i < segText.length;
      const nl = segText[i] === '\n';
      if (!atCursor && !nl && i < segText.length) continue;
      push(segText.slice(start, i), kind);
      if (i === segText.length) break;
      if (nl) {
        if (showCursor && at === cursor) push(' ', kind, true);
        lines.push([]);
        start = i + 1;
      } else {
        push(segText[i] as string, kind, true);
        start = i + 1;
      }
    }
    offset += segText.length;
  };
  for (const t of tokens) emit(t.text, metaLine ? 'meta' : t.kind);
  if (showCursor && cursor >= text.length) push(' ', 'whitespace', true);
  return lines;
}
