/**
 * What a connector that can be written to (`INSERT INTO t SELECT ...`) declares, and what the engine hands
 * it: ranges of committed output rows (sink-runner.ts decides which, and when).
 *
 * A writer's contract is idempotence by range: writing a range of seqs that was (partly) written before
 * must store each row once (nats: message ids). The runner records a range before writing it and writes
 * exactly that range again after a crash.
 */
import type { SinkTarget, SourceDef } from '../../parser/catalog.js';
import type { Column } from '../../parser/logical-plan.js';

/** A committed output row of an INSERT job, as the output log holds it (values keyed by the query's names). */
export interface SinkRow {
  readonly seq: number;
  readonly op: string;
  readonly row: Readonly<Record<string, unknown>>;
}

export interface SinkJob {
  /** The job (view) name. */
  readonly name: string;
  /** Stable id of this writer across restarts: the job name, plus the worker slot when run as a worker. */
  readonly id: string;
  readonly schema: readonly Column[];
  readonly target: SinkTarget;
}

export interface SinkWriter {
  /** Writes a range of committed rows (contiguous seqs) until the destination holds every one of them. */
  write(rows: readonly SinkRow[]): Promise<void>;
  close(): Promise<void>;
}

export interface SinkProblem {
  readonly message: string;
  readonly hint?: string;
}

export interface SinkSpec {
  /** At INSERT INTO: can this table take the job's rows (format, key columns)? */
  check(table: SourceDef, target: SinkTarget): SinkProblem | null;
  open(table: SourceDef, job: SinkJob): SinkWriter;
}
