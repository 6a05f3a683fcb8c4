import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../repl/backend.js';
import { runPlain } from '../../repl/plain.js';
import { col, FakeEngine } from './fake-engine.js';

/** Runs piped input through plain mode; `during` runs after the given line count was read (emit rows). */
async function pipe(engine: FakeEngine, text: string, during?: (engine: FakeEngine) => void): Promise<{ out: string; code: number }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const done = runPlain(new EmbeddedBackend(engine), input, output, 80);
  input.write(text);
  if (during) {
    await new Promise((r) => setTimeout(r, 50));
    during(engine);
  }
  input.end();
  const code = await done;
  return { out, code };
}

const bids = (): FakeEngine => {
  const e = new FakeEngine();
  e.addSource('bids', [col('auction', 'BIGINT'), col('price', 'DOUBLE'), { ...col('ts', 'TIMESTAMP(3)'), rowtime: true }]);
  return e;
};

describe('plain mode (stdin/stdout not a terminal)', () => {
  it('prints SHOW results as a plain table and exits 0', async () => {
    const e = bids();
    e.execute('CREATE VIEW hot AS SELECT 1;');
    const { out, code } = await pipe(e, 'SHOW VIEWS;\n');
    expect(out).toBe(' name | mode   \n------+--------\n hot  | append \n(1 row)\n');
    expect(code).toBe(0);
  });

  it('never prints escape codes, whatever the values contain', async () => {
    const e = bids();
    e.execute('CREATE VIEW v AS SELECT 1;');
    e.viewsMap.get('v')!.info = { ...e.viewsMap.get('v')!.info, name: 'v\u001b[31mred' };
    const { out } = await pipe(e, 'SHOW VIEWS;\n\\d bids\n\\help\n');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/\u001b/);
    expect(out).toContain('source bids');
    expect(out).toContain(' ts      | TIMESTAMP(3) | YES      | rowtime');
    expect(out).toContain('\\subscribe <view>');
  });

  it('runs statements in order, multi-line and several per line', async () => {
    const e = bids();
    await pipe(e, "CREATE SOURCE s (a BIGINT)\n  WITH (connector = 'datagen'); SHOW SOURCES;\n");
    expect(e.executed).toEqual(["CREATE SOURCE s (a BIGINT)\n  WITH (connector = 'datagen');", 'SHOW SOURCES;']);
  });

  it('prints a SELECT\'s rows as they are emitted, then flushes at end of input', async () => {
    const e = bids();
    e.onFlush = [{ auction: 2, window_start: '2020-10-10T00:00:10.000Z', bids: 1 }];
    const { out, code } = await pipe(e, 'SELECT auction, window_start, COUNT(*) AS bids FROM bids;\n', (engine) => {
      engine.emit([{ auction: 1, window_start: '2020-10-10T00:00:00.000Z', bids: 3 }]);
    });
    expect(e.flushed).toBe(1);
    expect(out.split('\n')).toEqual([
      ' auction    | window_start             | bids       ',
      '------------+--------------------------+------------',
      '          1 | 2020-10-10T00:00:00.000Z |          3 ',
      '          2 | 2020-10-10T00:00:10.000Z |          1 ',
      '(2 rows)',
      '',
    ]);
    expect(code).toBe(0);
  });

  it('prints the final state of an updating (changelog) result', async () => {
    const e = bids();
    e.queryColumns = [col('channel', 'VARCHAR'), col('n', 'BIGINT')];
    e.queryMode = 'changelog';
    const { out } = await pipe(e, 'SELECT channel, COUNT(*) AS n FROM bids GROUP BY channel;\n', (engine) => {
      engine.emit([{ channel: 'web', n: 1 }, { channel: 'app', n: 1 }, ['-U', { channel: 'web', n: 1 }], ['+U', { channel: 'web', n: 2 }]]);
    });
    expect(out).toContain(' web     | 2 ');
    expect(out).not.toContain(' web     | 1 ');
    expect(out).toMatch(/\(2 rows; end of input after/);
  });

  it('streams the raw changes with \\changes', async () => {
    const e = bids();
    e.queryColumns = [col('channel', 'VARCHAR'), col('n', 'BIGINT')];
    const { out } = await pipe(e, '\\changes\nSELECT channel, COUNT(*) AS n FROM bids GROUP BY channel;\n', (engine) => {
      engine.emit([{ channel: 'web', n: 1 }, ['-U', { channel: 'web', n: 1 }], ['+U', { channel: 'web', n: 2 }]]);
    });
    expect(out).toContain(' -U       | web          |          1 ');
    expect(out).toContain(' +U       | web          |          2 ');
  });

  it('prints an error with a caret under the column, keeps going, and exits 1', async () => {
    const e = bids();
    const { out, code } = await pipe(e, 'SHOW SOURCES; SELECT auction,\n  prce FROM bids;\nSHOW VIEWS;\n');
    expect(out).toContain("error[UNKNOWN_COLUMN] at 2:3: column 'prce' not found in 'bids'; available: auction, price, ts\n  2 |   prce FROM bids;\n    |   ^^^^\n");
    expect(out).toContain(' name | mode \n');
    expect(code).toBe(1);
  });

  it('runs \\i files, reporting errors with the file name and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tq-i-'));
    const file = join(dir, 'views.sql');
    writeFileSync(file, '-- views\nSHOW VIEWS;\n\nSELECT\n  prce FROM bids;\n');
    const e = bids();
    const { out } = await pipe(e, `\\i ${file}\n`);
    expect(out).toContain(`${file}: error[UNKNOWN_COLUMN] at 5:3:`);
    expect(out).toContain('  5 |   prce FROM bids;');
  });

  it('follows a named view with \\subscribe', async () => {
    const e = bids();
    e.execute('CREATE VIEW hot AS SELECT 1;');
    const { out } = await pipe(e, '\\subscribe hot\n', (engine) => {
      engine.emit([{ auction: 9, window_start: '2020-10-10T00:00:00.000Z', bids: 4 }], 'hot');
    });
    expect(out).toContain('          9 | 2020-10-10T00:00:00.000Z |          4 ');
    expect(out).toContain('(1 row)');
  });

  it('says when a view to subscribe to does not exist, with a suggestion', async () => {
    const e = bids();
    e.execute('CREATE VIEW hot AS SELECT 1;');
    const { out } = await pipe(e, '\\subscribe hto\n');
    expect(out).toContain("error: view 'hto' not found; did you mean 'hot'?");
  });

  it('stops at \\q', async () => {
    const e = bids();
    const { code } = await pipe(e, 'SHOW VIEWS;\n\\q\nSHOW SOURCES;\n');
    expect(e.executed).toEqual(['SHOW VIEWS;']);
    expect(code).toBe(0);
  });

  it('answers meta commands: \\timing, \\checkpoint, \\late, \\rejects, \\explain', async () => {
    const e = bids();
    e.durable = true;
    e.late.push({ view: 'hot', source: 'bids', row: { auction: 1 }, watermark: '2020-10-10T00:00:09.000Z' });
    const { out } = await pipe(e, '\\timing\nSHOW VIEWS;\n\\checkpoint\n\\late hot\n\\rejects bids\n\\explain SELECT * FROM bids\n\\nope\n');
    expect(out).toContain('Timing is on.');
    expect(out).toMatch(/Time: \d+\.\d{3} ms/);
    expect(out).toMatch(/checkpoint written in/);
    expect(e.checkpoints).toBe(1);
    expect(out).toContain(' hot  | bids   | 2020-10-10T00:00:09.000Z | {"auction":1} ');
    expect(out).toContain('TumbleAggregate size=10s');
    expect(e.executed).toContain('EXPLAIN SELECT * FROM bids;');
    expect(out).toContain('error: unknown command \\nope; try \\help');
  });
});

describe('\\checkpoint without a state file', () => {
  it('says an in-memory engine has no state file instead of claiming a checkpoint', async () => {
    const e = bids();
    const { out } = await pipe(e, '\\checkpoint\n');
    expect(out).toContain('no checkpoint: this engine keeps its state in memory, there is no state file');
    expect(out).not.toMatch(/checkpoint written/);
  });
});
