/**
 * The per-view half of the store: output logs (what subscribers resume from) and the fingerprints that
 * tie saved state to the plan that wrote it. Also the transaction and error plumbing shared with
 * StateStore, which extends this class.
 *
 * Fingerprints: the engine computes a fingerprint of a view's normalized plan (its operator set and
 * their state layouts) and stores it with the state. On restart it recomputes it from the catalog's SQL
 * (or the edited config); a different fingerprint while saved state exists means that state was written
 * by another plan and cannot be trusted to fit, so it is refused (STATE_MISMATCH) until the user runs
 * with `--reset <view>`. A view with no saved state (no operator state, no retained output) takes a new
 * fingerprint freely: there is nothing that could misfit.
 *
 * Reset keeps the seq high-water mark and deletes the retained output rows: they were computed by the
 * old definition, and keeping their numbers reserved means a subscriber never sees one seq with two
 * different rows; after a reset its `from: <seq>` resumes at the first row of the new definition.
 */
import type Database from 'better-sqlite3';
import { StateError, fromSqlite } from './errors.js';
import { OutputTable } from './output-table.js';
import type { Registry } from './registry.js';
import type { StoredOutput, StoredOutputJson } from './types.js';

export abstract class ViewStore {
  /** The output log's blocks (output-table.ts). */
  protected readonly output: OutputTable;

  constructor(
    protected readonly db: Database.Database,
    protected readonly registry: Registry,
    readonly path: string,
    protected readonly now: () => number,
  ) {
    this.output = new OutputTable(db);
  }

  /** Throws STATE_CLOSED after close(). */
  protected abstract live(): void;
  /** Throws STATE_CLOSED or STATE_READONLY unless writes are allowed. */
  protected abstract writable(): unknown;

  // ---- fingerprints and reset ---------------------------------------------------------------------

  /** The fingerprint the view's saved state was written under, if any. */
  viewFingerprint(view: string): string | undefined {
    this.live();
    return this.registry.views.get(view)?.fingerprint ?? undefined;
  }

  /** Whether the view has operator state or retained output rows. */
  viewHasState(view: string): boolean {
    this.live();
    const v = this.registry.views.get(view);
    if (v === undefined) return false;
    return this.read(() => {
      if (this.output.hasRows(v.id)) return true;
      const probe = this.db.prepare('SELECT 1 FROM tq_state WHERE op = ? LIMIT 1');
      const runs = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'tq_state_run'").get() === undefined
        ? null
        : this.db.prepare('SELECT 1 FROM tq_state_run WHERE op = ? LIMIT 1');
      return this.registry.operatorsOf(v.id).some((o) => probe.get(o.id) !== undefined || runs?.get(o.id) !== undefined);
    });
  }

  /**
   * Returns (does not throw) a STATE_MISMATCH error when the view has saved state written under a
   * different fingerprint; undefined when `fingerprint` may be used.
   */
  checkViewFingerprint(view: string, fingerprint: string): StateError | undefined {
    const stored = this.viewFingerprint(view);
    if (stored === undefined || stored === fingerprint || !this.viewHasState(view)) return undefined;
    return new StateError(
      'STATE_MISMATCH',
      `view '${view}' changed since its state was saved (fingerprint ${short(stored)} → ${short(fingerprint)}), ` +
        `so its saved windows and output log no longer fit the new definition. Restore the previous SQL, or restart ` +
        `with --reset ${view} to discard the saved state of '${view}' and compute it afresh from new input.`,
    );
  }

  /**
   * Records the fingerprint the view's state is written under and registers its operators. Throws
   * STATE_MISMATCH (see checkViewFingerprint) rather than mix state of two plans; a changed fingerprint
   * on a view without state drops the old operator registrations.
   */
  setViewFingerprint(view: string, fingerprint: string, operatorIds: readonly string[] = []): void {
    this.writable();
    const mismatch = this.checkViewFingerprint(view, fingerprint);
    if (mismatch !== undefined) throw mismatch;
    this.tx(() => {
      const v = this.registry.ensureView(view);
      if (v.fingerprint !== null && v.fingerprint !== fingerprint) this.clearView(view);
      this.db.prepare('UPDATE tq_view SET fingerprint = ? WHERE id = ?').run(fingerprint, v.id);
      v.fingerprint = fingerprint;
      for (const id of operatorIds) this.registry.registerOperator(v, id);
    });
  }

  /** `--reset <view>`: deletes its operator state and registrations, retained output rows and fingerprint. */
  resetView(view: string): void {
    this.writable();
    this.tx(() => this.clearView(view));
  }

  /** Inside a transaction. Keeps the view row so last_seq (the seq high-water mark) survives. */
  protected clearView(view: string): void {
    const v = this.registry.views.get(view);
    if (v === undefined) return;
    const delState = this.db.prepare('DELETE FROM tq_state WHERE op = ?');
    const delRuns = this.db.prepare('DELETE FROM tq_state_run WHERE op = ?');
    const delOp = this.db.prepare('DELETE FROM tq_operator WHERE id = ?');
    for (const o of this.registry.operatorsOf(v.id)) {
      delState.run(o.id);
      delRuns.run(o.id);
      delOp.run(o.id);
      this.registry.forgetOperator(o.name);
    }
    this.output.clear(v.id);
    this.db.prepare('UPDATE tq_view SET fingerprint = NULL WHERE id = ?').run(v.id);
    v.fingerprint = null;
  }

  // ---- output log ---------------------------------------------------------------------------------

  /** The seq the view's next output row must carry (1 for a new view; continues across restarts). */
  nextSeq(view: string): number {
    return this.lastSeq(view) + 1;
  }

  /** The last committed seq of the view (0 before any output). */
  lastSeq(view: string): number {
    this.live();
    return this.registry.views.get(view)?.lastSeq ?? 0;
  }

  /** The oldest retained seq, or undefined when no row is retained. */
  firstSeq(view: string): number | undefined {
    this.live();
    const v = this.registry.views.get(view);
    if (v === undefined) return undefined;
    return this.read(() => this.output.firstSeq(v.id));
  }

  /** Retained rows with seq ≥ fromSeq, in seq order, rows parsed. Rows trimmed by retention are skipped. */
  readOutput(view: string, fromSeq: number, limit: number): StoredOutput[] {
    return this.readOutputJson(view, fromSeq, limit).map((r) => ({
      seq: r.seq,
      op: r.op,
      row: JSON.parse(r.rowJson) as Record<string, unknown>,
    }));
  }

  /** As readOutput with each row as its stored JSON text (a websocket server can splice it unparsed). */
  readOutputJson(view: string, fromSeq: number, limit: number): StoredOutputJson[] {
    this.live();
    const v = this.registry.views.get(view);
    if (v === undefined) return [];
    return this.read(() => this.output.read(view, v.id, fromSeq, limit));
  }

  // ---- plumbing -----------------------------------------------------------------------------------

  /** Runs `fn` in a transaction; on failure the registry mirror is reloaded and the error translated. */
  protected tx<T>(fn: () => T): T {
    return this.guardWrite(() => this.db.transaction(fn)());
  }

  /** For calls that are a transaction already (the prepared commit). */
  protected guardWrite<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      try {
        this.registry.reload();
      } catch {
        // The original error says more (e.g. the file became unreadable).
      }
      throw fromSqlite(err, this.path);
    }
  }

  protected read<T>(fn: () => T): T {
    this.live();
    try {
      return fn();
    } catch (err) {
      throw fromSqlite(err, this.path);
    }
  }
}

function short(fp: string): string {
  return fp.length > 12 ? `${fp.slice(0, 12)}…` : fp;
}
