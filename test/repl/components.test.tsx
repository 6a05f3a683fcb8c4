import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Editor, PROMPT, CONTINUATION } from '../../repl/components/Editor.js';
import { ErrorFrame } from '../../repl/components/ErrorFrame.js';
import { ResultTable } from '../../repl/components/ResultTable.js';
import { StatusLine } from '../../repl/components/StatusLine.js';
import { VerticalRecord } from '../../repl/components/VerticalRecord.js';
import { editorLines } from '../../repl/highlight.js';
import { errorItem, finalTable, FINAL_TABLE_LIMIT, tableText } from '../../repl/output.js';
import { LiveView } from '../../repl/components/LiveView.js';
import { LiveQuery } from '../../repl/live-query.js';
import { splitStatements, sqlHelpers } from '../../repl/sql-text.js';
import { SqlError } from '../../src/executor/api.js';

const columns = [
  { name: 'auction', type: 'BIGINT' },
  { name: 'window_start', type: 'TIMESTAMP(3)' },
  { name: 'channel', type: 'VARCHAR' },
  { name: 'top', type: 'DOUBLE' },
];
const rows = [
  [1, '2020-10-10T00:00:00.000Z', 'channel-with-a-rather-long-name-indeed-and-then-some', 12.5],
  [2, '2020-10-10T00:00:10.000Z', 'web', 3],
];

const lines = (frame: string | undefined): string[] => (frame ?? '').split('\n');

describe('ResultTable', () => {
  for (const width of [40, 80, 120]) {
    it(`fits a table into ${width} columns`, () => {
      const { lastFrame } = render(<ResultTable columns={columns} rows={rows} width={width} />);
      const out = lines(lastFrame());
      expect(out[0]).toMatch(/^ auction \| window_s/);
      for (const l of out) expect(l.length).toBeLessThanOrEqual(width);
      expect(out.at(-1)).toBe('(2 rows)');
    });
  }

  it('cuts long values with … at 80 columns and shows them whole at 120', () => {
    expect(render(<ResultTable columns={columns} rows={rows} width={80} />).lastFrame()).toContain('…');
    expect(render(<ResultTable columns={columns} rows={rows} width={120} />).lastFrame()).toContain('channel-with-a-rather-long-name-indeed-and-then-some');
  });

  it('shows the newest rows of a long live result and says how many are above', () => {
    const many = Array.from({ length: 20 }, (_, i) => [i, '2020-10-10T00:00:00.000Z', 'x', i]);
    const out = lines(render(<ResultTable columns={columns} rows={many} width={80} maxRows={3} tail />).lastFrame());
    expect(out[2]).toBe(' … 17 earlier rows');
    expect(out[3]).toMatch(/^ +17 \|/);
    expect(out[5]).toMatch(/^ +19 \|/);
  });

  it('adds an op column for a change stream', () => {
    const out = render(<ResultTable columns={columns.slice(0, 1)} rows={[[1], [1]]} ops={['-U', '+U']} width={40} />).lastFrame();
    expect(lines(out)[0]).toMatch(/^ op +\| auction/);
    expect(lines(out)[2]).toMatch(/^ -U +\| +1$/);
  });
});

describe('VerticalRecord', () => {
  it('shows one record per block (\\x)', () => {
    const out = lines(render(<VerticalRecord columns={columns} rows={rows} width={40} />).lastFrame());
    expect(out[0]).toMatch(/^-\[ RECORD 1 \]-*\+-+$/);
    expect(out[1]).toBe('auction      | 1');
    expect(out[3]).toBe('channel      | channel-with-a-rather-lo…');
    expect(out[3]).toHaveLength(40);
    expect(out.every((l) => l.length <= 40)).toBe(true);
  });
});

describe('ErrorFrame', () => {
  it('puts the caret under the offending column of the input as typed', () => {
    const input = 'SHOW VIEWS; SELECT auction,\n       prce FROM bids;';
    const [, stmt] = splitStatements(input);
    // The engine reports a position relative to the statement it was given.
    const err = new SqlError([{ code: 'UNKNOWN_COLUMN', message: "column 'prce' not found in 'bids'", line: 2, column: 8, length: 4, hint: 'did you mean price?' }], stmt!.text);
    const item = errorItem(err, stmt!, input);
    if (item.kind !== 'error') throw new Error('expected an error item');
    const out = lines(render(<ErrorFrame item={item} />).lastFrame());
    expect(out[0]).toBe("error[UNKNOWN_COLUMN] at 2:8: column 'prce' not found in 'bids'");
    expect(out[1]).toBe('  2 |        prce FROM bids;');
    expect(out[2]).toBe('    |        ^^^^');
    expect(out[2]!.indexOf('^')).toBe(out[1]!.indexOf('prce'));
    expect(out[3]).toBe('  hint: did you mean price?');
  });

  it('shows the caret for a statement that starts mid-line', () => {
    const input = 'SHOW VIEWS; SELECT prce FROM bids;';
    const [, stmt] = splitStatements(input);
    const err = new SqlError([{ code: 'UNKNOWN_COLUMN', message: 'no prce', line: 1, column: 8, length: 4 }], stmt!.text);
    const out = lines(render(<ErrorFrame item={errorItem(err, stmt!, input) as never} />).lastFrame());
    expect(out[2]!.indexOf('^')).toBe(out[1]!.indexOf('prce'));
  });

  it('shows errors without a place as one line', () => {
    const out = render(<ErrorFrame item={errorItem(new Error('view x not found'), null, null) as never} />).lastFrame();
    expect(out).toBe('error: view x not found');
  });
});

describe('StatusLine', () => {
  it('shows events/s, the watermark, rows out, late and rejected counts', () => {
    const info = { elapsedMs: 12_300, eventsPerSec: 1234.4, watermark: '2020-10-10T00:00:05.000Z', rowsOut: 42, late: 3, rejected: 1 };
    const out = render(<StatusLine info={info} width={120} />).lastFrame();
    expect(out).toBe('● 1,234 ev/s in │ watermark 2020-10-10T00:00:05.000Z │ 42 rows out │ 3 late │ 1 rejected │ 12.3s');
  });

  it('drops trailing fields rather than wrapping in a narrow terminal', () => {
    const info = { elapsedMs: 0, eventsPerSec: null, watermark: null, rowsOut: 0, late: null, rejected: null };
    const out = render(<StatusLine info={info} width={40} />).lastFrame() ?? '';
    expect(out).toBe('● – ev/s in │ watermark – │ 0 rows out');
  });
});

describe('Editor', () => {
  it('shows the prompt, the continuation prompt and the cursor', () => {
    const view = { text: 'SELECT *\nFROM bids', cursor: 18, search: null, candidates: [] };
    const out = lines(render(<Editor view={view} lex={sqlHelpers.lex} width={80} />).lastFrame());
    expect(out[0]).toBe(`${PROMPT}SELECT *`);
    // The cursor cell after the text is an inverse space (trimmed from the captured frame).
    expect(out[1]).toBe(`${CONTINUATION}FROM bids`);
    expect(CONTINUATION.endsWith('   ...> ')).toBe(true);
  });

  it('shows the reverse search line', () => {
    const view = { text: '', cursor: 0, search: { query: 'bid', index: 0 }, candidates: [] };
    const out = render(<Editor view={view} lex={sqlHelpers.lex} width={80} found="SELECT * FROM bids;" />).lastFrame();
    expect(out).toContain("(reverse-i-search)`bid");
    expect(out).toContain('SELECT * FROM bids;');
  });

  it('highlights keywords, strings and numbers, and marks the cursor cell', () => {
    const segs = editorLines("SELECT 'a', 1", 7, sqlHelpers.lex("SELECT 'a', 1"));
    expect(segs).toHaveLength(1);
    const kinds = Object.fromEntries(segs[0]!.filter((s) => s.text.trim() !== '').map((s) => [s.text, s.kind]));
    expect(kinds).toMatchObject({ SELECT: 'keyword', '1': 'number' });
    expect(segs[0]!.find((s) => s.cursor)?.text).toBe("'");
    expect(segs[0]!.map((s) => s.text).join('')).toBe("SELECT 'a', 1");
  });
});

describe('counts and cut-off marks', () => {
  const cols = [{ name: 'a', type: 'INT', nullable: true }];
  const settings = { vertical: false, changes: false, timing: false, startup: 'earliest' as const };

  it('counts one row as (1 row) and one change as (1 change) under a live query', () => {
    const q = new LiveQuery('query_1', 'SELECT a FROM s', cols);
    q.apply([{ seq: 1, op: '+I', row: { a: 1 } }]);
    expect(render(<LiveView query={q} version={q.version} settings={settings} status={null} width={60} height={10} />).lastFrame()).toContain('(1 row)');
    expect(render(<LiveView query={q} version={q.version} settings={{ ...settings, vertical: true }} status={null} width={60} height={10} />).lastFrame()).toContain('(1 row)');
    const c = new LiveQuery('query_2', 'SELECT a, COUNT(*) FROM s GROUP BY a', cols, 'changelog');
    c.apply([{ seq: 1, op: '+I', row: { a: 1 } }]);
    expect(render(<LiveView query={c} version={c.version} settings={settings} status={null} width={80} height={10} />).lastFrame()).toContain('(1 row, updating; 1 change');
  });

  it('marks the records \\x cut off above the newest ones', () => {
    const q = new LiveQuery('query_1', 'SELECT a FROM s', cols);
    q.apply([1, 2, 3, 4, 5].map((a) => ({ seq: a, op: '+I' as const, row: { a } })));
    const frame = render(<LiveView query={q} version={q.version} settings={{ ...settings, vertical: true }} status={null} width={60} height={4} />).lastFrame() ?? '';
    expect(frame).toContain('(… 3 earlier records not shown)');
    expect(frame).toContain('-[ RECORD 4 ]');
    expect(frame).not.toContain('-[ RECORD 3 ]');
    const one = render(<VerticalRecord columns={cols} rows={[[5]]} width={60} firstRecord={2} />).lastFrame() ?? '';
    expect(one).toContain('(… 1 earlier record not shown)');
  });

  it('numbers and marks the records of a finished \\x query cut to its newest rows', () => {
    const q = new LiveQuery('query_1', 'SELECT a FROM s', cols);
    q.apply(Array.from({ length: FINAL_TABLE_LIMIT + 2 }, (_, i) => ({ seq: i + 1, op: '+I' as const, row: { a: i } })));
    const item = finalTable(q, { vertical: true, changes: false }, 'cancelled');
    const text = item.kind === 'table' ? tableText(item, 60) : '';
    expect(text).toContain('(… 2 earlier records not shown)\n-[ RECORD 3 ]');
  });
});
