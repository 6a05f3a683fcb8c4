/**
 * Stable identity: saved state belongs to a plan fingerprint and to node ids from the optimized plan,
 * so an edit that changes results (a literal, a window size, an operator moved by the planner) is
 * STATE_MISMATCH with the --reset hint, never state loaded into the wrong operator.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { compilePlan } from '../../src/planner/compile.js';
import { planFingerprint } from '../../src/planner/identity.js';
import type { LogicalPlan } from '../../src/parser/logical-plan.js';
import { collect, durable, sqlError, tempState } from './helpers.js';

const SOURCE = `CREATE SOURCE s (k VARCHAR, v DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;
const viewWith = (literal: string, size = 10) =>
  `CREATE VIEW w AS SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '${size}' SECOND))
   WHERE k <> '${literal}' GROUP BY window_start, window_end, k;`;

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** A durable engine that ran `ddl` over a few rows (state saved), closed. */
function saved(ddl: string): string {
  const t = tempState();
  cleanup = t.cleanup;
  const e = durable(t.path);
  e.execute(SOURCE + ddl);
  e.push('s', [{ k: 'x', v: 1, ts: 1000 }, { k: 'y', v: 2, ts: 2000 }]);
  e.checkpoint();
  void e.close();
  return t.path;
}

describe('a durable view edited between runs', () => {
  it("refuses a changed string literal ('a  b' → 'a b') with STATE_MISMATCH and the --reset hint", () => {
    const path = saved(viewWith('a  b'));
    const e = durable(path);
    expect(() => e.execute(SOURCE + viewWith('a  b'))).not.toThrow(); // the same text resumes
    const err = sqlError(() => e.execute(viewWith('a b')));
    expect(err.code).toBe('STATE_MISMATCH');
    expect(err.message + (err.diagnostics[0]?.hint ?? '')).toContain('--reset w');
    void e.close();
  });

  it('refuses a changed window size', () => {
    const path = saved(viewWith('z', 10));
    const e = durable(path);
    const err = sqlError(() => e.execute(viewWith('z', 20)));
    expect(err.code).toBe('STATE_MISMATCH');
    void e.close();
  });

  it('accepts the same definition spelled with other spacing and comments', () => {
    const path = saved(viewWith('z'));
    const e = durable(path);
    expect(() => e.execute(viewWith('z').replace(/ /g, '  ').replace('SELECT', 'SELECT /* same */'))).not.toThrow();
    void e.close();
  });
});

describe('a plan that moves an operator', () => {
  const ddl = `CREATE VIEW t AS SELECT k, v * 2 AS dv FROM s WHERE v > 1;`;

  it('gets another fingerprint and other node ids', () => {
    const e = createEngine() as ReturnType<typeof durable>;
    e.execute(SOURCE + ddl);
    const def = e.catalog.view('t')!;
    const p = compilePlan(def.plan, def.schema);
    const moved = moveFilterUp(p.plan);
    expect(planFingerprint(moved)).not.toBe(p.fingerprint);
    expect(p.operators.map((o) => o.id)).toEqual(['root:filter_project']);
    void e.close();
  });

  it('is STATE_MISMATCH at restore when the saved state was written by the moved plan', () => {
    const t = tempState();
    cleanup = t.cleanup;
    const a = durable(t.path);
    a.execute(SOURCE + `CREATE VIEW g AS SELECT k, COUNT(*) AS n FROM (SELECT k, v * 2 AS dv FROM s WHERE v > 1) GROUP BY k;`);
    const out = collect(a, 'g');
    a.push('s', [{ k: 'x', v: 5, ts: 1 }]);
    a.checkpoint();
    expect(out).toEqual(['+I {"k":"x","n":1}']);
    const plan = a.view('g')!.pipeline.plan;
    void a.close();
    // What an older planner that kept the filter above the projection would have recorded.
    const db = new Database(t.path);
    db.prepare('UPDATE tq_view SET fingerprint = ? WHERE name = ?').run(planFingerprint(moveFilterUp(plan)), 'g');
    db.close();
    const err = sqlError(() => durable(t.path));
    expect(err.code).toBe('STATE_MISMATCH');
    expect(err.message).toContain("view 'g' has saved state written by a different plan");
    expect(err.diagnostics[0]?.hint).toContain('--reset g');
    // --reset discards it and the engine opens.
    const b = durable(t.path, { reset: ['g'] });
    expect(b.views().map((v) => v.name)).toEqual([]);
    void b.close();
  });
});

/** The same plan with its (pushed-down) filter moved back above the projection beside it. */
function moveFilterUp(plan: LogicalPlan): LogicalPlan {
  const visit = (p: LogicalPlan): LogicalPlan => {
    if (p.kind === 'project' && p.inputs[0].kind === 'filter') {
      const f = p.inputs[0];
      return { ...f, inputs: [{ ...p, inputs: [f.inputs[0]] }], schema: p.schema };
    }
    if (p.kind === 'scan' || p.kind === 'view_scan' || p.kind === 'values') return p;
    if (p.kind === 'join') return { ...p, inputs: [visit(p.inputs[0]), visit(p.inputs[1])] };
    if (p.kind === 'union') return { ...p, inputs: p.inputs.map(visit) };
    return { ...p, inputs: [visit(p.inputs[0])] } as LogicalPlan;
  };
  return visit(plan);
}
