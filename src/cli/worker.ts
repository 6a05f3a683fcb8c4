/**
 * `tumbleql run --worker i/N` (or `cluster: { worker: i/N }` in tumbleql.yaml): this process is worker i of
 * N over partitioned sources. Every worker runs the same SQL with its own state file; worker i reads the
 * partitions of its key groups (docs/nats.md), and a query that needs rows of other workers is refused when
 * it is created. The flag wins over the YAML.
 *
 * Also here: which sources decide when a bounded job ends. A table that is only written to (the target of
 * an INSERT INTO job, read by no query) does not keep `run` alive: `INSERT INTO bus SELECT ... FROM file`
 * ends when the file is read and its last rows are written.
 */
import type { Engine, SourceInfo } from '../executor/api.js';
import { TumbleEngine } from '../executor/engine.js';
import { parseWorkerSlot, type WorkerSlot } from '../executor/connectors/nats/partitioning.js';
import { planInputs } from '../parser/logical-plan.js';

/** The worker slot from `--worker` or the config; a string is the error to print. */
export function workerSlot(flag: string | undefined, config: { readonly cluster: { readonly worker: WorkerSlot } | null }): WorkerSlot | null | string {
  if (flag !== undefined) {
    try {
      return parseWorkerSlot(flag);
    } catch (e) {
      return `--worker: ${(e as Error).message}`;
    }
  }
  return config.cluster?.worker ?? null;
}

/** Sources that INSERT jobs write to and no query reads. */
function writtenOnly(engine: Engine): Set<string> {
  if (!(engine instanceof TumbleEngine)) return new Set();
  const views = engine.catalog.allViews();
  const read = new Set(views.flatMap((v) => planInputs(v.plan).sources));
  return new Set(views.flatMap((v) => (v.sink && !read.has(v.sink.table) ? [v.sink.table] : [])));
}

/** The sources whose end ends the run: all of them but the tables that are only written to. */
export function inputSources(engine: Engine): SourceInfo[] {
  const skip = writtenOnly(engine);
  return engine.sources().filter((s) => !skip.has(s.name));
}
