/**
 * What the engine tells about itself: SHOW, DESCRIBE and EXPLAIN results, and the catalog as API objects.
 * Pure functions over the catalog and the run-time views, kept out of engine.ts.
 */
import type { ColumnInfo, SourceInfo, StatementResult, ViewInfo } from './api.js';
import type { Catalog, ViewDef } from '../parser/catalog.js';
import type { Column } from '../parser/logical-plan.js';
import { typeToString } from '../parser/types.js';
import { connectorOf } from './connectors/registry.js';
import { compilePlan, type LeafRef, type PhysicalNode } from '../planner/compile.js';
import { explainPipeline, type InputInfo } from '../planner/explain.js';
import type { ViewRuntime } from './runtime/view-runtime.js';

export function columnInfo(schema: readonly Column[]): ColumnInfo[] {
  return schema.map((c) => ({ name: c.name, type: typeToString(c.type), nullable: c.type.nullable, ...(c.rowtime ? { rowtime: true } : {}) }));
}

export function sourceInfos(catalog: Catalog): SourceInfo[] {
  return catalog.allSources().map((s) => ({
    name: s.name,
    columns: s.columns.map((c, i) => ({ name: c.name, type: typeToString(c.type), nullable: !c.notNull, ...(i === s.rowtime ? { rowtime: true } : {}) })),
    ...(s.watermark ? { watermark: s.watermark.text } : {}),
    options: s.options,
    sql: s.sql,
    connector: connectorOf(s).name,
    bounded: connectorOf(s).bounded(s.options),
  }));
}

export function viewInfos(views: Iterable<ViewRuntime>): ViewInfo[] {
  return [...views].map((v) => ({
    name: v.def.displayName ?? v.name,
    columns: columnInfo(v.def.schema),
    mode: v.pipeline.changelog ? 'changelog' : 'append',
    sql: v.def.sql,
    adhoc: v.def.adhoc,
  }));
}

export function showSources(catalog: Catalog): StatementResult {
  return {
    kind: 'rows',
    columns: ['name', 'connector', 'columns', 'watermark'],
    rows: sourceInfos(catalog).map((s) => [s.name, s.connector ?? 'websocket', s.columns.map((c) => c.name).join(', '), s.watermark ?? '']),
  };
}

export function showViews(views: Iterable<ViewRuntime>): StatementResult {
  return {
    kind: 'rows',
    columns: ['name', 'mode', 'columns', 'subscribers'],
    rows: [...views]
      .filter((v) => !v.def.adhoc)
      .map((v) => [v.def.displayName ?? v.name, v.pipeline.changelog ? 'changelog' : 'append', v.def.schema.map((c) => c.name).join(', '), v.subscriberCount]),
  };
}

export function describe(catalog: Catalog, name: string, columns: readonly Column[]): StatementResult {
  return {
    kind: 'rows',
    columns: ['column', 'type', 'nullable', 'event_time'],
    rows: columns.map((c) => [c.name, typeToString(c.type), c.type.nullable, c.rowtime ? (catalog.source(name)?.watermark?.text ?? 'yes') : c.proctime ? 'PROCTIME() (processing time)' : '']),
  };
}

export function explain(catalog: Catalog, def: ViewDef, sharedWith?: (node: PhysicalNode) => readonly string[]): StatementResult {
  const p = compilePlan(def.plan, def.schema);
  const input = (leaf: LeafRef): InputInfo => {
    if (leaf.kind === 'values') return { kind: 'values', name: leaf.name, rows: leaf.rows?.length ?? 0 };
    const src = leaf.kind === 'source' ? catalog.source(leaf.name) : undefined;
    const rowtime = src && src.rowtime !== null ? src.columns[src.rowtime]!.name : undefined;
    const key = src?.primaryKey?.map((i) => src.columns[i]!.name);
    const proctime = src?.proctime != null ? src.columns[src.proctime]!.name : undefined;
    return { kind: leaf.kind, name: leaf.name, ...(rowtime ? { rowtime } : {}), ...(proctime ? { proctime } : {}), ...(src?.watermark ? { watermark: src.watermark.text } : {}), ...(key ? { primaryKey: key } : {}) };
  };
  return { kind: 'explain', text: explainPipeline(def.name, p, { input, ...(sharedWith ? { sharedWith } : {}) }) };
}
