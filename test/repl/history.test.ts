import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHistoryPath, History, searchBackward } from '../../repl/history.js';

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'tq-hist-')), 'history');
}

describe('history', () => {
  it('persists entries and reloads them, multi-line and backslashes intact', () => {
    const path = tempFile();
    const h = new History(path);
    h.add('SELECT 1;');
    h.add('SELECT a,\n  b FROM t;');
    h.add('\\x');
    const again = new History(path);
    expect(again.entries).toEqual(['SELECT 1;', 'SELECT a,\n  b FROM t;', '\\x']);
  });

  it('skips blank entries and repeats of the previous entry', () => {
    const h = new History(null);
    h.add('SHOW VIEWS;');
    h.add('SHOW VIEWS;');
    h.add('   ');
    h.add('SHOW SOURCES;');
    h.add('SHOW VIEWS;');
    expect(h.entries).toEqual(['SHOW VIEWS;', 'SHOW SOURCES;', 'SHOW VIEWS;']);
  });

  it('keeps the newest entries up to the limit and compacts a long file', () => {
    const path = tempFile();
    writeFileSync(path, Array.from({ length: 50 }, (_, i) => JSON.stringify(`q${i};`)).join('\n') + '\n');
    const h = new History(path, 10);
    expect(h.entries).toHaveLength(10);
    expect(h.entries[9]).toBe('q49;');
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(10);
  });

  it('loads hand-written lines that are not JSON as they are', () => {
    const path = tempFile();
    writeFileSync(path, 'SELECT 1;\n"SELECT 2;"\n');
    expect(new History(path).entries).toEqual(['SELECT 1;', 'SELECT 2;']);
  });

  it('uses TUMBLEQL_HISTORY when set, else ~/.tumbleql_history', () => {
    expect(defaultHistoryPath({ TUMBLEQL_HISTORY: '/tmp/h' })).toBe('/tmp/h');
    expect(defaultHistoryPath({})).toMatch(/\.tumbleql_history$/);
  });
});

describe('Ctrl-R search', () => {
  const entries = ['SELECT * FROM bids;', 'SHOW VIEWS;', 'select count(*) from bids;', 'SHOW SOURCES;'];

  it('finds the most recent entry containing the text, case-insensitively', () => {
    expect(searchBackward(entries, 'BIDS')).toBe(2);
  });

  it('walks back to older matches from the last one found', () => {
    expect(searchBackward(entries, 'bids', 2)).toBe(0);
    expect(searchBackward(entries, 'bids', 0)).toBe(-1);
  });

  it('returns -1 when nothing matches', () => {
    expect(searchBackward(entries, 'nexmark')).toBe(-1);
  });
});
