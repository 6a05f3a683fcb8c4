/** Message validation and SQL normalization, without a socket. */
import { describe, expect, it } from 'vitest';
import { normalizeSql, parseClientMessage } from '../../src/executor/server/protocol.js';

describe('parseClientMessage', () => {
  it('accepts every documented request', () => {
    for (const m of [
      { type: 'subscribe', view: 'v' },
      { type: 'subscribe', view: 'v', from: 'earliest', id: 1 },
      { type: 'subscribe', view: 'v', from: 17 },
      { type: 'unsubscribe', view: 'v' },
      { type: 'query', sql: 'SELECT 1' },
      { type: 'cancel', view: 'q1', id: 'a' },
      { type: 'execute', sql: 'CREATE SOURCE s' },
      { type: 'insert', source: 's', rows: [{ a: 1 }, 'raw'] },
      { type: 'ping' },
      { type: 'late' },
      { type: 'late', view: 'v', limit: 10, id: 2 },
      { type: 'rejects' },
      { type: 'rejects', source: 's', limit: 10_000 },
      { type: 'checkpoint', id: 'c' },
      { type: 'stats' },
    ]) {
      // An insert also carries its rows' text as the frame spelled it (rows-text.ts).
      const msg = m.type === 'insert' ? { ...m, rowsText: JSON.stringify(m.rows) } : m;
      expect(parseClientMessage(JSON.stringify(m))).toEqual({ ok: true, msg });
    }
  });

  it('rejects a seq below 1 and a fractional seq', () => {
    for (const from of [0, -3, 1.5]) {
      const r = parseClientMessage(JSON.stringify({ type: 'subscribe', view: 'v', from }));
      expect(r.ok).toBe(false);
    }
  });

  it('echoes a usable id on a rejected message', () => {
    const r = parseClientMessage(JSON.stringify({ type: 'insert', id: 9, source: 's' }));
    expect(r).toMatchObject({ ok: false, error: { id: 9, code: 'BAD_MESSAGE', message: expect.stringMatching(/"rows"/) } });
  });
});

describe('normalizeSql', () => {
  it('collapses whitespace and drops trailing semicolons', () => {
    expect(normalizeSql('  SELECT  *\n\tFROM s ;; ')).toBe('SELECT * FROM s');
  });

  it("keeps quoted text byte for byte, including doubled quotes", () => {
    expect(normalizeSql("SELECT 'a  b',  \"x  y\" FROM s WHERE c = 'it''s  ok'")).toBe("SELECT 'a  b', \"x  y\" FROM s WHERE c = 'it''s  ok'");
  });
});
