import { describe, expect, it } from 'vitest';
import { normalizeSql } from '../../src/parser/normalize.js';

describe('normalizeSql (shared by the engine and the server)', () => {
  it('collapses whitespace and comments between tokens and drops trailing semicolons', () => {
    expect(normalizeSql('  SELECT  *\n\tFROM s ;; ')).toBe('SELECT * FROM s');
    expect(normalizeSql('SELECT * -- all\nFROM /* the */ s;')).toBe('SELECT * FROM s');
  });

  it('keeps quoted text byte for byte', () => {
    expect(normalizeSql("SELECT 'a  b',  \"x  y\" FROM s WHERE c = 'it''s  ok'")).toBe("SELECT 'a  b', \"x  y\" FROM s WHERE c = 'it''s  ok'");
    expect(normalizeSql("SELECT 'a  b' FROM s")).not.toBe(normalizeSql("SELECT 'a b' FROM s"));
    expect(normalizeSql('SELECT `a  b` FROM s')).not.toBe(normalizeSql('SELECT `a b` FROM s'));
  });

  it('compares reserved keywords case-insensitively but keeps names as written (they are output keys)', () => {
    expect(normalizeSql('select a from s')).toBe(normalizeSql('SELECT a FROM s'));
    expect(normalizeSql('SELECT a AS Foo FROM s')).not.toBe(normalizeSql('SELECT a AS foo FROM s'));
  });

  it('tells apart texts that differ only by spacing inside a token pair that lexes differently', () => {
    expect(normalizeSql('SELECT a - -1 FROM s')).not.toBe(normalizeSql('SELECT a --1 FROM s'));
    expect(normalizeSql('SELECT 1 FROM s')).not.toBe(normalizeSql('SELECT 1.0 FROM s'));
  });

  it('keeps optimizer hints, which change what a query reads', () => {
    const hinted = normalizeSql("SELECT /*+ OPTIONS('scan.startup.mode'='latest')  */ * FROM s");
    expect(hinted).toBe("SELECT /*+ OPTIONS('scan.startup.mode'='latest') */ * FROM s");
    expect(hinted).not.toBe(normalizeSql('SELECT * FROM s'));
  });

  it('normalizes punctuation spacing one way', () => {
    expect(normalizeSql('SELECT f( a ,b . c ) FROM s')).toBe(normalizeSql('SELECT f(a, b.c) FROM s'));
  });

  it('leaves text the lexer cannot read as it is (never merges two different texts)', () => {
    expect(normalizeSql(' SELECT # FROM s ')).toBe('SELECT # FROM s');
    expect(normalizeSql('SELECT #  FROM s')).not.toBe(normalizeSql('SELECT # FROM s'));
  });
});
