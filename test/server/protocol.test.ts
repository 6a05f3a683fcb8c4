/** Message validation and SQL normalization, without a socket. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientMessage, insertMessage, normalizeSql, parseClientMessage } from '../../src/executor/server/protocol.js';
import { insertRowsText } from '../../src/executor/server/rows-text.js';

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
      // An insert also carries its frame, from which its rows' text is cut when needed (rows-text.ts).
      const text = JSON.stringify(m);
      const msg = m.type === 'insert' ? { ...m, frame: text } : m;
      expect(parseClientMessage(text)).toEqual({ ok: true, msg });
      if (m.type === 'insert') expect(insertRowsText(text)).toBe(JSON.stringify(m.rows));
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

describe('insertMessage (the insert schema written out)', () => {
  it('accepts exactly what the schema accepts, with the same message', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(Infinity, -Infinity, 1e400, '', 'x'.repeat(256), 'x'.repeat(257), 'insert', 'ping'),
      fc.array(fc.jsonValue(), { maxLength: 3 }),
    );
    const key = fc.constantFrom('type', 'id', 'source', 'rows', 'extra', '__proto__', 'Rows');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.boolean(), (members, typed) => {
        const obj: Record<string, unknown> = typed ? { type: 'insert' } : {};
        for (const [k, v] of members) Object.defineProperty(obj, k, { value: v, enumerable: true, configurable: true, writable: true });
        if (obj['type'] !== 'insert') return;
        const mine = insertMessage(obj);
        const schema = clientMessage.safeParse(obj);
        if (mine !== null) expect(schema).toEqual({ success: true, data: mine });
        else expect(schema.success && schema.data.type === 'insert' ? schema.data : null).toBeNull();
      }),
      { numRuns: 3000 },
    );
    // Both ways on the cases that matter.
    expect(insertMessage({ type: 'insert', source: 's', rows: [], id: 1e400 })).toBeNull();
    const tooMany = { type: 'insert', source: 's', rows: new Array(100_001).fill(0) };
    expect(insertMessage(tooMany)).toBeNull();
    expect(clientMessage.safeParse(tooMany).success).toBe(false);
    expect(insertMessage({ ...tooMany, rows: tooMany.rows.slice(1) })).not.toBeNull();
    expect(insertMessage({ type: 'insert', source: 's', rows: [1], id: 'a' })).toEqual({ type: 'insert', id: 'a', source: 's', rows: [1] });
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
