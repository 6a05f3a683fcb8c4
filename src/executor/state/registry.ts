/**
 * In-memory mirror of the small id tables (tq_view, tq_operator, tq_source), so the hot paths (commit,
 * appendInput) resolve names to integer ids and know each view's last seq and each source's last offset
 * without a query.
 *
 * Invariant: the mirror equals the tables outside a transaction. Methods that write both do so inside
 * the caller's transaction; if that transaction rolls back, the caller calls `reload()` (the tables are
 * a few rows per view, so reloading is cheap and much simpler than undo bookkeeping).
 */
import type Database from 'better-sqlite3';
import { StateError } from './errors.js';

export interface ViewRow {
  readonly id: number;
  readonly name: string;
  fingerprint: string | null;
  lastSeq: number;
}

export interface OperatorRow {
  readonly id: number;
  readonly name: string;
  readonly viewId: number;
}

export interface SourceRow {
  readonly id: number;
  readonly name: string;
  lastOffset: number;
}

export class Registry {
  readonly views = new Map<string, ViewRow>();
  readonly operators = new Map<string, OperatorRow>();
  readonly sources = new Map<string, SourceRow>();
  private readonly insView: Database.Statement;
  private readonly insOperator: Database.Statement;
  private readonly insSource: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insView = db.prepare('INSERT INTO tq_view (name) VALUES (?)');
    this.insOperator = db.prepare('INSERT INTO tq_operator (name, view_id) VALUES (?, ?)');
    this.insSource = db.prepare('INSERT INTO tq_source (name) VALUES (?)');
    this.reload();
  }

  reload(): void {
    this.views.clear();
    this.operators.clear();
    this.sources.clear();
    const views = this.db.prepare('SELECT id, name, fingerprint, last_seq AS lastSeq FROM tq_view').all() as ViewRow[];
    for (const v of views) this.views.set(v.name, v);
    const ops = this.db.prepare('SELECT id, name, view_id AS viewId FROM tq_operator ORDER BY id').all() as OperatorRow[];
    for (const o of ops) this.operators.set(o.name, o);
    const srcs = this.db.prepare('SELECT id, name, last_offset AS lastOffset FROM tq_source').all() as SourceRow[];
    for (const s of srcs) this.sources.set(s.name, s);
  }

  /** The view's row, created (last_seq 0, no fingerprint) on first use. Call inside a transaction. */
  ensureView(name: string): ViewRow {
    let v = this.views.get(name);
    if (v === undefined) {
      const id = Number(this.insView.run(name).lastInsertRowid);
      v = { id, name, fingerprint: null, lastSeq: 0 };
      this.views.set(name, v);
    }
    return v;
  }

  ensureSource(name: string): SourceRow {
    let s = this.sources.get(name);
    if (s === undefined) {
      const id = Number(this.insSource.run(name).lastInsertRowid);
      s = { id, name, lastOffset: 0 };
      this.sources.set(name, s);
    }
    return s;
  }

  /** Attaches an operator id to a view; idempotent. An id already owned by another view is a contract error. */
  registerOperator(view: ViewRow, name: string): OperatorRow {
    const existing = this.operators.get(name);
    if (existing !== undefined) {
      if (existing.viewId !== view.id) {
        const owner = [...this.views.values()].find((x) => x.id === existing.viewId)?.name ?? `#${existing.viewId}`;
        throw new StateError('STATE_INVALID', `operator '${name}' belongs to view '${owner}', not '${view.name}'`);
      }
      return existing;
    }
    const id = Number(this.insOperator.run(name, view.id).lastInsertRowid);
    const row = { id, name, viewId: view.id };
    this.operators.set(name, row);
    return row;
  }

  operator(name: string): OperatorRow {
    const op = this.operators.get(name);
    if (op === undefined) {
      throw new StateError(
        'STATE_INVALID',
        `operator '${name}' is not registered; call setViewFingerprint(view, fingerprint, [operator ids]) ` +
          `or registerOperators(view, ids) when the view is created`,
      );
    }
    return op;
  }

  operatorsOf(viewId: number): OperatorRow[] {
    const out: OperatorRow[] = [];
    for (const o of this.operators.values()) if (o.viewId === viewId) out.push(o);
    return out;
  }

  forgetOperator(name: string): void {
    this.operators.delete(name);
  }

  forgetSource(name: string): void {
    this.sources.delete(name);
  }
}
