import { describe, expect, it } from 'vitest';
import { commonPrefix, complete, relationsInScope, type CompletionContext } from '../../repl/completion.js';

const ctx: CompletionContext = {
  sources: [
    { name: 'bids', columns: [{ name: 'auction' }, { name: 'bidder' }, { name: 'price' }, { name: 'ts', rowtime: true }] },
    { name: 'persons', columns: [{ name: 'id' }, { name: 'name' }, { name: 'date_time', rowtime: true }] },
  ],
  views: [{ name: 'hot_auctions', columns: [{ name: 'auction' }, { name: 'top' }] }],
  keywords: ['SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'TABLE', 'SHOW', 'SOURCES'],
  functions: ['TUMBLE', 'HOP', 'COUNT', 'DESCRIPTOR'],
};

function at(textWithCursor: string): string[] {
  const cursor = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return [...complete(text, cursor, ctx).candidates];
}

describe('completion', () => {
  it('completes keywords in the case the user is typing', () => {
    expect(at('SEL|')).toEqual(['SELECT']);
    expect(at('sel|')).toEqual(['select']);
    expect(at('SHOW SOU|')).toEqual(['SOURCES']);
  });

  it('completes source and view names after FROM, TABLE and JOIN', () => {
    expect(at('SELECT * FROM |')).toEqual(['bids', 'persons', 'hot_auctions']);
    expect(at('SELECT * FROM b|')).toEqual(['bids']);
    expect(at('SELECT * FROM TABLE(TUMBLE(TABLE h|')).toEqual(['hot_auctions']);
  });

  it('completes the CTEs of a WITH as relations, with their columns', () => {
    const sql = 'WITH big AS (SELECT auction, price * 2 AS doubled FROM bids WHERE price > 10), named (a, n) AS (SELECT auction, COUNT(*) FROM big GROUP BY auction)\n';
    expect(at(`${sql}SELECT * FROM |`)).toEqual(['big', 'named', 'bids', 'persons', 'hot_auctions']);
    expect(at(`${sql}SELECT * FROM bi|`)).toEqual(['big', 'bids']);
    expect(at(`${sql}SELECT b.| FROM big b`)).toEqual(['auction', 'doubled']);
    expect(at(`${sql}SELECT d| FROM big`)).toEqual(['doubled', 'descriptor']);
    expect(at(`${sql}SELECT named.| FROM named`)).toEqual(['a', 'n']);
    expect(at('WITH all_bids AS (SELECT * FROM bids) SELECT all_bids.| FROM all_bids')).toEqual(['auction', 'bidder', 'price', 'ts']);
    expect(at('WITH w AS (SELECT b.* FROM bids b JOIN persons p ON b.bidder = p.id) SELECT w.| FROM w')).toEqual(['auction', 'bidder', 'price', 'ts']);
  });

  it('offers WITH among the statement starts', () => {
    expect(at('|')).toContain('WITH');
  });

  it('completes only sources after INSERT INTO', () => {
    expect(at('INSERT INTO |')).toEqual(['bids', 'persons']);
  });

  it('completes columns of the relations in the FROM clause, even when FROM comes after the cursor', () => {
    expect(at('SELECT pr| FROM bids')).toEqual(['price']);
    expect(at('SELECT a| FROM bids')).toEqual(['auction']);
    expect(at('SELECT na| FROM persons')).toEqual(['name']);
    expect(at('SELECT na| FROM bids')).toEqual([]);
  });

  it('completes columns of a window TVF input and of a qualified name', () => {
    expect(at('SELECT bi| FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL \'1\' SECOND))')).toEqual(['bidder', 'bids']);
    expect(at('SELECT b.pr| FROM bids AS b')).toEqual(['price']);
    expect(at('SELECT p.| FROM persons p')).toEqual(['id', 'name', 'date_time']);
  });

  it('offers the event-time column inside DESCRIPTOR(', () => {
    expect(at('SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(|')).toEqual(['ts']);
  });

  it('only looks at the statement around the cursor', () => {
    expect(at('SELECT * FROM persons; SELECT pr| FROM bids;')).toEqual(['price']);
  });

  it('completes meta commands and their arguments', () => {
    expect(at('\\sub|')).toEqual(['\\subscribe']);
    expect(at('\\subscribe h|')).toEqual(['hot_auctions']);
    expect(at('\\rejects |')).toEqual(['bids', 'persons']);
    expect(at('\\d p|')).toEqual(['persons']);
  });

  it('reports the span to replace', () => {
    const c = complete('SELECT * FROM bi', 16, ctx);
    expect(c).toEqual({ start: 14, end: 16, candidates: ['bids'] });
  });

  it('finds relations and aliases in scope', () => {
    expect(relationsInScope('SELECT * FROM bids b JOIN persons AS p ON b.bidder = p.id')).toEqual([
      { name: 'bids', alias: 'b' },
      { name: 'persons', alias: 'p' },
    ]);
    expect(relationsInScope('SELECT * FROM HOP(bids, ts, INTERVAL 1 SECOND, INTERVAL 2 SECOND)')).toEqual([{ name: 'bids' }]);
  });

  it('computes the common prefix of ambiguous candidates', () => {
    expect(commonPrefix(['hop_start', 'HOP_END', 'hop'])).toBe('hop');
    expect(commonPrefix([])).toBe('');
  });

  it('ranks columns of the FROM first in WHERE, offering no other relation of the catalog', () => {
    expect(at('SELECT * FROM bids WHERE b|')).toEqual(['bidder', 'by', 'bids']);
    expect(at('SELECT * FROM bids b WHERE p|')).toEqual(['price']);
    expect(at('SELECT * FROM bids WHERE price > 1 AND |')).toEqual(['auction', 'bidder', 'price', 'ts']);
    expect(at('SELECT auction FROM bids GROUP BY auction HAVING COUNT(*) > 1 AND a|')).toEqual(['auction']);
    // outside a condition, every relation of the catalog still completes
    expect(at('SELECT p|')).toEqual(['persons']);
  });

  it('lists what can start a statement, and the meta commands, on an empty prompt', () => {
    const empty = at('|');
    expect(empty.slice(0, 3)).toEqual(['SELECT', 'CREATE SOURCE', 'CREATE VIEW']);
    expect(empty).toContain('\\subscribe');
    expect(at('SHOW VIEWS; |')).toContain('SELECT');
  });
});
