/**
 * Durable mode: the engine's bridge to the SQLite state store. Collects what a checkpoint must make
 * durable together — operator state deltas, source offsets, new output rows, late and rejected rows —
 * and commits it in one transaction (exactly-once without barriers: after a crash the engine restarts
 * from the last checkpoint and recomputes the rest deterministically, with the same seqs).
 *
 * Output rows reach subscribers as soon as they are computed, each with its seq; rows computed after
 * the last checkpoint are recomputed after a crash with the same seqs, so a subscriber that resumes by
 * seq (or deduplicates by it) sees every row exactly once. We chose this over "deliver only once
 * committed" for latency: a window's rows reach subscribers the moment it fires, not up to one
 * checkpoint interval later. The durable log (`tumbleql log`) only ever holds committed rows.
 */
import { createHash } from 'node:crypto';
import { normalizeSql } from '../parser/normalize.js';
import type { RowOp } from './api.js';
import type { Operator, Row } from './operator.js';
import { restoreOperator, snapshotOperator } from './runtime/operator-state.js';
import type { SourceRuntime } from './runtime/source-runtime.js';
import type { ViewRuntime } from './runtime/view-runtime.js';
import { StateStore, type CommitResult, type LateEntry, type OutputEntry, type RejectedEntry } from './state/index.js';

export interface CommittedRow {
  readonly view: string;
  readonly seq: number;
  readonly op: string;
  readonly row: Record<string, unknown>;
}

/** Fingerprint of a catalog entry's DDL text (token-normalized: spacing and comments are not edits). */
export function ddlFingerprint(sql: string): string {
  return createHash('sha256').update(normalizeSql(sql)).digest('hex').slice(0, 16);
}

/** Stored operator ids: the view, then the plan node (path + kind) the operator runs. */
export function operatorId(view: string, node: string): string {
  return `${view}/${node}`;
}

const WM_SUFFIX = '@wm';

export class Durability {
  private output: OutputEntry[] = [];
  private committedRows: CommittedRow[] = [];
  private late: LateEntry[] = [];
  private rejected: RejectedEntry[] = [];
  readonly committedListeners: ((rows: CommittedRow[]) => void)[] = [];
  lastCommit: CommitResult | null = null;
  commits = 0;
  /** The watermark each operator had at its last snapshot (a watermark is written only when it moved). */
  private readonly savedWm = new WeakMap<Operator, number>();
  /** Sources whose watermark was reset since the last checkpoint: their stored watermark is cleared. */
  private readonly wmReset = new Set<string>();

  constructor(readonly store: StateStore) {}

  static open(path: string, retention?: { maxRows?: number; maxAgeMs?: number }): Durability {
    return new Durability(StateStore.open(path, retention ? { retention } : {}));
  }

  // ---- what happens between checkpoints --------------------------------------------------------

  onOutput(view: ViewRuntime, firstSeq: number, rows: readonly Row[], ops: readonly RowOp[] | null): void {
    if (view.def.adhoc) return;
    for (let i = 0; i < rows.length; i++) {
      const row = view.encode(rows[i]!);
      const op = ops === null ? '+I' : ops[i]!;
      this.output.push({ view: view.name, seq: firstSeq + i, op, rowJson: JSON.stringify(row) });
      // Kept even before anyone listens: rows replayed at open are committed by the first checkpoint.
      this.committedRows.push({ view: view.name, seq: firstSeq + i, op, row });
    }
  }

  onLate(view: string, source: string, row: Record<string, unknown>, watermark: number): void {
    this.late.push({ view, source, rowJson: JSON.stringify(row), watermark: Number.isFinite(watermark) ? watermark : 0 });
  }

  onRejected(source: string, origin: string, reason: string, input: unknown): void {
    this.rejected.push({ source, origin, reason, input: typeof input === 'string' ? input : JSON.stringify(input) ?? 'null' });
  }

  // ---- the checkpoint ---------------------------------------------------------------------------

  checkpoint(views: Iterable<ViewRuntime>, sources: Iterable<SourceRuntime>, usesInputLog: (s: SourceRuntime) => boolean): CommitResult {
    const operators = [];
    for (const v of views) {
      if (v.def.adhoc) continue;
      for (let i = 0; i < v.operators.length; i++) {
        const entries = snapshotOperator(v.operators[i]!, this.savedWm);
        if (entries.length > 0) operators.push({ id: operatorId(v.name, v.pipeline.operators[i]!.id), upserts: entries, encoded: true });
      }
    }
    const offsets: Record<string, number | string> = {};
    for (const s of sources) {
      // Per split offsets and watermarks (runtime/splits.ts). Stored as text, so the store does not trim
      // a pushed source's input log at the offset: the engine keeps its retained part (restart history).
      offsets[s.name] = s.checkpointOffset();
      if (Number.isFinite(s.wm)) offsets[s.name + WM_SUFFIX] = s.wm;
      // A reset watermark (−∞) is stored as text, which restoreSource does not take as a watermark.
      else if (this.wmReset.has(s.name)) offsets[s.name + WM_SUFFIX] = 'reset';
    }
    this.wmReset.clear();
    const result = this.store.commit({ operators, offsets, output: this.output, late: this.late, rejected: this.rejected });
    const committed = this.committedRows;
    this.output = [];
    this.late = [];
    this.rejected = [];
    this.committedRows = [];
    this.lastCommit = result;
    this.commits++;
    if (committed.length > 0) for (const l of this.committedListeners) l(committed);
    return result;
  }

  // ---- restore ------------------------------------------------------------------------------------

  /** ALTER SOURCE ... RESET WATERMARK: the next checkpoint clears the source's stored watermark. */
  watermarkReset(source: string): void {
    this.wmReset.add(source);
  }

  /** Puts a source back where the last checkpoint left it (its splits' offsets and watermarks). */
  restoreSource(s: SourceRuntime): void {
    const wm = this.store.offset(s.name + WM_SUFFIX);
    s.restoreOffset(this.store.offset(s.name), typeof wm === 'number' ? wm : undefined);
  }

  /** Loads every operator's saved state and continues the output log at the next seq. */
  restoreView(v: ViewRuntime): void {
    for (let i = 0; i < v.operators.length; i++) {
      const op = v.operators[i]!;
      restoreOperator(op, this.store.loadOperatorStateText(operatorId(v.name, v.pipeline.operators[i]!.id)));
      this.savedWm.set(op, op.watermark);
    }
    v.log.resumeAt(this.store.nextSeq(v.name));
    const wms = v.operators.map((o) => o.watermark).filter((w) => w > -Infinity);
    if (wms.length > 0) v.wm = Math.min(...wms);
  }

  /** Registers a view's operators under its fingerprint (required before their first commit). */
  registerView(v: ViewRuntime): void {
    const ids = v.pipeline.operators.map((o) => operatorId(v.name, o.id));
    this.store.setViewFingerprint(v.name, v.pipeline.fingerprint, ids);
  }

  /** The input log a pushed source retains up to its checkpointed offset (its history before a restart). */
  retainedInput(s: SourceRuntime): { offset: number; rowJson: string }[] {
    const out: { offset: number; rowJson: string }[] = [];
    let from = 0;
    for (;;) {
      const page = this.store.readInput(s.name, from, 10_000).filter((r) => r.offset <= s.inputOffset);
      out.push(...page);
      if (page.length < 10_000) return out;
      from = page[page.length - 1]!.offset + 1;
    }
  }

  /** Events pushed after the last checkpoint, to be processed again after a restart. */
  pendingInput(s: SourceRuntime): { offset: number; rowJson: string }[] {
    const out: { offset: number; rowJson: string }[] = [];
    let from = s.inputOffset + 1;
    for (;;) {
      const page = this.store.readInput(s.name, from, 10_000);
      out.push(...page);
      if (page.length < 10_000) return out;
      from = page[page.length - 1]!.offset + 1;
    }
  }

  close(): void {
    this.store.close();
  }
}
