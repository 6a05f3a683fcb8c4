/**
 * The catalog: the sources and views the binder can see. The planner and binder see tables only
 * through it (DataFusion's rule), so the engine can keep the run-time objects elsewhere.
 */
import type { BoundExpr } from './bound-expr.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import type { SqlType } from './types.js';

export interface SourceColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  /**
   * A computed column (`name AS expr`, Flink's): not read from the input but computed per row, before the
   * watermark, from the row's physical columns (`expr` is bound over the whole row; it reads only
   * physical columns). `proctime`: the column is `PROCTIME()`, the row's processing time (docs/time.md).
   */
  readonly computed?: { readonly expr: BoundExpr; readonly text: string } | { readonly proctime: true; readonly text: string };
}

/** The columns read from the input (not computed), in declared order. */
export function physicalColumns(def: SourceDef): SourceColumn[] {
  return def.columns.filter((c) => c.computed === undefined);
}

export interface SourceDef {
  readonly name: string;
  readonly columns: readonly SourceColumn[];
  /** Index of the WATERMARK FOR column (the event-time attribute), or null when the source has none. */
  readonly rowtime: number | null;
  /** Index of the `PROCTIME()` computed column (the processing-time attribute), or null / absent. */
  readonly proctime?: number | null;
  /** The watermark expression over the source row (`ts - INTERVAL '5' SECOND`), with its text. */
  readonly watermark: { readonly expr: BoundExpr; readonly text: string } | null;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /**
   * PRIMARY KEY (k) NOT ENFORCED: column indexes of the key of a changelog (upsert) table, whose input
   * rows may carry an op (see executor/runtime/changelog-input.ts); null for an append-only source.
   */
  readonly primaryKey?: readonly number[] | null;
  /** The CREATE statement as written. */
  readonly sql: string;
  readonly spelling: 'SOURCE' | 'TABLE';
}

export interface ViewDef {
  readonly name: string;
  /** The name as the user wrote it (HotAuctions for `name` hotauctions), shown in listings. */
  readonly displayName?: string;
  readonly plan: LogicalPlan;
  readonly schema: readonly Column[];
  readonly sql: string;
  readonly adhoc: boolean;
  /** An `INSERT INTO t SELECT` job: its rows are written to the table t (insert-select.ts). */
  readonly sink?: SinkTarget;
}

/** Where an INSERT job writes: the table, its columns in the order the query gives them. */
export interface SinkTarget {
  readonly table: string;
  readonly columns: readonly string[];
  /** The query emits retractions (-U/+U/-D), which an append-only format cannot carry. */
  readonly changelog: boolean;
}

/** What a connector registry finds wrong with a source definition (the option it is about, for the location). */
export interface SourceProblem {
  readonly option?: string;
  readonly message: string;
  readonly hint?: string;
}

export interface CatalogReader {
  source(name: string): SourceDef | undefined;
  view(name: string): ViewDef | undefined;
  /** Checks a new source's connector and options (the engine's connector registry); absent: not checked. */
  checkSource?(def: SourceDef): SourceProblem | null;
  /** Checks that an INSERT job can write to a table (its connector is a sink, the format fits); absent: not checked. */
  checkSink?(table: SourceDef, target: SinkTarget): SourceProblem | null;
  /** A common table expression of an enclosing WITH (bind-cte.ts), bound for this reference. */
  cte?(name: string): { readonly plan: LogicalPlan; readonly schema: readonly Column[] } | undefined;
  /** All relation names, for "did you mean" messages and completion. */
  relationNames(): string[];
}

/** The simple in-memory catalog; the engine keeps one and adds run-time objects beside it. */
export class Catalog implements CatalogReader {
  private readonly sources = new Map<string, SourceDef>();
  private readonly views = new Map<string, ViewDef>();
  /** Set by the engine to its connector registry's checks. */
  sourceChecker: ((def: SourceDef) => SourceProblem | null) | null = null;

  checkSource(def: SourceDef): SourceProblem | null {
    return this.sourceChecker ? this.sourceChecker(def) : null;
  }
  /** Set by the engine to its connector registry's sink checks. */
  sinkChecker: ((table: SourceDef, target: SinkTarget) => SourceProblem | null) | null = null;

  checkSink(table: SourceDef, target: SinkTarget): SourceProblem | null {
    return this.sinkChecker ? this.sinkChecker(table, target) : null;
  }

  source(name: string): SourceDef | undefined {
    return this.sources.get(name);
  }
  view(name: string): ViewDef | undefined {
    return this.views.get(name);
  }
  relationNames(): string[] {
    return [...this.sources.keys(), ...this.views.keys()];
  }
  allSources(): SourceDef[] {
    return [...this.sources.values()];
  }
  allViews(): ViewDef[] {
    return [...this.views.values()];
  }
  addSource(def: SourceDef): void {
    this.sources.set(def.name, def);
  }
  addView(def: ViewDef): void {
    this.views.set(def.name, def);
  }
  removeSource(name: string): void {
    this.sources.delete(name);
  }
  removeView(name: string): void {
    this.views.delete(name);
  }
}

/** The closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
