/**
 * A `rows` frame built from the durable log's row JSON (encode once) is the very text JSON.stringify
 * writes for it, so clients cannot tell the two apart.
 */
import { describe, expect, it } from 'vitest';
import type { OutputRow } from '../../src/executor/api.js';
import { encodeRows, framedText } from '../../src/executor/server/subscriptions.js';

describe('rows frames from row JSON', () => {
  it('equal the frames encoded from row objects, for any view name, op and value', () => {
    const rows: OutputRow[] = [
      { seq: 1, op: '+I', row: { k: 'a"b\\c\u2028', n: 1, x: null } },
      { seq: 2, op: '-U', row: { k: '', n: -0.5, when: '2020-01-01T00:00:00.000Z' } },
      { seq: 3, op: '+U', row: { k: '日本', n: 1e21, nested: { a: [1, 'two'] } } },
      { seq: 4, op: '-D', row: {} },
    ];
    const batch = { firstSeq: 1, ops: rows.map((r) => r.op), rowsJson: rows.map((r) => JSON.stringify(r.row)) };
    for (const view of ['v', 'Strange "view"\n']) {
      expect(framedText(view, batch, 0, 4)).toBe(encodeRows(view, rows));
      expect(framedText(view, batch, 2, 4)).toBe(encodeRows(view, rows.slice(2)));
      expect(JSON.parse(framedText(view, batch, 0, 4))).toEqual({ type: 'rows', view, rows });
      // An insert-only batch (ops null) is all +I.
      const inserts = rows.map((r) => ({ ...r, op: '+I' as const }));
      expect(framedText(view, { ...batch, ops: null }, 1, 3)).toBe(encodeRows(view, inserts.slice(1, 3)));
    }
  });
});
