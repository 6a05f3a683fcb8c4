/**
 * Runs the sinks of `INSERT INTO t SELECT ...` jobs: committed output rows → the table's connector,
 * exactly once across restarts and kill -9 when the engine has a state file.
 *
 *   checkpoint commits output rows 1041..1187 of the job (with state and source offsets)
 *   → record "1041..1187 pending" in <state>.sinks.json     (before anything is written out)
 *   → writer.write(rows 1041..1187)                         (idempotent by range: nats message ids)
 *   → record "published through 1187"
 *   restart: every pending range is written again, exactly as recorded; committed rows after the last
 *   recorded range were never written, so they form new ranges.
 *
 * Writers get a stable id per job and state file, `<job>[@w<i>].<8 hex of the state file's identity>`
 * (nats message ids `<id>:<seq>`).
 *
 * Only committed rows are written: rows computed after the last checkpoint are recomputed after a crash,
 * possibly in another order (splits interleave differently), and must never have left the process. The
 * sidecar names the state file's inode and birth time; a sidecar next to another state file is ignored.
 * Without a state file (in-memory engine) rows are written as they are computed: nothing survives a
 * restart anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { CommittedRow, OutputRow } from '../api.js';
import type { SourceDef, ViewDef } from '../../parser/catalog.js';
import type { SinkJob, SinkRow, SinkSpec, SinkWriter } from './sink.js';

/** What the runner needs of the engine. */
export interface SinkHost {
  readonly durable: boolean;
  readonly statePath: string | null;
  readonly worker: { readonly index: number; readonly count: number } | null;
  watchViews(listener: (view: { readonly name: string; readonly def: ViewDef }) => void): void;
  /** `views`: only rows of these views are wanted (the others are not parsed back for it). */
  onCommitted(listener: (rows: readonly CommittedRow[]) => void, views: (view: string) => boolean): void;
  subscribe(view: string, onRows: (rows: readonly OutputRow[]) => void, options: { from: 'earliest' }): unknown;
  readLog(view: string, fromSeq: number, limit: number): OutputRow[];
  table(name: string): SourceDef | undefined;
  sinkOf(table: SourceDef): SinkSpec | undefined;
  hasView(name: string): boolean;
}

interface JobProgress {
  published: number;
  pending: [number, number][];
}

interface Sidecar {
  readonly state: { readonly ino: number; readonly birthtimeMs: number };
  readonly jobs: Record<string, JobProgress>;
}

interface Running {
  readonly job: SinkJob;
  readonly writer: SinkWriter;
  readonly progress: JobProgress;
  queue: Promise<void>;
}

const PAGE = 10_000;
const RETRY_MS = 1000;

export class SinkRunner {
  private readonly jobs = new Map<string, Running>();
  private readonly path: string | null;
  private readonly identity: Sidecar['state'] | null;
  private readonly saved: Record<string, JobProgress>;
  private stopped = false;
  private readonly tag: string;
  /** The first write failure of each job since its last success (logged once). */
  readonly errors = new Map<string, string>();

  constructor(private readonly host: SinkHost) {
    this.path = host.durable && host.statePath !== null ? `${host.statePath}.sinks.json` : null;
    this.identity = host.durable && host.statePath !== null ? identityOf(host.statePath) : null;
    this.saved = this.load();
    // Ids name the state file too: a new state file restarts seqs at 1, and its rows must not be taken for
    // the old file's rows still in the destination's duplicate window.
    this.tag = this.identity ? createHash('sha256').update(`${this.identity.ino}:${this.identity.birthtimeMs}`).digest('hex').slice(0, 8) : randomBytes(4).toString('hex');
    if (host.durable) host.onCommitted((rows) => this.onCommitted(rows), (view) => this.jobs.has(view));
    host.watchViews((v) => {
      if (v.def.sink !== undefined && !v.def.adhoc) this.attach(v.name, v.def);
    });
  }

  private attach(name: string, def: ViewDef): void {
    const target = def.sink!;
    const table = this.host.table(target.table);
    const spec = table && this.host.sinkOf(table);
    if (!table || !spec) throw new Error(`invariant: INSERT job '${name}' writes to '${target.table}', which has no sink`);
    const w = this.host.worker;
    const id = `${name}${w !== null && w.count > 1 ? `@w${w.index}` : ''}.${this.tag}`;
    const job: SinkJob = { name, id, schema: def.schema, target };
    const progress = this.saved[id] ?? { published: 0, pending: [] };
    const running: Running = { job, writer: spec.open(table, job), progress, queue: Promise.resolve() };
    this.jobs.set(name, running);
    if (!this.host.durable) {
      this.host.subscribe(name, (rows) => this.enqueue(running, rows, false), { from: 'earliest' });
      return;
    }
    // Recovery: pending ranges exactly as recorded, then committed rows never recorded.
    for (const [first, last] of progress.pending) this.enqueue(running, this.readRange(name, first, last), true);
    const recorded = Math.max(progress.published, ...progress.pending.map((r) => r[1]));
    const rest = this.readRange(name, recorded + 1, Number.MAX_SAFE_INTEGER);
    if (rest.length > 0) this.record(running, rest);
  }

  private onCommitted(rows: readonly CommittedRow[]): void {
    let i = 0;
    while (i < rows.length) {
      const view = rows[i]!.view;
      let j = i;
      while (j < rows.length && rows[j]!.view === view) j++;
      const running = this.jobs.get(view);
      if (running && this.host.hasView(view)) this.record(running, rows.slice(i, j));
      i = j;
    }
  }

  /**
   * Records a range as pending, then queues it: it is written once the record is on disk. Called from
   * a checkpoint's completion (possibly the commit thread's reply), so nothing here may throw: a sidecar
   * that cannot be written (a full disk) holds the range back, retried, instead of ending the process.
   */
  private record(running: Running, rows: readonly SinkRow[]): void {
    running.progress.pending.push([rows[0]!.seq, rows[rows.length - 1]!.seq]);
    this.enqueue(running, rows, true);
  }

  private enqueue(running: Running, rows: readonly SinkRow[], recorded: boolean): void {
    if (rows.length === 0) return;
    const { name, target } = running.job;
    const recording = (m: string): string => `recording the progress of '${name}' failed: ${m}; retrying before its range is written`;
    running.queue = running.queue.then(async () => {
      // Pending before anything is written out: a range written but not recorded could be lost to a restart.
      if (recorded && !(await this.retry(running, recording, () => this.save()))) return;
      if (!(await this.retry(running, (m) => `writing '${name}' to '${target.table}' failed: ${m}; retrying the same range`, () => running.writer.write(rows)))) return;
      if (!recorded) return;
      const last = rows[rows.length - 1]!.seq;
      running.progress.published = Math.max(running.progress.published, last);
      running.progress.pending = running.progress.pending.filter((r) => r[1] > last);
      // Published but not saved is only a range written again after a restart (idempotent by range).
      try {
        this.save();
      } catch (e) {
        this.noteError(running, recording, e);
      }
    });
  }

  /** Runs `step` until it succeeds (true) or the runner stops (false), saying once on stderr that it fails. */
  private async retry(running: Running, say: (message: string) => string, step: () => unknown): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      try {
        await step();
        this.errors.delete(running.job.name);
        return true;
      } catch (e) {
        if (this.stopped) return false;
        this.noteError(running, say, e);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private noteError(running: Running, say: (message: string) => string, e: unknown): void {
    const message = (e as Error).message;
    if (!this.errors.has(running.job.name)) process.stderr.write(`tumbleql: ${say(message)}\n`);
    this.errors.set(running.job.name, message);
  }

  private readRange(view: string, first: number, last: number): SinkRow[] {
    const out: SinkRow[] = [];
    let from = first;
    while (from <= last) {
      const page = this.host.readLog(view, from, Math.min(PAGE, last - from + 1));
      if (page.length === 0) break;
      out.push(...page);
      from = page[page.length - 1]!.seq + 1;
    }
    if (out.length > 0 && last !== Number.MAX_SAFE_INTEGER && (out[0]!.seq !== first || out[out.length - 1]!.seq !== last)) {
      process.stderr.write(`tumbleql: committed rows ${first}..${last} of '${view}' are no longer all in the output log (retention); writing the ${out.length} still there\n`);
    }
    return out;
  }

  /** Waits until every recorded range is written, then closes the writers. */
  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.queue));
    this.stopped = true;
    await Promise.all([...this.jobs.values()].map((j) => j.writer.close().catch(() => {})));
  }

  /** Stops at once (a crash, for tests): recorded ranges stay pending for the next start. */
  abandon(): void {
    this.stopped = true;
    for (const j of this.jobs.values()) void j.writer.close().catch(() => {});
  }

  private load(): Record<string, JobProgress> {
    if (this.path === null || this.identity === null) return {};
    try {
      const s = JSON.parse(readFileSync(this.path, 'utf8')) as Sidecar;
      if (s.state.ino !== this.identity.ino || s.state.birthtimeMs !== this.identity.birthtimeMs) return {};
      return s.jobs ?? {};
    } catch {
      return {};
    }
  }

  private save(): void {
    if (this.path === null || this.identity === null) return;
    const jobs: Record<string, JobProgress> = { ...this.saved };
    for (const r of this.jobs.values()) jobs[r.job.id] = r.progress;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ state: this.identity, jobs } satisfies Sidecar));
    renameSync(tmp, this.path);
  }
}

function identityOf(path: string): Sidecar['state'] | null {
  try {
    const st = statSync(path);
    return { ino: st.ino, birthtimeMs: st.birthtimeMs };
  } catch {
    return null;
  }
}
