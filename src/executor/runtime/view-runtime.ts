/**
 * A view (or ad-hoc query) at run time: its operator DAG, its output log, its subscribers, and the
 * views that read it. Each leaf of the physical plan is an entry point the engine feeds from a source
 * or a view; each operator's output fans out to the operators that read it, on their input numbers;
 * the root feeds the sink, which numbers rows (seq), logs them and fans them out. Rows are written as
 * JSON bytes for a text subscriber's messages and the durable log's blocks (row-json-bytes.ts), and
 * encoded to JSON text or JSON-ready objects only when a subscriber asks for those. The log keeps the view's output history (for views created later over it and
 * subscribers resuming), except for a stateless view over one source, whose history is derived from the
 * source's when asked (derived-history.ts) and which keeps no rows.
 */
import type { OutputRow, RawBatchListener, RowOp, TextBatch } from '../api.js';
import type { ViewDef } from '../../parser/catalog.js';
import type { LeafRef, PhysicalNode, Pipeline } from '../../planner/compile.js';
import type { Batch, Emitter, Operator, OperatorContext, ProcessingClock, Row } from '../operator.js';
import { instantiate } from '../pipeline.js';
import { makeRowDecoder, makeRowEncoder, makeRowJsonEncoder } from '../values.js';
import type { DerivedHistory } from './derived-history.js';
import { framedRowBytes, framedRows, makeRowBytesWriter, releaseRowBytes, writeRowBytes, type RowBytes, type RowBytesWriter } from '../row-json-bytes.js';
import { OutputLog } from './output-log.js';
import type { Pacer } from './pacer.js';
import { checkedInput } from './input-checks.js';

/**
 * Rows of a view's output kept for a view created later over it (docs/time.md, "A view over a view"),
 * like a source's retained input.
 */
export const VIEW_HISTORY_ROWS = 100_000;

export interface ViewHooks {
  /** A late row, encoded with the schema of the operator input it arrived on, and what that input reads. */
  late(view: ViewRuntime, source: string, row: Record<string, unknown>, wm: number): void;
  /**
   * Called for every output batch after it got its seqs (the durable log); `bytes` gives the rows' JSON
   * bytes, written once for the hook and the batch's text subscribers (row-json-bytes.ts RowBytes).
   */
  output?(view: ViewRuntime, firstSeq: number, rows: readonly Row[], ops: readonly RowOp[] | null, bytes: () => RowBytes): void;
  /**
   * A row an operator's input check rejected: what the input reads (`source`), the reason, the row
   * encoded with that input's schema, and where (`view <name>`).
   */
  rejected?(source: string, reason: string, row: Record<string, unknown>, origin: string): void;
  /** Processing time on the engine's clock (operators with a state.ttl read it). */
  now?(): number;
  /** Processing time that moves by itself (windows over processing time tick on it), when it does. */
  readonly processingClock?: ProcessingClock;
  /** Large outputs in slices (runtime/pacer.ts), when the engine has them on. */
  readonly pacer?: Pacer;
}

type ObjectListener = (rows: readonly OutputRow[], rowsJson?: readonly string[]) => void;

export class ViewRuntime {
  readonly downstream: Emitter[] = [];
  readonly operators: Operator[];
  readonly log: OutputLog;
  readonly encode: (row: readonly unknown[]) => Record<string, unknown>;
  /** A row straight to the JSON text of `encode(row)` (values.ts). */
  readonly encodeJson: (row: readonly unknown[]) => string;
  /** Rows straight to the UTF-8 bytes of that text, for messages and log blocks (row-json-bytes.ts). */
  readonly writer: RowBytesWriter;
  private readonly listeners = new Set<ObjectListener>();
  private readonly rawListeners = new Set<RawBatchListener>();
  private readonly textListeners = new Set<(batch: TextBatch) => void>();
  wm = -Infinity;
  /** Every input of the root is idle: views reading this one do not wait for it. */
  idle = false;
  rowsOut = 0;
  lateRows = 0;
  /** Rows an operator's input check rejected (planner/row-checks.ts). */
  rejectedRows = 0;
  /** Rows already reported late (by identity): an input row late for several operators counts once. */
  private readonly lateSeen = new WeakSet<Row>();
  /**
   * Output committed in an earlier run (durable mode, after a restart), older than the log's history:
   * read the first time a view over this one needs it, then kept (`earlierRows`) until the history
   * holds its full retention of newer rows. Those rows come without their arrival watermarks.
   */
  earlierOutput: ((beforeSeq: number) => { op: RowOp; row: Record<string, unknown> }[]) | null = null;
  private earlierRows: Batch | null = null;
  /** A derived history's rows as last derived for `read` (seqs first..), reused while they cover a read. */
  private derivedRows: { first: number; rows: Row[]; ops: RowOp[] } | null = null;
  /** Rows of output the history keeps (0 for an ad-hoc query: no view is ever created over it). */
  readonly historyRows: number;
  /** Rows subscribers resume from (the engine's `retainOutput`). */
  private readonly retain: number;
  /** Entry points: what each leaf of the plan (a source or a view) feeds. */
  readonly entries: { readonly leaf: LeafRef; readonly emitter: Emitter }[] = [];

  constructor(
    readonly def: ViewDef,
    readonly pipeline: Pipeline,
    retain: number,
    private readonly hooks: ViewHooks,
    checkpoints: boolean,
    /**
     * A stateless view over one source: its history (for views over it and for subscribers resuming)
     * is derived from the source's when asked for (runtime/derived-history.ts), so the log keeps no rows.
     */
    readonly derived: DerivedHistory | null = null,
  ) {
    // The log keeps the view's output as a view over it reads it too: rows with their arrival
    // watermarks and the view's watermark moves, so a view created later over this one from 'earliest'
    // is built from its whole retained output. An ad-hoc query is read by its subscriber only.
    this.historyRows = def.adhoc ? 0 : VIEW_HISTORY_ROWS;
    this.retain = Math.max(0, Math.floor(retain));
    this.log = derived === null ? new OutputLog(retain, this.historyRows) : new OutputLog(0, 0);
    this.encode = makeRowEncoder(def.schema.map((c) => ({ name: c.name, type: c.type })));
    this.encodeJson = makeRowJsonEncoder(def.schema.map((c) => ({ name: c.name, type: c.type })));
    this.writer = makeRowBytesWriter(def.schema.map((c) => ({ name: c.name, type: c.type })));
    const nodes = pipeline.nodes;
    // Operators in node order (the pipeline's `operators` order): their inputs are built before them.
    const opOf = new Map<number, Operator>();
    for (let i = 0; i < nodes.length; i++) {
      const spec = nodes[i]!.op;
      if (spec) opOf.set(i, instantiate(spec));
    }
    // Parallel to the pipeline's operators (their state is saved under its ids), wired or not.
    this.operators = [...opOf.values()];
    // A projection that only keeps columns of an operator's rows, its only reader, is made by that
    // operator when it can (Operator.selectOutput): the projection's readers read the operator instead,
    // and the projection's own operator (stateless) is left unconnected.
    const through = new Map<number, number>(); // projection node → the node whose rows it keeps
    for (let j = 0; j < nodes.length; j++) {
      const spec = nodes[j]!.op;
      const select = spec?.kind === 'filter_project' ? spec.run.select : undefined;
      if (select === undefined || nodes[j]!.inputs.length !== 1) continue;
      const i = nodes[j]!.inputs[0]!;
      const op = opOf.get(i);
      if (op === undefined || through.has(i) || nodes.some((n, m) => m !== j && n.inputs.includes(i))) continue;
      if (!op.selectOutput(select)) continue;
      through.set(j, i);
      opOf.delete(j);
    }
    const sink: Emitter = {
      data: (b) => this.emit(b),
      watermark: (wm) => {
        if (wm > this.wm) {
          this.wm = wm;
          this.log.watermark(wm);
        }
        for (const d of this.downstream) d.watermark(wm);
      },
      idle: (idle) => {
        this.idle = idle;
        for (const d of this.downstream) d.idle?.(idle);
      },
    };
    // Who reads each node: (operator, input number); the root is read by the sink.
    const readers = nodes.map(() => [] as Emitter[]);
    readers[nodes.length - 1]!.push(sink);
    for (let i = 0; i < nodes.length; i++) {
      const op = opOf.get(i);
      if (!op) continue;
      const onRejected = this.rejectHandler(nodes[i]!);
      nodes[i]!.inputs.forEach((from, k) => readers[from]!.push(checkedInput(op, k, nodes[i]!.op?.checks?.[k], (row, reason) => onRejected(row, reason, k))));
    }
    for (const [j, i] of through) readers[i] = readers[j]!;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const out = fanOut(readers[i]!);
      const op = opOf.get(i);
      if (node.leaf) this.entries.push({ leaf: node.leaf, emitter: out });
      if (!op) continue;
      op.connect(out);
      op.setInputs(node.inputs.length);
      if (checkpoints) for (const t of op.tables) t.enableTracking();
      op.open(this.lateContext(node, onlyThrough(nodes, i)));
    }
  }

  /**
   * Late rows of one operator: encoded with the schema of the input they came on, attributed to what it
   * reads. `through`: whatever is downstream of the operator in this plan reads only what passes through it.
   */
  private lateContext(node: PhysicalNode, through: boolean): OperatorContext {
    const nodes = this.pipeline.nodes;
    const encoders = node.inputs.map((i) => makeRowEncoder(nodes[i]!.schema.map((c) => ({ name: c.name, type: c.type }))));
    const origins = node.inputs.map((i) => leavesUnder(nodes, i).join(', '));
    return {
      late: (row, wm, input = 0) => {
        // One input row late for several operators of the view (the branches of GROUPING SETS, of a UNION
        // ALL over one source) is one late row of the view: reported and counted once.
        if (this.lateSeen.has(row)) return;
        this.lateSeen.add(row);
        this.lateRows++;
        const encode = encoders[input];
        this.hooks.late(this, origins[input] ?? '', encode ? encode(row) : { row }, wm);
      },
      ...(this.hooks.now ? { now: this.hooks.now } : {}),
      ...(this.hooks.processingClock ? { processingClock: this.hooks.processingClock } : {}),
      ...(this.hooks.pacer ? { pacer: this.hooks.pacer } : {}),
      // Views over this one attach (and go) at run time: asked each time.
      isolated: () => through && this.downstream.length === 0,
    };
  }

  /**
   * Rows an operator's input check rejected (a CAST of text that does not convert, planner/row-checks.ts):
   * encoded with that input's schema, reported as rejected rows of what the input reads, naming the view.
   */
  private rejectHandler(node: PhysicalNode): (row: Row, reason: string, input: number) => void {
    if (node.op?.checks === undefined) return () => {};
    const nodes = this.pipeline.nodes;
    const encoders = node.inputs.map((i) => makeRowEncoder(nodes[i]!.schema.map((c) => ({ name: c.name, type: c.type }))));
    const origins = node.inputs.map((i) => leavesUnder(nodes, i).join(', '));
    return (row, reason, input) => {
      this.rejectedRows++;
      const encode = encoders[input];
      this.hooks.rejected?.(origins[input] ?? '', `view '${this.def.name}': ${reason}`, encode ? encode(row) : { row }, `view ${this.def.name}`);
    };
  }

  get name(): string {
    return this.def.name;
  }

  private emit(batch: Batch): void {
    const { rows, ops } = batch;
    if (rows.length === 0) return;
    // A log that keeps no rows only numbers them: arrival watermarks given as runs stay runs.
    const first = this.log.append(rows, ops, this.log.keepsRows ? batch.wms : null);
    if (this.earlierRows !== null && this.log.historyHeld >= this.historyRows) this.earlierRows = null;
    const n = rows.length;
    this.rowsOut += n;
    // Each row is encoded once to its JSON text (when the durable log keeps it or a text listener reads
    // it) and to its JSON-ready object only for object listeners; both kinds share the text, so a
    // server frames rows without encoding them again.
    const listening = this.listeners.size > 0;
    let json: string[] | null = null;
    const texts = (): string[] => {
      if (json !== null) return json;
      const encodeJson = this.encodeJson;
      json = new Array<string>(n);
      for (let i = 0; i < n; i++) json[i] = encodeJson(rows[i]!);
      return json;
    };
    let out: OutputRow[] | null = null;
    const objects = (): OutputRow[] => {
      if (out !== null) return out;
      const encode = this.encode;
      out = new Array<OutputRow>(n);
      for (let i = 0; i < n; i++) out[i] = { seq: first + i, op: ops === null ? '+I' : ops[i]!, row: encode(rows[i]!) };
      return out;
    };
    // The rows' JSON bytes, written once for the durable log's blocks and copied into messages.
    let rowBytes: RowBytes | null = null;
    const writer = this.writer;
    this.hooks.output?.(this, first, rows, ops, () => (rowBytes ??= writeRowBytes(writer, rows)));
    for (const l of this.rawListeners) l(rows, ops);
    if (this.textListeners.size > 0) {
      const batch: TextBatch = {
        firstSeq: first,
        count: n,
        ops,
        json: (from, end, prefix, suffix) =>
          rowBytes !== null ? framedRowBytes(rowBytes, ops, from, end, first, prefix, suffix) : framedRows(writer, rows, ops, from, end, first, prefix, suffix),
        get rowsJson() {
          return texts();
        },
        rows: objects,
      };
      for (const l of this.textListeners) l(batch);
    }
    if (rowBytes !== null) releaseRowBytes(rowBytes);
    if (listening) {
      const rowsOut = objects();
      for (const l of this.listeners) {
        if (json !== null) l(rowsOut, json);
        else l(rowsOut);
      }
    }
    // Views over this view see the rows with the arrival watermarks the operators gave them; one
    // created from now on finds them in the history.
    this.log.publishHistory();
    this.derived?.published();
    for (const d of this.downstream) d.data(batch);
  }

  /** A view created later over this one has output of this one to start from. */
  get hasHistory(): boolean {
    if (this.derived !== null) return this.derived.hasHistory;
    return this.log.hasHistory || this.earlierOutput !== null || this.earlierRows !== null;
  }

  /**
   * Feeds this view's retained output to a reader created later ('earliest'): the rows of an earlier
   * run first (after a restart), then the retained batches with their arrival watermarks and this
   * view's watermark moves, then its current watermark.
   */
  replayHistory(to: Emitter): void {
    if (this.derived !== null) {
      this.derived.replay(to);
      if (this.wm > -Infinity) to.watermark(this.wm);
      return;
    }
    const earlier = this.earlierOutput;
    this.earlierOutput = null;
    if (earlier !== null) {
      const decode = makeRowDecoder(this.def.schema.map((c) => ({ name: c.name, type: c.type, notNull: false })), null);
      const rows: Row[] = [];
      const ops: RowOp[] = [];
      for (const r of earlier(this.log.historyOldest)) {
        const d = decode(r.row);
        if ('error' in d) continue; // cannot happen for rows this view encoded; never a reason to stop
        rows.push(d.row);
        ops.push(r.op);
      }
      if (rows.length > 0 && this.log.historyHeld < this.historyRows) this.earlierRows = { rows, ops: ops.every((o) => o === '+I') ? null : ops, wms: null };
    }
    if (this.earlierRows !== null) to.data(this.earlierRows);
    this.log.replayHistory(to);
    if (this.wm > -Infinity) to.watermark(this.wm);
  }

  /** Forgets the retained output for views over this one (a watermark reset: its old watermarks no longer hold). */
  clearHistory(): void {
    this.derivedRows = null;
    this.log.clearHistory();
    this.earlierOutput = null;
    this.earlierRows = null;
  }

  /**
   * Retained rows with seq ≥ from, oldest first: the last `retainOutput` rows at most (at most `limit`).
   * A derived history gives the last of the rows its source still holds, through the view's operators.
   */
  read(from: number, limit = Infinity): { seq: number; op: RowOp; row: Row }[] {
    if (this.derived === null) return this.log.read(from, limit);
    // The derived rows end at the last published row (see derived-history.ts).
    const end = this.log.publishedEnd;
    const oldest = Math.max(end - this.retain, 1);
    const start = Math.max(from, oldest);
    if (start >= end || limit <= 0) return [];
    // A reader paging through the rows (the server's followers) reads them from the rows derived for its
    // first page, as long as they hold the whole page: deriving means running the source's history again.
    // (Rows before the first derived one are gone from the source for good: its history only moves on.)
    let c = this.derivedRows;
    if (c === null || !(c.first + c.rows.length === end || Math.max(start, c.first) + limit <= c.first + c.rows.length)) {
      const { rows, ops } = this.derived.tail(end - oldest);
      c = this.derivedRows = { first: end - rows.length, rows, ops };
    }
    const out: { seq: number; op: RowOp; row: Row }[] = [];
    const stop = Math.min(c.rows.length, start - c.first + limit);
    for (let i = Math.max(0, start - c.first); i < stop; i++) out.push({ seq: c.first + i, op: c.ops[i]!, row: c.rows[i]! });
    return out;
  }

  /** Subscribes; `from` replays retained rows with seq ≥ from first. */
  subscribe(onRows: ObjectListener, from: number | null): () => void {
    if (from !== null) {
      const backlog = this.read(from).map((r) => ({ seq: r.seq, op: r.op, row: this.encode(r.row) }));
      if (backlog.length > 0) onRows(backlog);
    }
    this.listeners.add(onRows);
    return () => this.listeners.delete(onRows);
  }

  /** Live output as JSON text (Engine.subscribeText). */
  subscribeText(l: (batch: TextBatch) => void): () => void {
    this.textListeners.add(l);
    return () => this.textListeners.delete(l);
  }

  subscribeRaw(l: RawBatchListener): () => void {
    this.rawListeners.add(l);
    return () => this.rawListeners.delete(l);
  }

  get subscriberCount(): number {
    return this.listeners.size + this.rawListeners.size + this.textListeners.size;
  }

  close(): void {
    for (const op of this.operators) op.close();
    this.listeners.clear();
    this.rawListeners.clear();
    this.textListeners.clear();
  }
}

/** What feeds input `k` of an operator. */

function fanOut(readers: Emitter[]): Emitter {
  if (readers.length === 1) return readers[0]!;
  return {
    data: (b) => {
      for (const r of readers) r.data(b);
    },
    watermark: (wm) => {
      for (const r of readers) r.watermark(wm);
    },
    idle: (idle) => {
      for (const r of readers) r.idle?.(idle);
    },
  };
}

/**
 * Whether every node downstream of node `i` reads only nodes downstream of `i`, or `i` itself: then
 * nothing reaches them but through `i` (a join of `i`'s output with another input, or a union, is
 * reached another way). Nodes are in topological order, the root last.
 */
function onlyThrough(nodes: readonly PhysicalNode[], i: number): boolean {
  const below = new Set<number>([i]);
  for (let k = i + 1; k < nodes.length; k++) {
    const inputs = nodes[k]!.inputs;
    if (!inputs.some((j) => below.has(j))) continue;
    if (!inputs.every((j) => below.has(j))) return false;
    below.add(k);
  }
  return true;
}

/**
 * What a node's rows come from: the sources and views under it, in plan order (one for a chain; a
 * window after a join or union in the same view reads all of its inputs', and says so).
 */
function leavesUnder(nodes: readonly PhysicalNode[], i: number): string[] {
  const out: string[] = [];
  const walk = (k: number): void => {
    const n = nodes[k]!;
    if (n.leaf !== null) {
      if (!out.includes(n.leaf.name)) out.push(n.leaf.name);
      return;
    }
    for (const j of n.inputs) walk(j);
  };
  walk(i);
  return out;
}
