/**
 * The engine: catalog + run-time graph. SQL goes parse → bind → plan → operators; events go
 * source → pipelines → view sinks → subscribers (and views over views). Everything runs synchronously on
 * the caller's turn: `push` returns after every row it caused has reached the subscribers.
 */
import type {
  Clock, CommittedRow, Engine, EngineOptions, ExecuteOptions, LateRow, OutputRow, PushResult, RawBatchListener, RejectedInput, RowOp, TextBatch,
  SourceInfo, StartupMode, StatementResult, SubscribeOptions, Subscription, ViewInfo,
} from './api.js';
import { SqlError, systemClock } from './api.js';
import { decimalToJson } from '../functions/decimal.js';
import { bindStatement, type BoundStatement } from '../parser/binder.js';
import { Catalog, closest, type SourceDef, type ViewDef } from '../parser/catalog.js';
import { diag } from '../parser/diagnostics.js';
import { planInputs } from '../parser/logical-plan.js';
import { parseScript, type ParseResult } from '../parser/parse.js';
import { compilePlan, type LeafRef, type OperatorSpec, type Pipeline } from '../planner/compile.js';
import { formatDate, formatTime } from '../parser/functions-date-values.js';
import { compileExpr } from '../planner/compile-expr.js';
import { assertNever } from '../util/assert.js';
import { tableHints } from '../parser/hints.js';
import { normalizeSql } from '../parser/normalize.js';
import { Durability, ddlFingerprint } from './durability.js';
import { decodeInputBatch, encodeInputBatch } from './state/input-batch.js';
import { StateError } from './state/errors.js';
import { columnInfo, describe, explain, showSources, showViews, sourceInfos, viewInfos } from './introspection.js';
import type { ProcessingClock, Row } from './operator.js';
import { SourceRuntime, loggedWatermark, readLogged, type Rejection } from './runtime/source-runtime.js';
import type { SourceSplit } from './runtime/splits.js';
import { SharedNodes, type Upstream } from './runtime/shared-nodes.js';
import type { RowBytes } from './row-json-bytes.js';
import { ViewRuntime } from './runtime/view-runtime.js';
import { DerivedHistory } from './runtime/derived-history.js';
import { AHEAD_RATIO, Pacer } from './runtime/pacer.js';
import { ProcessingTime } from './runtime/processing-time.js';
import { parseDuration, type ConnectorHandle } from './sources/index.js';
import { checkSink, checkSource, connectorOf } from './connectors/registry.js';
import { SinkRunner } from './connectors/sink-runner.js';
import { workerPlanProblem } from './connectors/nats/worker-plan.js';
import { formatTimestamp } from './values.js';
import { StatementGuard } from '../security/guard.js';
import { boundedInput } from '../security/limits.js';
import { ByteBoundedList, jsonBytes } from '../security/byte-budget.js';

const KEEP_LATE = 10_000;
/**
 * Queued input rows past which producers are read no faster (`backlogged`): ~50 ms of work at 300k rows/s;
 * also how far input may run ahead of a firing's pace (rows of firing owed ÷ AHEAD_RATIO, runtime/pacer.ts).
 */
const BACKLOG_ROWS = 16_384;
const KEEP_REJECTED = 10_000;

export class TumbleEngine implements Engine {
  readonly catalog = new Catalog();
  private readonly sourceRts = new Map<string, SourceRuntime>();
  private readonly viewRts = new Map<string, ViewRuntime>();
  /** Late rows and rejected inputs kept for inspection, bounded in rows and bytes (limits.late_bytes / reject_bytes). */
  private readonly late: ByteBoundedList<LateRow>;
  private readonly rejects: ByteBoundedList<RejectedInput>;
  /** Per pushed source: bytes appended to its input log since the last checkpoint (limits.input_log_bytes). */
  private readonly inputLogBytes = new Map<string, number>();
  private adhocCounter = 0;
  private readonly connectors = new Map<string, ConnectorHandle>();
  /** Stateless nodes several views compute alike run once (see runtime/shared-nodes.ts). */
  private readonly shared = new SharedNodes(
    (leaf) => this.leafRuntime(leaf),
    (source, reason, row, views) => {
      // A node several views share rejects the row for each of them.
      for (const v of views) {
        const rt = this.viewRts.get(v);
        if (rt) rt.rejectedRows++;
      }
      this.recordReject(source, { reason: `view ${views.map((v) => `'${v}'`).join(', ')}: ${reason}`, input: row, origin: `view ${views.join(', ')}` });
    },
  );
  private started = false;
  /** Durable mode (a state file): the store bridge; null for in-memory engines. */
  private readonly durable: Durability | null;
  /** Normalized DDL of catalog objects restored from the state file (re-CREATEs must match). */
  private readonly restored = new Map<string, string>();
  private restoring = false;
  private timer: NodeJS.Timeout | null = null;
  /** Per pushed source: the input-log offset through which the durable log has been trimmed. */
  private readonly idleTimers: (() => void)[] = [];
  private readonly clock: Clock;
  /** What PROCTIME() columns hold (runtime/processing-time.ts): one count or clock for every source. */
  private readonly procTime: ProcessingTime;
  /** Large outputs in slices, with the event loop free between them (`sliceRows`; runtime/pacer.ts). */
  private readonly pacer: Pacer | null;
  /** A periodic checkpoint waits for a firing to finish (the next one does not queue behind it). */
  private waitingQuiet = false;
  private sinks: SinkRunner | null = null;
  /** Called whenever a view or ad-hoc query is created (replay subscribes to each before data flows). */
  readonly onViewCreated: ((view: ViewRuntime) => void)[] = [];

  /**
   * Calls `listener` for every view that exists now (including those restored from the state file when
   * the engine opened) and for every view created later.
   */
  watchViews(listener: (view: ViewRuntime) => void): void {
    for (const v of this.viewRts.values()) listener(v);
    this.onViewCreated.push(listener);
  }
  private closed = false;
  readonly retainOutput: number;
  /** Resource limits and file roots (src/security): checked for every statement, restored ones included. */
  readonly guard: StatementGuard;

  constructor(readonly options: EngineOptions = {}) {
    this.guard = new StatementGuard(options.security);
    this.late = new ByteBoundedList<LateRow>(this.guard.limits.lateBytes, KEEP_LATE);
    this.rejects = new ByteBoundedList<RejectedInput>(this.guard.limits.rejectBytes, KEEP_REJECTED);
    this.retainOutput = options.retainOutput ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.procTime = new ProcessingTime(options.processingTime ?? 'clock', this.clock);
    this.pacer = options.sliceRows !== undefined && options.sliceRows > 0 ? new Pacer(options.sliceRows, 4, () => this.clock.now()) : null;
    // CREATE SOURCE is checked against the connector registry; a restore does not re-check the files it reads.
    this.catalog.sourceChecker = (def) => checkSource(def, { running: options.runConnectors !== false, io: !this.restoring });
    this.catalog.sinkChecker = checkSink;
    const path = options.statePath;
    const every = options.checkpointIntervalMs ?? 1000;
    // Periodic checkpoints commit on a worker thread (state/store-client.ts), so they never hold the
    // event loop; an engine that only checkpoints on request commits on its own thread.
    this.durable = path !== undefined && path !== ':memory:' ? Durability.open(path, { ...options.retention, maxBytes: this.guard.limits.outputLogBytes }, every > 0, options.checkpointBacklogBytes === undefined ? undefined : { bytes: options.checkpointBacklogBytes }, options.synchronous ?? 'NORMAL') : null;
    // A window firing in slices goes before a background checkpoint's encoding (Durability.yieldTo).
    const pacer = this.pacer;
    if (this.durable !== null && pacer !== null) this.durable.yieldTo = () => !pacer.quiet;
    if (this.durable) {
      try {
        this.restore(this.durable);
      } catch (e) {
        this.durable.close();
        throw e;
      }
      if (every > 0) {
        // A failed commit is thrown by the next checkpoint, as a failed synchronous one was — except a full
        // disk (STATE_IO): that checkpoint is carried into the next one, which the timer keeps trying.
        this.timer = setInterval(() => void this.checkpointInBackground().catch((e: unknown) => this.noteCheckpointFailure(e)), every);
        this.timer.unref();
      }
    }
    // Replay (sources fed from outside) computes what a job would write but writes nothing.
    if (options.runConnectors !== false) this.sinks = this.startSinks();
  }

  /** INSERT INTO jobs write their committed rows through their table's connector (connectors/sink-runner.ts). */
  private startSinks(): SinkRunner {
    return new SinkRunner({
      durable: this.durable !== null,
      statePath: this.options.statePath ?? null,
      worker: this.options.worker ?? null,
      watchViews: (l) => this.watchViews(l),
      onCommitted: (l, views) => this.onCommitted(l, views),
      subscribe: (v, l, o) => this.subscribe(v, l, o),
      readLog: (v, from, limit) => this.readLog(v, from, limit),
      table: (name) => this.catalog.source(name),
      sinkOf: (table) => connectorOf(table).sink,
      hasView: (name) => this.viewRts.has(name),
    });
  }

  /** Re-creates the catalog from the state file and puts every operator and source back. */
  private restore(d: Durability): void {
    for (const name of this.options.reset ?? []) {
      d.store.resetView(name);
      d.store.dropCatalog('view', name);
    }
    this.restoring = true;
    try {
      for (const entry of d.store.listCatalog()) {
        if (this.options.skip?.includes(entry.name)) continue; // left in the file, not run (run --skip)
        const { statements, diagnostics } = parseScript(entry.sql);
        const ps = statements[0];
        if (!ps || diagnostics.length > 0) throw new SqlError(diagnostics, entry.sql);
        const b = bindStatement(ps.statement, ps.text, this.catalog);
        // A stored definition that no longer binds (e.g. a source it read was reset), or that today's limits
        // refuse (it would hang or crash the engine again): skip it, loudly, and leave it in the file.
        const refused = b.ok ? this.guard.problem(b.bound) : b.diagnostic;
        if (!b.ok || refused) {
          process.stderr.write(`tumbleql: cannot restore ${entry.kind} '${entry.name}': ${refused?.message} (tumbleql state drop ${entry.name} removes it)\n`);
          continue;
        }
        this.apply(b.bound, entry.sql, ps.pos);
        this.restored.set(entry.name, normalizeSql(entry.sql));
        const view = entry.kind === 'view' ? this.viewRts.get(entry.name) : undefined;
        if (view) this.checkRestoredPlan(d, view, entry.sql, ps.pos);
      }
      for (const s of this.sourceRts.values()) {
        d.restoreSource(s);
        // The retained input of a pushed source survives the restart: a view created now from
        // 'earliest' sees the events from before it, as it would have without the restart.
        if (usesInputLog(s)) s.reloadHistory(d.retainedInput(s));
      }
      for (const v of this.viewRts.values()) {
        d.restoreView(v);
        // A view created now over this one from 'earliest' starts from its committed output (the last
        // rows its retention allows), read only then.
        if (!v.def.adhoc && v.log.nextSeq > 1) {
          const keep = v.historyRows;
          v.earlierOutput = (before) => d.store.readOutput(v.name, Math.max(1, before - keep), before - Math.max(1, before - keep)).map((r) => ({ op: r.op as RowOp, row: r.row }));
        }
        v.lateRows = d.store.lateRows(v.name, Number.MAX_SAFE_INTEGER).length;
      }
      // Arrivals counted on from the rows the sources had taken in (processing-time.ts, 'arrival').
      let arrivals = 0;
      for (const s of this.sourceRts.values()) arrivals += s.offset;
      this.procTime.restoredArrivals(arrivals);
      // Restored views are at the end of a source restored at its end, as they were before the restart.
      for (const s of this.sourceRts.values()) s.announceRestoredEnd();
      this.late.reset(d.store.lateRows(undefined, KEEP_LATE).map((r) => ({ view: r.view, source: r.source, row: r.row, watermark: formatWatermark(r.watermark) })), jsonBytes);
      this.rejects.reset(d.store.rejectedRows(undefined, KEEP_REJECTED).map((r) => ({ source: r.source, reason: r.reason, input: parseInput(r.input), origin: r.origin, at: new Date(r.at).toISOString() })), jsonBytes);
    } finally {
      this.restoring = false;
    }
    // Events that were pushed (and acknowledged) after the last checkpoint: process them again.
    for (const s of this.sourceRts.values()) {
      if (!usesInputLog(s)) continue;
      const pending = d.pendingInput(s);
      if (pending.length === 0) continue;
      // Each input-log entry is one pushed batch (a JSON array).
      // One push per logged batch, as they arrived: the same batches give the same retained history.
      for (const p of pending) {
        s.inputOffset = p.offset;
        // A binary entry holds the batch's rows as decoded when it was pushed (nothing of it was rejected).
        if (typeof p.entry !== 'string') {
          s.pushRows(decodeInputBatch(p.entry), null, { bytes: p.entry.byteLength });
          continue;
        }
        const logged = readLogged(p.entry);
        if (typeof logged === 'number') s.advanceTo(logged);
        else s.push(logged, 'input-log', { bytes: p.entry.length });
      }
    }
  }

  /**
   * The same DDL can plan differently after an upgrade (a planner rule moved an operator, the state
   * layout changed): its saved state was written by the old plan, so it must not be loaded.
   */
  private checkRestoredPlan(d: Durability, view: ViewRuntime, sql: string, at: { line: number; column: number; length: number }): void {
    const stored = d.store.viewFingerprint(view.name);
    if (stored === undefined || stored === view.pipeline.fingerprint || !d.store.viewHasState(view.name)) return;
    throw new SqlError(
      [
        diag(
          'STATE_MISMATCH',
          `view '${view.name}' has saved state written by a different plan in ${this.options.statePath} ` +
            `(plan fingerprint ${stored} → ${view.pipeline.fingerprint}: this version plans or stores it differently); it was not loaded`,
          at,
          `run with --reset ${view.name} to discard its saved state and start it over`,
        ),
      ],
      sql,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // SQL

  execute(sql: string, parsed?: ParseResult, options: ExecuteOptions = {}): StatementResult[] {
    this.guard.checkText(sql);
    // Statements see every event pushed before them processed (a view created now starts after them).
    this.pacer?.settleNow();
    const { statements, diagnostics } = parsed ?? parseScript(sql);
    const results: StatementResult[] = [];
    for (const ps of statements) {
      this.guard.checkParsed(ps.statement, ps.pos, sql);
      const b = bindStatement(ps.statement, ps.text, this.catalog);
      if (!b.ok) throw new SqlError([b.diagnostic], sql);
      this.guard.checkBound(b.bound, ps.pos, sql);
      // Run as one of N workers: a query must be computable from this worker's partitions alone (and a
      // changelog-json table is read by its key).
      const worker = this.options.worker;
      const problem = workerPlanProblem(b.bound, this.catalog, worker ?? null, ps.pos, ps.text);
      if (problem) throw new SqlError([problem], sql);
      results.push(this.apply(b.bound, sql, ps.pos, options.startupMode));
    }
    if (diagnostics.length > 0) throw new SqlError(diagnostics, sql);
    return results;
  }

  checkSqlText(sql: string): void {
    this.guard.checkText(sql);
  }

  private apply(b: BoundStatement, sql: string, at: { line: number; column: number; length: number }, startup?: StartupMode): StatementResult {
    switch (b.kind) {
      case 'create_source': {
        const name = b.def.name;
        if (this.matchesRestored(name, b.def.sql, sql, at)) return { kind: 'created_source', name };
        if (this.catalog.source(name) || this.catalog.view(name)) {
          if (b.ifNotExists) return { kind: 'created_source', name, existing: this.catalog.view(name) ? 'view' : 'source' };
          if (!b.orReplace || this.catalog.view(name)) throw new SqlError([diag('DUPLICATE_NAME', `'${name}' already exists`, at)], sql);
          this.dropSource(name, sql, at);
        }
        this.addSource(b.def);
        this.persist('source', name, b.def.sql);
        return { kind: 'created_source', name };
      }
      case 'create_view': {
        const name = b.def.name;
        if (this.matchesRestored(name, b.def.sql, sql, at)) return { kind: 'created_view', name };
        if (this.catalog.source(name) || this.catalog.view(name)) {
          if (b.ifNotExists) return { kind: 'created_view', name, existing: this.catalog.view(name) ? 'view' : 'source' };
          if (!b.orReplace || this.catalog.source(name)) throw new SqlError([diag('DUPLICATE_NAME', `'${name}' already exists`, at)], sql);
          this.dropView(name, sql, at);
        }
        const durable = this.restoring ? null : this.durable;
        // Before any input reaches it (an 'earliest' view is fed the retained input as it is created).
        this.addView(b.def, startup, (view) => {
          if (!durable) return;
          const mismatch = durable.store.checkViewFingerprint(name, view.pipeline.fingerprint);
          if (mismatch) throw new SqlError([diag('STATE_MISMATCH', mismatch.message, at, `run with --reset ${name} to discard its saved state`)], sql);
          durable.registerView(view);
          // A reset view keeps its seq high-water mark: a seq never names two different rows.
          view.log.resumeAt(durable.store.nextSeq(name));
        });
        this.persist('view', name, b.def.sql);
        return { kind: 'created_view', name };
      }
      case 'query': {
        const name = `query_${++this.adhocCounter}`;
        const view = this.addView({ ...b.def, name }, startup);
        return { kind: 'query', view: name, columns: columnInfo(view.def.schema) };
      }
      case 'insert': {
        const rows = b.rows.map((values) => {
          const obj: Record<string, unknown> = {};
          values.forEach((v, i) => {
            // Rows go through the JSON decoder like pushed events: a DECIMAL (a scaled bigint) in its JSON form,
            // a number when a double holds it exactly, else its exact text.
            const x = compileExpr(v)([]);
            // A DATE or TIME (days, ms of the day) in its JSON text, as the decoder reads it.
            const json = x === null ? null : v.type.name === 'DATE' ? formatDate(x as number) : v.type.name === 'TIME' ? formatTime(x as number) : x;
            obj[b.columns[i]!] = typeof json === 'bigint' ? decimalToJson(json, v.type.scale ?? 0) : json;
          });
          return obj;
        });
        const r = this.push(b.source, rows, 'insert');
        return { kind: 'inserted', source: b.source, count: r.accepted, rejected: r.rejected };
      }
      case 'drop':
        if (b.object === 'source') {
          if (!this.catalog.source(b.name)) return this.missing(b.name, 'source', b.ifExists, sql, at);
          this.dropSource(b.name, sql, at);
        } else {
          if (!this.catalog.view(b.name)) return this.missing(b.name, 'view', b.ifExists, sql, at);
          this.dropView(b.name, sql, at);
        }
        return { kind: 'dropped', object: b.object, name: b.name };
      case 'alter_source':
        return this.resetWatermark(b.name);
      case 'show':
        return b.object === 'sources' ? showSources(this.catalog) : showViews(this.viewRts.values());
      case 'describe':
        return describe(this.catalog, b.name, b.columns);
      case 'explain':
        return explain(this.catalog, b.def, (node) => this.shared.viewsOf(node.key));
      default:
        return assertNever(b);
    }
  }

  /**
   * A CREATE for an object restored from the state file: the same definition is a no-op (re-running a
   * script resumes it); a different one is refused, because the saved state was computed by the old one.
   */
  private matchesRestored(name: string, ddl: string, sql: string, at: { line: number; column: number; length: number }): boolean {
    const before = this.restored.get(name);
    if (before === undefined || this.restoring) return false;
    if (before === normalizeSql(ddl)) return true;
    const kind = this.catalog.view(name) ? 'view' : 'source';
    throw new SqlError(
      [
        diag(
          'STATE_MISMATCH',
          `${kind} '${name}' has saved state from a different definition in ${this.options.statePath}; it was not changed`,
          at,
          kind === 'view' ? `run with --reset ${name} to discard its saved state and start it over` : `drop and re-create it, or use a new state file`,
        ),
      ],
      sql,
    );
  }

  private persist(kind: 'source' | 'view', name: string, ddl: string): void {
    if (!this.durable || this.restoring) return;
    this.durable.store.putCatalog({ kind, name, sql: ddl, fingerprint: ddlFingerprint(ddl) });
    // A checkpoint right after DDL, so a restart never feeds a new view events from before it existed.
    this.checkpoint();
  }

  private missing(name: string, what: 'source' | 'view', ifExists: boolean, sql: string, at: { line: number; column: number; length: number }): StatementResult {
    if (ifExists) return { kind: 'dropped', object: what, name, missing: true };
    const names = what === 'source' ? this.catalog.allSources().map((s) => s.name) : this.catalog.allViews().map((v) => v.name);
    const hint = closest(name, names);
    throw new SqlError([diag(what === 'source' ? 'UNKNOWN_SOURCE' : 'UNKNOWN_VIEW', `no ${what} named '${name}'`, at, hint ? `did you mean '${hint}'?` : undefined)], sql);
  }

  // ---------------------------------------------------------------------------------------------
  // Catalog objects at run time

  addSource(def: SourceDef): SourceRuntime {
    this.catalog.addSource(def);
    const rt = new SourceRuntime(def, (source, r) => this.recordReject(source, r));
    rt.pacer = this.pacer;
    rt.procTime = this.procTime;
    // Every batch the source takes in (a push, a connector's batch) may wait for the commit thread first
    // (back-pressure, holdBack): one check, where both arrive (SourceRuntime.pushRows).
    if (this.durable !== null) rt.admit = () => this.holdBack();
    const regenerate = connectorOf(def).regenerate;
    if (regenerate) rt.regenerateWith((offset) => regenerate(def, offset));
    // A pushed source keeps what it retains in its input log too: bounded by the log's byte budget.
    if (connectorOf(def).replay === 'input-log') rt.retained.retainBytes = this.guard.limits.inputLogBytes;
    // The connector's splits are declared up front: one that has not produced yet holds the watermark back.
    for (const split of connectorOf(def).splits(def)) rt.split(split.id);
    this.sourceRts.set(def.name, rt);
    if (this.started) this.startSourceConnector(rt);
    return rt;
  }

  /** `prepare` runs once the view is built and before it is attached to its inputs (it may refuse it by throwing). */
  addView(def: ViewDef, startup?: StartupMode, prepare?: (view: ViewRuntime) => void): ViewRuntime {
    const compiled = compilePlan(def.plan, def.schema);
    // 'earliest' sources and views with retained input are replayed into this view alone: it cannot
    // share nodes that other views already ran over that input.
    const backfill = this.restoring ? [] : this.earliestInputs(def, startup, compiled.nodes.flatMap((n) => (n.leaf ? [n.leaf] : [])));
    const pipeline = backfill.length > 0 ? compiled : this.shared.share(compiled, def.name);
    const durable = this.durable;
    const view = new ViewRuntime(
      def,
      pipeline,
      this.retainOutput,
      {
        late: (v, source, row, wm) => this.recordLate(v, source, row, wm),
        rejected: (source, reason, row, origin) => this.recordReject(source, { reason, input: row, origin }, !def.adhoc),
        now: () => this.clock.now(),
        ...(this.procTime.mode === 'clock' ? { processingClock: this.processingClock } : {}),
        ...(this.pacer ? { pacer: this.pacer } : {}),
        ...(durable
          ? {
              output: (v: ViewRuntime, first: number, rows: readonly Row[], ops: readonly RowOp[] | null, bytes: () => RowBytes) => durable.onOutput(v, first, rows, ops, bytes),
            }
          : {}),
      },
      durable !== null && !def.adhoc,
      durable === null ? this.derivedHistory(compiled, backfill) : null,
    );
    if (prepare) {
      try {
        prepare(view);
      } catch (e) {
        // Shared nodes its plan acquired are released as if a reader had come and gone.
        for (const entry of view.entries) {
          this.shared.retain(entry.leaf);
          this.shared.release(entry.leaf);
        }
        this.shared.forgetView(def.name);
        view.close();
        throw e;
      }
    }
    this.catalog.addView(def);
    this.viewRts.set(def.name, view);
    for (const entry of view.entries) {
      if (entry.leaf.kind === 'values') continue; // fed below, once the view's watchers are attached
      const input = this.leafRuntime(entry.leaf);
      if (!input) throw new Error(`invariant: input ${entry.leaf.name} of ${def.name} has no runtime`);
      input.downstream.push(entry.emitter);
      this.shared.retain(entry.leaf);
      if (entry.leaf.shared === undefined && backfill.includes(entry.leaf.name)) {
        if (entry.leaf.kind === 'source') {
          const rt = this.sourceRts.get(entry.leaf.name)!;
          rt.loadEarlierInput();
          rt.replayHistory(entry.emitter);
        } else this.viewRts.get(entry.leaf.name)!.replayHistory(entry.emitter);
        view.derived?.backfilled(entry.leaf.kind === 'view' ? this.viewRts.get(entry.leaf.name)!.derived : null);
      }
      // A new pipeline starts at its input's current watermark: windows already closed upstream stay closed.
      if (input.wm > -Infinity) entry.emitter.watermark(input.wm);
      if (input.idle === true) entry.emitter.idle?.(true);
    }
    for (const l of this.onViewCreated) l(view);
    // Constant rows (VALUES, SELECT without FROM), then their end. A restored view already holds their
    // effect in its checkpoint, so they are not fed again.
    for (const entry of this.restoring ? [] : view.entries) {
      if (entry.leaf.kind !== 'values') continue;
      const rows = (entry.leaf.rows ?? []).map((r) => [...r]);
      if (rows.length > 0) entry.emitter.data({ rows, ops: null, wms: null });
      entry.emitter.watermark(Infinity);
    }
    return view;
  }

  /**
   * A stateless view (filters, projections, window assignment) over one source, or over such a view,
   * that has read its input's whole history derives its own history from the source's when asked,
   * instead of storing its output (runtime/derived-history.ts; docs/time.md, "A view over a view").
   * In-memory engines only: a durable engine keeps and commits every view's output.
   */
  private derivedHistory(p: Pipeline, backfill: readonly string[]): DerivedHistory | null {
    const nodes = p.nodes;
    const chain: OperatorSpec[] = [];
    let i = nodes.length - 1;
    while (nodes[i]!.leaf === null) {
      const n = nodes[i]!;
      if (n.op === null || (n.op.kind !== 'filter_project' && n.op.kind !== 'window_assign') || n.inputs.length !== 1) return null;
      chain.unshift(n.op);
      i = n.inputs[0]!;
    }
    if (chain.length !== nodes.length - 1) return null; // a node off the chain: several inputs
    const leaf = nodes[i]!.leaf!;
    if (leaf.kind === 'values') return null;
    const input = leaf.kind === 'source' ? this.sourceRts.get(leaf.name) : this.viewRts.get(leaf.name);
    // Its output starts where the input's history starts: it is fed from 'earliest', or there is none yet.
    if (!input || (input.hasHistory && !backfill.includes(leaf.name))) return null;
    if (input instanceof SourceRuntime) return new DerivedHistory(input, chain);
    return input.derived?.extend(chain) ?? null;
  }

  private leafRuntime(leaf: LeafRef): Upstream | undefined {
    if (leaf.shared !== undefined) return this.shared.get(leaf.shared);
    if (leaf.kind === 'values') return undefined;
    return leaf.kind === 'source' ? this.sourceRts.get(leaf.name) : this.viewRts.get(leaf.name);
  }

  /**
   * Sources and views this view reads from their earliest retained event. `scan.startup.mode` comes
   * from the hint on the input's own name (`FROM s /*+ OPTIONS('scan.startup.mode'='latest') *\/`), else
   * from a statement-wide hint, else from the request (`execute(sql, { startupMode })`: the websocket
   * `query` message's `from`, the REPL's \startup), else from a source's WITH, else 'earliest'. A view
   * read from 'earliest' is read from its retained output (docs/time.md, "A view over a view").
   */
  private earliestInputs(def: ViewDef, startup: StartupMode | undefined, leaves: readonly LeafRef[]): string[] {
    const hints = tableHints(def.sql);
    for (const options of hints.values()) {
      const hinted = options['scan.startup.mode']?.toLowerCase();
      if (hinted !== undefined && hinted !== 'earliest' && hinted !== 'latest') {
        throw new SqlError([diag('INVALID_OPTION', `scan.startup.mode must be 'earliest' or 'latest', got '${hinted}'`, undefined, "use /*+ OPTIONS('scan.startup.mode'='latest') */")], def.sql);
      }
    }
    const names = new Map(leaves.map((l) => [l.name, l.kind]));
    return [...names].flatMap(([name, kind]) => {
      const input = kind === 'source' ? this.sourceRts.get(name) : this.viewRts.get(name);
      if (!input || !input.hasHistory) return [];
      const own = input instanceof SourceRuntime ? input.def.options['scan.startup.mode'] : undefined;
      const mode = hints.get(name.toLowerCase())?.['scan.startup.mode'] ?? hints.get('')?.['scan.startup.mode'] ?? startup ?? String(own ?? 'earliest');
      return mode.toLowerCase() === 'latest' ? [] : [name];
    });
  }

  private dependents(name: string): string[] {
    return this.catalog.allViews().filter((v) => {
      const i = planInputs(v.plan);
      return i.sources.includes(name) || i.views.includes(name);
    }).map((v) => v.name);
  }

  private dropSource(name: string, sql: string, at: { line: number; column: number; length: number }): void {
    const deps = this.dependents(name);
    if (deps.length > 0) throw new SqlError([diag('IN_USE', `source '${name}' is read by ${deps.map((d) => `'${d}'`).join(', ')}; drop those first`, at)], sql);
    this.connectors.get(name)?.stop();
    this.connectors.delete(name);
    this.sourceRts.delete(name);
    this.catalog.removeSource(name);
    this.restored.delete(name);
    if (this.durable && !this.restoring) {
      this.durable.store.dropCatalog('source', name);
      this.durable.dropInput(name);
    }
  }

  private dropView(name: string, sql: string, at: { line: number; column: number; length: number }): void {
    const deps = this.dependents(name);
    if (deps.length > 0) throw new SqlError([diag('IN_USE', `view '${name}' is read by ${deps.map((d) => `'${d}'`).join(', ')}; drop those first`, at)], sql);
    const view = this.viewRts.get(name);
    if (view) {
      for (const entry of view.entries) {
        const input = this.leafRuntime(entry.leaf);
        const i = input ? input.downstream.indexOf(entry.emitter) : -1;
        if (i >= 0) input!.downstream.splice(i, 1);
        this.shared.release(entry.leaf);
      }
      this.shared.forgetView(name);
      view.close();
    }
    this.viewRts.delete(name);
    this.catalog.removeView(name);
    this.restored.delete(name);
    if (this.durable && !this.restoring && view && !view.def.adhoc) this.durable.store.dropCatalog('view', name);
  }

  /**
   * ALTER SOURCE s RESET WATERMARK: the source's watermark starts over, and so does every operator's view
   * of it downstream (views reading s, views over those, shared nodes), so an event after a poisoned one
   * (stamped 9999-12-31) is no longer late. Windows that already fired stay fired (their rows are out);
   * a row for such a window after the reset opens it again. The source's retained input (read by a query
   * created later from 'earliest') carries the old watermarks, so it starts over too. In durable mode the
   * reset is checkpointed at once, so a restart does not bring the old watermark back.
   */
  private resetWatermark(name: string): StatementResult {
    const rt = this.requireSource(name);
    const previous = Number.isFinite(rt.wm) ? formatWatermark(rt.wm) : null;
    const affected = new Set<string>([name]);
    // Views in creation order: a view over a view comes after it, so one pass finds every reader.
    const views: string[] = [];
    for (const v of this.catalog.allViews()) {
      const i = planInputs(v.plan);
      if (![...i.sources, ...i.views].some((n) => affected.has(n))) continue;
      affected.add(v.name);
      views.push(v.name);
      const vr = this.viewRts.get(v.name);
      if (!vr) continue;
      for (const op of vr.operators) op.resetWatermark();
      vr.wm = -Infinity;
      // Its retained output carries the old watermarks: a view created later over it starts after the reset.
      vr.clearHistory();
    }
    this.shared.resetWatermarks(affected);
    rt.resetWatermark();
    this.durable?.watermarkReset(name);
    this.checkpoint();
    return { kind: 'altered', object: 'source', name, action: 'reset_watermark', previous, views: views.filter((v) => !this.viewRts.get(v)?.def.adhoc) };
  }

  /** Stops an ad-hoc query (or drops a view nobody reads). */
  cancel(view: string): void {
    const name = this.viewName(view);
    if (this.viewRts.has(name)) this.dropView(name, '', { line: 0, column: 0, length: 0 });
  }

  /** A view is found by its name in any case, as listings show it (HotAuctions for hotauctions). */
  private viewName(name: string): string {
    return this.viewRts.has(name) || !this.viewRts.has(name.toLowerCase()) ? name : name.toLowerCase();
  }

  view(name: string): ViewRuntime | undefined {
    return this.viewRts.get(name);
  }

  source(name: string): SourceRuntime | undefined {
    return this.sourceRts.get(name);
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  push(source: string, rows: readonly unknown[], origin = 'api', rowsJson?: string | (() => string | undefined)): PushResult {
    const rt = this.requireSource(source);
    if (this.durable && usesInputLog(rt)) {
      if (rows.length === 0) return { accepted: 0, rejected: [], offset: rt.inputOffset };
      // Durable before processed (and before the caller acknowledges): a crash replays it from the log.
      // One entry per pushed batch, one insert however many rows (the offset names the batch): its rows
      // as decoded, in binary form, when none was rejected (state/input-batch.ts: a few ns per value,
      // where the JSON text of the pushed objects cost about as much as processing them); otherwise the
      // pushed objects' JSON (the text a client sent, when there is one), so a replay rejects the same.
      const decoded = rt.decodeInputs(rows, origin);
      const entry =
        (decoded.rejected.length === 0 && decoded.ops === null ? encodeInputBatch(decoded.rows, decoded.rows[0]!.length) : null) ??
        (typeof rowsJson === 'function' ? rowsJson() : rowsJson) ??
        JSON.stringify(rows);
      const bytes = typeof entry === 'string' ? entry.length : entry.byteLength;
      this.admitInput(rt.name, bytes);
      const lastOffset = this.durable.appendInput(rt.name, entry);
      // Before the rows (and queued with them when work is in progress), so their retained batch knows
      // where it is in the log, and a checkpoint records it only once they are processed.
      const processed = (): void => void (rt.inputOffset = lastOffset);
      if (this.pacer) this.pacer.gate(processed);
      else processed();
      // A binary entry holds exactly the rows processed: the retained input keeps it as their columns.
      const result = rt.pushDecoded(decoded, origin, typeof entry === 'string' ? { bytes } : { bytes, encoded: entry });
      return { ...result, offset: lastOffset };
    }
    const result = rt.push(rows, origin);
    return { ...result, offset: rt.admitted };
  }

  /**
   * Back-pressure: when more output waits for its checkpoint than `checkpointBacklogBytes`, an entry
   * point waits for the checkpoint being written (Durability.holdBack); past twice that waiting here,
   * the next one is taken at once (at a turn of the event loop, never in the middle of a batch) rather
   * than at its interval.
   */
  private holdBack(): void {
    const d = this.durable;
    if (d === null || this.restoring || this.closed) return;
    if (!d.holdBack() || this.backlogCheckpoint) return;
    this.backlogCheckpoint = true;
    setImmediate(() => {
      this.backlogCheckpoint = false;
      void this.checkpointInBackground().catch((e: unknown) => this.noteCheckpointFailure(e));
    });
  }

  private backlogCheckpoint = false;

  /**
   * The input log's byte budget: a push that would take a source's untrimmed log past
   * limits.input_log_bytes checkpoints first (which trims the log); one push larger than the budget alone
   * is refused, explicitly, with nothing of it written.
   */
  private admitInput(source: string, bytes: number): void {
    const max = this.guard.limits.inputLogBytes;
    if (bytes > max) {
      throw new SqlError([diag('LIMIT_EXCEEDED', `this batch is ${bytes} bytes in the input log; a push into '${source}' may hold at most ${max} (limits.input_log_bytes)`, undefined, 'send it in smaller batches')], '');
    }
    if ((this.inputLogBytes.get(source) ?? 0) + bytes > max) this.checkpoint();
    this.inputLogBytes.set(source, (this.inputLogBytes.get(source) ?? 0) + bytes);
  }

  /**
   * Moves a source's watermark. A pushed source's move is logged in its input log like a batch (when it
   * moves the watermark forward; +∞ too, the end of its input), so a restart replays it between the same
   * events and a new 'earliest' view sees it where it happened.
   */
  advanceWatermark(source: string, ts: number): void {
    const rt = this.requireSource(source);
    this.logWatermark(rt, ts);
    rt.advanceTo(ts);
  }

  /**
   * End of input: every source's watermark goes to +∞. A pushed source's end is part of its input, logged
   * like an explicit watermark move: after a restart it is still at its end, and its history (what a view
   * created later reads) ends where it did (docs/state.md, "The end of input across a restart").
   */
  flush(): void {
    for (const s of this.sourceRts.values()) {
      this.logWatermark(s, Infinity);
      s.advanceTo(Infinity);
    }
  }

  /** Logs a pushed source's watermark move in its input log (durable mode), when it moves it forward. */
  private logWatermark(rt: SourceRuntime, ts: number): void {
    if (!this.durable || !usesInputLog(rt) || !(ts > rt.wm)) return;
    const offset = this.durable.appendInput(rt.name, loggedWatermark(ts));
    // As a pushed batch's: the offset moves when the move runs (it may wait behind queued input), so a
    // checkpoint never records it before the input queued ahead of it was processed.
    const logged = (): void => void (rt.inputOffset = offset);
    if (this.pacer) this.pacer.gate(logged);
    else logged();
  }

  private requireSource(name: string): SourceRuntime {
    const rt = this.sourceRts.get(name) ?? this.sourceRts.get(name.toLowerCase());
    if (!rt) {
      const hint = closest(name, [...this.sourceRts.keys()]);
      throw new SqlError([diag('UNKNOWN_SOURCE', `no source named '${name}'`, undefined, hint ? `did you mean '${hint}'?` : undefined)], '');
    }
    return rt;
  }

  private recordLate(view: ViewRuntime, source: string, full: Record<string, unknown>, wm: number): void {
    // A huge late row is kept as a preview of its JSON (in memory and in the state file), like a rejected input.
    const bounded = boundedInput(full, this.guard.limits.rejectPreviewChars);
    const row = bounded === full ? full : { _preview: bounded };
    if (this.durable && !view.def.adhoc) this.durable.onLate(view.name, source, row, wm);
    const late = { view: view.name, source, row, watermark: formatWatermark(wm) };
    this.late.push(late, jsonBytes(late));
  }

  /** A rejected input (a source's event that does not decode, a view's row whose CAST failed); `durable`: kept in the state file too. */
  private recordReject(source: string, rejection: Rejection, durable = true): void {
    const r = { ...rejection, input: boundedInput(rejection.input, this.guard.limits.rejectPreviewChars) };
    if (durable) this.durable?.onRejected(source, r.origin, r.reason, r.input);
    const rejected = { source, reason: r.reason, input: r.input, origin: r.origin, at: new Date().toISOString() };
    this.rejects.push(rejected, jsonBytes(rejected));
  }

  // ---------------------------------------------------------------------------------------------
  // Subscriptions

  subscribe(view: string, onRows: (rows: readonly OutputRow[], rowsJson?: readonly string[]) => void, options: SubscribeOptions = {}): Subscription {
    const v = this.requireView(view);
    const from = options.from ?? 'latest';
    let seq = from === 'latest' ? null : from === 'earliest' ? 1 : from;
    if (seq !== null && this.durable && !v.def.adhoc && seq < v.log.oldestSeq) {
      // Older rows than memory keeps: the committed log first, then the retained rows.
      let next: number = seq;
      for (;;) {
        const page = this.durable.store.readOutput(v.name, next, 10_000).filter((r) => r.seq < v.log.oldestSeq);
        if (page.length === 0) break;
        onRows(page.map((r) => ({ seq: r.seq, op: r.op as OutputRow['op'], row: r.row })));
        next = page[page.length - 1]!.seq + 1;
      }
      seq = Math.max(next, v.log.oldestSeq);
    }
    const off = v.subscribe(onRows, seq);
    return { unsubscribe: off };
  }

  subscribeRaw(view: string, onBatch: RawBatchListener): Subscription {
    return { unsubscribe: this.requireView(view).subscribeRaw(onBatch) };
  }

  subscribeText(view: string, onBatch: (batch: TextBatch) => void): Subscription {
    return { unsubscribe: this.requireView(view).subscribeText(onBatch) };
  }

  private requireView(name: string): ViewRuntime {
    const v = this.viewRts.get(this.viewName(name));
    if (!v) {
      const hint = closest(name, [...this.viewRts.keys()]);
      throw new SqlError([diag('UNKNOWN_VIEW', `no view named '${name}'`, undefined, hint ? `did you mean '${hint}'?` : undefined)], '');
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // Connectors

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const s of this.sourceRts.values()) this.startSourceConnector(s);
  }

  private startSourceConnector(rt: SourceRuntime): void {
    const handle = connectorOf(rt.def).start(rt, this.clock, { worker: this.options.worker ?? null });
    if (handle) this.connectors.set(rt.name, handle);
    const idle = rt.def.options['idle_timeout'];
    if (idle !== undefined) this.startIdleClock(rt, parseDuration(idle));
  }

  /**
   * `idle_timeout = '5s'`: a split without rows for that long is marked idle, so it no longer holds its
   * source's watermark (the minimum over splits) back; a source whose splits are all idle is idle, and
   * operators reading it (joins, unions) stop waiting for it. While the whole source is idle its watermark
   * moves on with processing time (DESIGN §3: the last window of a paused stream closes); no watermark is
   * made up for a split that has rows, and the next row makes the source active again.
   */
  private startIdleClock(rt: SourceRuntime, idleMs: number | null): void {
    if (idleMs === null || idleMs <= 0) {
      rt.reject(`idle_timeout must be a duration such as '5s'`, rt.def.options['idle_timeout'], 'config');
      return;
    }
    // When each split last had rows, on this engine's clock: noticed as a change of the split's row
    // count, so an injected clock and the source's own bookkeeping never mix.
    const seen = new Map<SourceSplit, { rows: number; at: number }>();
    let lastTick = this.clock.now();
    let wasIdle = false;
    const stop = this.clock.every(Math.min(1000, Math.max(50, idleMs / 4)), () => {
      const now = this.clock.now();
      for (const split of rt.splits) {
        const last = seen.get(split);
        if (last === undefined || last.rows !== split.rows) seen.set(split, { rows: split.rows, at: now });
        else if (!split.idle && now - last.at >= idleMs) rt.setIdle(split, true);
      }
      // Idle through the whole tick (not just marked idle by it): the watermark gains the tick's time.
      if (rt.idle && wasIdle && Number.isFinite(rt.wm)) rt.advanceTo(rt.wm + (now - lastTick));
      wasIdle = rt.idle;
      lastTick = now;
    }, { unref: true });
    this.idleTimers.push(stop);
  }

  /**
   * Processing time on this engine's clock, for windows over it (operators/proctime-clock.ts): a tick is an
   * entry point like a pushed batch (after work in progress), never after close.
   */
  private readonly processingClock: ProcessingClock = {
    every: (ms, fn) =>
      this.clock.every(ms, () => {
        if (this.closed) return;
        if (this.pacer) this.pacer.gate(fn);
        else fn();
      }, { unref: true }),
    latest: () => this.procTime.latest(),
  };

  async idle(): Promise<void> {
    const bounded = [...this.connectors.values()].filter((c) => c.bounded);
    await Promise.all(bounded.map((c) => c.done));
    await this.settled();
  }

  setOutputPressure(pressure: (() => boolean) | null): void {
    this.pacer?.setPressure(pressure);
  }

  backlogged(): boolean {
    // Output waiting for a checkpoint on its way past its bound: producers wait outside, not in a push.
    if (this.durable?.overBacklog === true) return true;
    if (this.pacer === null) return false;
    const bound = Math.max(BACKLOG_ROWS, 4 * this.pacer.chunkRows);
    // Input queued behind work in progress, or input that ran ahead of a firing further than it keeps up
    // with (a burst of input is taken at once; a producer at full speed waits for the firing now and then).
    return this.pacer.pendingRows > bound || this.pacer.owedRows > AHEAD_RATIO * bound;
  }

  /** Resolves once every event accepted so far is processed (at once unless `sliceRows` queued some). */
  settled(): Promise<void> {
    return this.pacer?.whenSettled() ?? Promise.resolve();
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  sources(): SourceInfo[] {
    return sourceInfos(this.catalog);
  }

  views(): ViewInfo[] {
    return viewInfos(this.viewRts.values());
  }

  lateRows(view?: string, limit = 100): LateRow[] {
    const all = this.late.toArray();
    const rows = view ? all.filter((r) => r.view === view) : all;
    return rows.slice(-limit);
  }

  rejectedRows(source?: string, limit = 100): RejectedInput[] {
    const all = this.rejects.toArray();
    const rows = source ? all.filter((r) => r.source === source) : all;
    return rows.slice(-limit);
  }

  stats() {
    return {
      sources: [...this.sourceRts.values()].map((s) => ({ source: s.name, eventsIn: s.eventsIn, rejected: s.rejected, watermark: finite(s.wm) })),
      views: [...this.viewRts.values()].map((v) => ({ view: v.name, rowsOut: v.rowsOut, lateRows: v.lateRows, rejectedRows: v.rejectedRows, watermark: finite(v.wm), lastSeq: v.log.nextSeq - 1 })),
      checkpoint: this.durable?.lastCommit
        ? {
            epoch: this.durable.lastCommit.epoch,
            durationMs: this.durable.lastCommit.durationMs,
            bytes: this.durable.lastCommit.bytes,
            count: this.durable.commits,
            backlogBytes: this.durable.backlogBytes,
            stalls: this.durable.stalls,
            stalledMs: this.durable.stalledMs,
          }
        : null,
    };
  }

  checkpoint(): void {
    if (!this.durable || this.closed) return;
    // Never in the middle of a firing: its state and its rows are captured together or not at all.
    this.pacer?.quietNow();
    // Still mid-firing only when called from inside it (a subscriber's callback): the next one will do.
    if (this.pacer && !this.pacer.quiet) return;
    this.durable.checkpoint(this.viewRts.values(), this.sourceRts.values(), usesInputLog);
    this.inputLogBytes.clear(); // a checkpoint consumed every input log through its processed offset
  }

  /**
   * The periodic checkpoint: snapshot now, commit on the commit thread; resolves once committed (at
   * once when there is nothing to do, or a previous checkpoint is still being written).
   */
  async checkpointInBackground(): Promise<void> {
    const d = this.durable;
    if (!d || this.closed) return;
    // Never in the middle of a firing (see runtime/pacer.ts): the snapshot waits for the last chunk.
    if (this.pacer && !this.pacer.quiet) {
      if (this.waitingQuiet) return;
      this.waitingQuiet = true;
      try {
        while (!this.pacer.quiet) await this.pacer.whenQuiet();
      } finally {
        this.waitingQuiet = false;
      }
    }
    if (this.closed) return;
    d.checkpoint(this.viewRts.values(), this.sourceRts.values(), usesInputLog, true);
    // The commit trims every input log through its processed offset (bytes pushed meanwhile are
    // forgiven once: the bound is about an input log that no checkpoint trims).
    return d.whenCommitted().then(() => {
      this.inputLogBytes.clear();
      if (this.checkpointFailing) process.stderr.write('tumbleql: checkpoints are written again\n');
      this.checkpointFailing = false;
    });
  }

  private checkpointFailing = false;

  /** Says once on stderr that periodic checkpoints fail (a full disk), and once that they work again. */
  private noteCheckpointFailure(e: unknown): void {
    if (this.checkpointFailing || !(e instanceof StateError)) return;
    this.checkpointFailing = true;
    process.stderr.write(`tumbleql: a checkpoint failed; the next ones retry it (nothing is lost): ${e.message}\n`);
  }

  /** The last checkpoint's cost (durable mode), for metrics and benchmarks. */
  get lastCommit() {
    return this.durable?.lastCommit ?? null;
  }

  onCommitted(listener: (rows: readonly CommittedRow[]) => void, views?: (view: string) => boolean): void {
    this.durable?.committedListeners.push({ fn: listener, wants: views ?? null });
  }

  readLog(view: string, fromSeq: number, limit: number): OutputRow[] {
    if (this.durable) return this.durable.store.readOutput(this.viewName(view), fromSeq, limit).map((r) => ({ seq: r.seq, op: r.op as OutputRow['op'], row: r.row }));
    const v = this.requireView(view);
    return v.read(fromSeq, limit).map((r) => ({ seq: r.seq, op: r.op, row: v.encode(r.row) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    for (const stop of this.idleTimers) stop();
    for (const c of this.connectors.values()) c.stop();
    this.pacer?.settleNow();
    this.checkpoint();
    this.closed = true;
    for (const v of this.viewRts.values()) v.close();
    this.durable?.close();
    await this.sinks?.close(); // the final checkpoint's rows are written before close resolves
  }

  /** Stops without a final checkpoint, as a crash would (tests of recovery). */
  crash(): void {
    if (this.closed) return;
    this.closed = true;
    this.pacer?.stop();
    if (this.timer) clearInterval(this.timer);
    for (const stop of this.idleTimers) stop();
    for (const c of this.connectors.values()) c.stop();
    this.sinks?.abandon();
    this.durable?.close();
  }
}

/** Rejected input is stored as text: JSON text of what was received, or the raw line when it was not JSON. */
function parseInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sources fed by pushes (API, INSERT, websocket, HTTP) keep an input log; connector-fed ones re-read. */
function usesInputLog(s: SourceRuntime): boolean {
  return connectorOf(s.def).replay === 'input-log';
}

function finite(wm: number): number | null {
  return Number.isFinite(wm) ? wm : wm === Infinity ? Number.MAX_SAFE_INTEGER : null;
}

export function formatWatermark(wm: number): string {
  if (wm === Infinity) return '+inf';
  if (wm === -Infinity) return '-inf';
  return formatTimestamp(wm);
}


