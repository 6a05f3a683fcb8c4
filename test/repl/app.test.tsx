import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../repl/app.js';
import { EmbeddedBackend } from '../../repl/backend.js';
import { History } from '../../repl/history.js';
import { sqlHelpers } from '../../repl/sql-text.js';
import { col, FakeEngine } from './fake-engine.js';

type Rendered = ReturnType<typeof render>;
let current: Rendered | null = null;
afterEach(() => {
  current?.unmount();
  current = null;
});

function start(engine = new FakeEngine()): { ui: Rendered; engine: FakeEngine; exits: number[] } {
  engine.addSource('bids', [col('auction', 'BIGINT'), col('price', 'DOUBLE'), { ...col('ts', 'TIMESTAMP(3)'), rowtime: true }]);
  const exits: number[] = [];
  const ui = render(
    <App backend={new EmbeddedBackend(engine)} helpers={sqlHelpers} history={new History(null)} banner="tumbleql test" onExit={(c) => exits.push(c)} />,
  );
  current = ui;
  return { ui, engine, exits };
}

async function until(ui: Rendered, test: (frame: string) => boolean, ms = 2000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const frame = ui.lastFrame() ?? '';
    if (test(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out; last frame:\n${frame}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Types like a person: one key per write, so ink sees separate keypresses. */
async function keys(ui: Rendered, ...chunks: string[]): Promise<void> {
  for (const c of chunks) {
    ui.stdin.write(c);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the interactive REPL', () => {
  it('shows the banner and a prompt, runs a statement and echoes it to the scrollback', async () => {
    const { ui, engine } = start();
    engine.execute('CREATE VIEW hot AS SELECT 1;');
    await until(ui, (f) => f.includes('tumbleql>'));
    await keys(ui, 'SHOW VIEWS;', '\r');
    const frame = await until(ui, (f) => f.includes('(1 row)'));
    expect(frame).toContain('tumbleql test');
    expect(frame).toContain('tumbleql> SHOW VIEWS;');
    expect(frame).toMatch(/ name \| mode *\n-+\+-+\n hot +\| append/);
  });

  it('shows the continuation prompt until the statement ends with ;', async () => {
    const { ui } = start();
    await keys(ui, 'SELECT *', '\r', 'FROM bids');
    const frame = await until(ui, (f) => f.includes('...> FROM bids'));
    expect(frame).toContain('tumbleql> SELECT *\n     ...> FROM bids');
  });

  it('runs a query continuously, updates its table as rows arrive, and Ctrl-C cancels it', async () => {
    const { ui, engine } = start();
    await keys(ui, 'SELECT auction, window_start, COUNT(*) AS bids FROM bids;', '\r');
    await until(ui, (f) => f.includes('waiting for rows'));
    engine.emit([{ auction: 1, window_start: '2020-10-10T00:00:00.000Z', bids: 3 }]);
    let frame = await until(ui, (f) => f.includes('2020-10-10T00:00:00.000Z'));
    expect(frame).toMatch(/▶ query_1: SELECT auction/);
    expect(frame).toMatch(/ev\/s in │ watermark/);
    engine.emit([{ auction: 2, window_start: '2020-10-10T00:00:10.000Z', bids: 1 }]);
    frame = await until(ui, (f) => f.includes('(2 rows)'));
    await keys(ui, '\u0003');
    frame = await until(ui, (f) => /\(2 rows; cancelled after/.test(f));
    expect(frame).not.toContain('▶ query_1');
    expect(engine.viewsMap.has('query_1')).toBe(false);
  });

  it('keeps the prompt usable while a query runs', async () => {
    const { ui, engine } = start();
    await keys(ui, 'SELECT * FROM bids;', '\r');
    await until(ui, (f) => f.includes('waiting for rows'));
    await keys(ui, 'INSERT INTO bids VALUES (1, 2.0, 3);', '\r');
    await until(ui, (f) => f.includes('inserted 1 row into bids'));
    expect(engine.executed.at(-1)).toBe('INSERT INTO bids VALUES (1, 2.0, 3);');
  });

  it('shows an updating table for a changelog and the change stream with \\changes', async () => {
    const engine = new FakeEngine();
    engine.queryColumns = [col('channel', 'VARCHAR'), col('n', 'BIGINT')];
    const { ui } = start(engine);
    await keys(ui, 'SELECT channel, COUNT(*) AS n FROM bids GROUP BY channel;', '\r');
    await until(ui, (f) => f.includes('waiting for rows'));
    engine.emit([{ channel: 'web', n: 1 }, ['-U', { channel: 'web', n: 1 }], ['+U', { channel: 'web', n: 2 }]]);
    let frame = await until(ui, (f) => f.includes('updating'));
    expect(frame).toMatch(/ web +\| +2/);
    expect(frame).not.toMatch(/ web +\| +1/);
    await keys(ui, '\\changes', '\r');
    frame = await until(ui, (f) => f.includes('(3 changes)'));
    expect(frame).toMatch(/ -U +\| web +\| +1/);
  });

  it('shows an error with a caret under the column and stays usable', async () => {
    const { ui } = start();
    await keys(ui, 'SELECT auction, prce FROM bids;', '\r');
    const frame = await until(ui, (f) => f.includes('error[UNKNOWN_COLUMN]'));
    const lines = frame.split('\n');
    const src = lines.findIndex((l) => l.startsWith('  1 | SELECT auction, prce'));
    expect(lines[src + 1]!.indexOf('^^^^')).toBe(lines[src]!.indexOf('prce'));
    await keys(ui, 'SHOW VIEWS;', '\r');
    await until(ui, (f) => f.includes('(0 rows)'));
  });

  it('completes with Tab and recalls history with the up arrow', async () => {
    const { ui } = start();
    await until(ui, (f) => f.includes('tumbleql>'));
    await keys(ui, 'SELECT * FROM bi', '\t');
    await until(ui, (f) => f.includes('tumbleql> SELECT * FROM bids'));
    await keys(ui, ';', '\r', '\u001b[A');
    const frame = await until(ui, (f) => f.trimEnd().endsWith('tumbleql> SELECT * FROM bids ;'));
    expect(frame).toBeTruthy();
  });

  it('asks for a second Ctrl-C on an empty prompt before quitting; Ctrl-D quits at once', async () => {
    const { ui, exits } = start();
    await until(ui, (f) => f.includes('tumbleql>'));
    await keys(ui, '\u0003');
    await until(ui, (f) => f.includes('press Ctrl-C again'));
    expect(exits).toEqual([]);
    await keys(ui, '\u0003');
    await until(ui, () => exits.length > 0);
    expect(exits).toEqual([0]);
  });

  it('quits on Ctrl-D and on \\q', async () => {
    const a = start();
    await until(a.ui, (f) => f.includes('tumbleql>'));
    await keys(a.ui, '\u0004');
    await until(a.ui, () => a.exits.length > 0);
    a.ui.unmount();
    const b = start();
    await keys(b.ui, '\\q', '\r');
    await until(b.ui, () => b.exits.length > 0);
    expect(b.exits).toEqual([0]);
  });

  it('shows each statement of a pasted script with its result right under it', async () => {
    const { ui, engine } = start();
    engine.execute('CREATE VIEW hot AS SELECT 1;');
    await until(ui, (f) => f.includes('tumbleql>'));
    await keys(ui, 'SHOW VIEWS;\nSHOW SOURCES;\n');
    const frame = await until(ui, (f) => f.includes('tumbleql> SHOW SOURCES;') && /bids/.test(f.slice(f.indexOf('tumbleql> SHOW SOURCES;'))));
    const views = frame.indexOf('tumbleql> SHOW VIEWS;');
    const hot = frame.indexOf(' hot ');
    const sources = frame.indexOf('tumbleql> SHOW SOURCES;');
    expect(views).toBeGreaterThanOrEqual(0);
    expect(hot).toBeGreaterThan(views);
    expect(sources).toBeGreaterThan(hot);
  });

  it('clears the screen on Ctrl-L and keeps what was typed', async () => {
    const { ui } = start();
    await until(ui, (f) => f.includes('tumbleql>'));
    await keys(ui, 'SELECT 1', '\u000c');
    await until(ui, () => ui.frames.some((f) => f.includes('\u001b[2J')));
    await until(ui, (f) => f.includes('tumbleql> SELECT 1'));
  });

  it("shows the engine's status line while idle when asked (the demo), and the query's once one runs", async () => {
    const engine = new FakeEngine();
    engine.addSource('bids', [col('auction', 'BIGINT')]);
    engine.eventsIn = 42;
    const ui = render(<App backend={new EmbeddedBackend(engine)} helpers={sqlHelpers} history={new History(null)} idleStatus onExit={() => undefined} />);
    current = ui;
    let frame = await until(ui, (f) => f.includes('rows out'));
    expect(frame).toMatch(/● – ev\/s in │ watermark – │ 0 rows out │ 0 late │ 0 rejected/);
    await keys(ui, 'SELECT * FROM bids;', '\r');
    frame = await until(ui, (f) => f.includes('▶ query_1'));
    expect(frame.match(/● /g)?.length ?? 0).toBeLessThanOrEqual(1);
    const plain = start();
    await until(plain.ui, (f) => f.includes('tumbleql>'));
    expect(plain.ui.lastFrame()).not.toContain('rows out');
  });
});
