/**
 * The text of an `insert` frame's "rows" array, cut out of the frame as it arrived. With a state file the
 * engine keeps every pushed batch as JSON text in its input log; handing it this slice saves encoding
 * again the rows the frame's text already spells (a JSON.stringify of 1,000 rows per insert, about as
 * costly as parsing them).
 *
 * Only called on text that JSON.parse accepted, and the slice is the exact text JSON.parse read the
 * rows from, so parsing it again (a restart's replay of the input log) gives the same rows. Where the
 * scan sees anything it does not expect it answers null, and the caller encodes the rows itself.
 * When a frame names "rows" twice, JSON.parse keeps the last, and so does this.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** `i` at an opening quote: the index just past the closing one (-1 if there is none). */
function skipString(text: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const q = text.indexOf('"', at);
    if (q < 0) return -1;
    // Escaped when preceded by an odd number of backslashes.
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    at = q + 1;
  }
}

/** `i` at the first character of a value: the index just past it (-1 when the text ends first). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) {
      i = skipString(text, i);
      if (i < 0) return -1;
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/**
 * `rowsText` of a frame that JSON.parse accepted and the insert schema passed (protocol.ts: only the
 * members type, id, source and rows; the last of each is a string, a number or — rows — an array).
 * The frame a producer most often sends ends with its rows, `...,"rows":[...]}`; scanning every row's
 * characters to find where the array ends was a quarter of parsing an insert. Under the schema the end
 * is found without the scan when, past the top-level "rows" key met first, the text holds no backslash
 * (so every key is spelled as it reads) and no other `"rows"`, and ends with `]` and `}`: the last
 * member's value then ends with `]`, so it is an array, so (the schema) that member is "rows"; no
 * "rows" key follows the one met, so it is that one, and its value runs to that last `]`. Anything
 * else goes through the full scan.
 */
export function insertRowsText(text: string): string | null {
  return rowsText(text, true);
}

/** Just past the `]` before the closing `}` at the end of `text` (trailing spaces allowed), else -1. */
function closingArrayEnd(text: string): number {
  let e = text.length - 1;
  while (e > 0 && isSpace(text.charCodeAt(e))) e--;
  if (text.charCodeAt(e) !== CLOSE_BRACE) return -1;
  e--;
  while (e > 0 && isSpace(text.charCodeAt(e))) e--;
  return text.charCodeAt(e) === CLOSE_BRACKET ? e + 1 : -1;
}

/**
 * The text of the top-level "rows" value of a JSON object that JSON.parse accepted, when it is an array.
 * `insertShape`: the object also passed the insert schema (see insertRowsText).
 */
export function rowsText(text: string, insertShape = false): string | null {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return null;
  i = skipSpace(text, i + 1);
  let found: string | null = null;
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACE) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return null;
    const raw = text.slice(i + 1, keyEnd - 1);
    // An escaped spelling ("r\u006fws") is still the key JSON.parse reads as rows.
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return null;
    const start = skipSpace(text, i + 1);
    if (insertShape && key === 'rows' && text.charCodeAt(start) === OPEN_BRACKET && text.indexOf('\\', start) < 0 && text.indexOf('"rows"', start) < 0) {
      const last = closingArrayEnd(text);
      if (last > start) return text.slice(start, last);
    }
    const end = skipValue(text, start);
    if (end < 0) return null;
    if (key === 'rows') found = text.charCodeAt(start) === OPEN_BRACKET ? text.slice(start, end) : null;
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return found;
}

/**
 * One array text for the rows of several inserts pushed together (ingest-batch.ts), in order; null if
 * any of them has none.
 */
export function joinRowsTexts(texts: readonly (string | null | undefined)[]): string | null {
  if (texts.length === 1) return texts[0] ?? null;
  const inner: string[] = [];
  for (const t of texts) {
    if (t === null || t === undefined) return null;
    const body = t.slice(1, -1);
    if (body.trim().length > 0) inner.push(body);
  }
  return `[${inner.join(',')}]`;
}
