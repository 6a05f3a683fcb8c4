/**
 * The REPL without a terminal (`echo "SHOW VIEWS;" | tumbleql repl`): reads stdin line by line, runs
 * statements and meta commands in order, prints plain text — psql-style tables, no escape codes — and
 * exits at the end of input, with status 1 when a statement failed (so scripts can check it).
 *
 * A SELECT keeps running while later lines execute (typically INSERTs), and its rows are printed as they
 * are emitted, in a table whose column widths are fixed when its header is printed (values are never
 * cut: a long value widens its own row only). At the end of input every open window is flushed, so the
 * last windows print too. An updating (changelog) result cannot be printed line by line: its final state is
 * printed when the query ends, or its raw changes as they come with `\changes`.
 */
import { createInterface } from 'node:readline';
import type { OutputRow } from '../src/executor/api.js';
import type { ReplBackend } from './backend.js';
import type { LiveQuery } from './live-query.js';
import { finalTable, itemText } from './output.js';
import { ScriptRunner, Session } from './session.js';
import { layoutTable, rowCount, typicalWidth, type TableColumn } from './table-layout.js';
import { stripAnsi } from './text.js';

/** Plain output is for files and pipes: no terminal to fit, so nothing is cut. */
export const PLAIN_WIDTH = 100_000;

interface Streamed {
  readonly query: LiveQuery;
  widths: number[] | null;
  columns: TableColumn[];
  printed: number;
  /** Other output was printed since this table's last rows: repeat the header before more rows. */
  interrupted: boolean;
  /** The result turned out to be a changelog: stop streaming, print the final table at the end. */
  diverted: boolean;
}

export async function runPlain(backend: ReplBackend, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, width = PLAIN_WIDTH): Promise<number> {
  const write = (text: string): void => {
    output.write(stripAnsi(text) + '\n');
  };
  let quitCode: number | null = null;
  let current: Streamed | null = null;

  const session: Session = new Session(backend, {
    output: (item) => {
      if (item.kind === 'echo') return;
      if (current !== null) current.interrupted = true;
      write(itemText(item, width));
    },
    liveChanged: () => undefined,
    liveRows: (query, rows) => {
      if (current?.query !== query) current = { query, widths: null, columns: [], printed: 0, interrupted: false, diverted: false };
      stream(current, rows);
    },
    liveEnded: (query, reason) => {
      const s = current?.query === query ? current : null;
      current = null;
      if (s === null || s.diverted) {
        if (s?.diverted) write('(the result is a changelog; its final state:)');
        write(itemText(finalTable(query, session.settings, reason), width));
      } else if (s.printed === 0) {
        write(rowCount(0));
      } else {
        write(`(${s.printed} ${s.printed === 1 ? 'row' : 'rows'})`);
      }
    },
    exit: (code) => {
      quitCode = code;
    },
  });

  /** Prints rows (or changes, with `\changes`) under a header printed on first use. */
  function stream(s: Streamed, rows: readonly OutputRow[]): void {
    const changes = session.settings.changes;
    if (s.diverted) return;
    if (!changes && rows.some((r) => r.op !== '+I')) {
      s.diverted = true;
      return;
    }
    if (s.widths === null) {
      s.columns = changes ? [{ name: 'op' }, ...s.query.columns] : [...s.query.columns];
      s.widths = s.columns.map(typicalWidth);
    }
    if (s.printed === 0 || s.interrupted) {
      const head = layoutTable(s.columns, [], width, { widths: s.widths, truncate: false });
      write(head.header);
      write(head.rule);
      s.interrupted = false;
    }
    const names = s.query.columns.map((c) => c.name);
    const values = rows.map((r) => {
      const v = names.map((n) => r.row[n]);
      return changes ? [r.op, ...v] : v;
    });
    for (const line of layoutTable(s.columns, values, width, { widths: s.widths, truncate: false }).lines) write(line);
    s.printed += rows.length;
  }

  await session.refreshCatalog();
  const script = new ScriptRunner(session);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    await script.line(line);
    if (quitCode !== null) break;
  }
  lines.close();
  if (quitCode === null) await script.end();
  await session.finish();
  await session.close();
  return quitCode ?? (session.errors > 0 ? 1 : 0);
}
