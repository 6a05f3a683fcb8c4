/**
 * A view (or ad-hoc query) at run time: its operator chain, its output log, its subscribers, and the
 * views that read it. The sink at the end of the chain numbers rows (seq), logs them and fans them out;
 * rows are encoded to JSON-ready objects once, and only when an object subscriber or the log needs them.
 */
import type { OutputRow, RawBatchListener, RowOp } from '../api.js';
import type { ViewDef } from '../../parser/catalog.js';
import type { Pipeline } from '../../planner/compile.js';
import type { Batch, Emitter, Operator, OperatorContext, Row } from '../operator.js';
import { instantiate } from '../pipeline.js';
import { makeRowEncoder } from '../values.js';
import { OutputLog } from './output-log.js';

export interface ViewHooks {
  late(view: ViewRuntime, row: Record<string, unknown>, wm: number): void;
  /** Called for every output batch after it got its seqs (durable log, metrics). */
  output?(view: ViewRuntime, firstSeq: number, rows: readonly Row[], ops: readonly RowOp[] | null): void;
}

type ObjectListener = (rows: readonly OutputRow[]) => void;

export class ViewRuntime {
  readonly downstream: Emitter[] = [];
  readonly operators: Operator[];
  readonly log: OutputLog;
  readonly encode: (row: readonly unknown[]) => Record<string, unknown>;
  private readonly encodeLate: ((row: readonly unknown[]) => Record<string, unknown>) | null;
  private readonly listeners = new Set<ObjectListener>();
  private readonly rawListeners = new Set<RawBatchListener>();
  wm = -Infinity;
  rowsOut = 0;
  lateRows = 0;
  /** The first operator's entry point (what the input feeds). */
  readonly head: Emitter;

  constructor(
    readonly def: ViewDef,
    readonly pipeline: Pipeline,
    retain: number,
    private readonly hooks: ViewHooks,
    checkpoints: boolean,
  ) {
    this.log = new OutputLog(retain);
    this.encode = makeRowEncoder(def.schema.map((c) => ({ name: c.name, type: c.type })));
    this.encodeLate = pipeline.lateSchema ? makeRowEncoder(pipeline.lateSchema.map((c) => ({ name: c.name, type: c.type }))) : null;
    this.operators = pipeline.operators.map(instantiate);
    const sink: Emitter = {
      data: (b) => this.emit(b),
      watermark: (wm) => {
        if (wm > this.wm) this.wm = wm;
        for (const d of this.downstream) d.watermark(wm);
      },
    };
    const ctx: OperatorContext = {
      view: def.name,
      late: (row, wm) => {
        this.lateRows++;
        this.hooks.late(this, this.encodeLate ? this.encodeLate(row) : { row }, wm);
      },
    };
    for (let i = 0; i < this.operators.length; i++) {
      const op = this.operators[i]!;
      const next = this.operators[i + 1];
      op.connect(next ? emitterOf(next) : sink);
      if (checkpoints) for (const t of op.tables) t.enableTracking();
      op.open(ctx);
    }
    this.head = this.operators[0] ? emitterOf(this.operators[0]) : sink;
  }

  get name(): string {
    return this.def.name;
  }

  private emit(batch: Batch): void {
    const { rows, ops } = batch;
    if (rows.length === 0) return;
    const first = this.log.append(rows, ops);
    this.rowsOut += rows.length;
    this.hooks.output?.(this, first, rows, ops);
    for (const l of this.rawListeners) l(rows, ops);
    if (this.listeners.size > 0) {
      const out: OutputRow[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = { seq: first + i, op: ops === null ? '+I' : ops[i]!, row: this.encode(rows[i]!) };
      for (const l of this.listeners) l(out);
    }
    // Views over this view see the rows with the arrival watermarks the operators gave them.
    for (const d of this.downstream) d.data(batch);
  }

  /** Subscribes; `from` replays retained rows with seq ≥ from first. */
  subscribe(onRows: ObjectListener, from: number | null): () => void {
    if (from !== null) {
      const backlog = this.log.read(from).map((r) => ({ seq: r.seq, op: r.op, row: this.encode(r.row) }));
      if (backlog.length > 0) onRows(backlog);
    }
    this.listeners.add(onRows);
    return () => this.listeners.delete(onRows);
  }

  subscribeRaw(l: RawBatchListener): () => void {
    this.rawListeners.add(l);
    return () => this.rawListeners.delete(l);
  }

  get subscriberCount(): number {
    return this.listeners.size + this.rawListeners.size;
  }

  close(): void {
    for (const op of this.operators) op.close();
    this.listeners.clear();
    this.rawListeners.clear();
  }
}

export function emitterOf(op: Operator): Emitter {
  return { data: (b) => op.onData(b), watermark: (wm) => op.onWatermark(wm) };
}
