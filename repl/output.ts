/**
 * What the session prints, as data: the ink app renders each item as a component (colours, caret frame),
 * plain mode as text via `itemText`. Keeping it data means both modes show the same content.
 */
import type { Diagnostic } from '../src/parser/diagnostics.js';
import { formatDiagnostic } from '../src/parser/diagnostics.js';
import { META_COMMANDS } from './commands.js';
import { count, layoutTable, layoutVertical, rowCount, truncate, type TableColumn } from './table-layout.js';
import type { StatementSpan } from './sql-text.js';
import type { LiveQuery } from './live-query.js';
import { formatElapsed } from './status.js';

export type OutputItem =
  | { readonly kind: 'echo'; readonly text: string }
  | { readonly kind: 'message'; readonly text: string; readonly tone: 'info' | 'success' | 'warning' }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly diagnostics: readonly Diagnostic[];
      /** The text the diagnostics point into (the input as typed, or the file for `\i`). */
      readonly source: string | null;
      readonly file?: string;
    }
  | {
      readonly kind: 'table';
      readonly columns: readonly TableColumn[];
      readonly rows: readonly (readonly unknown[])[];
      readonly vertical: boolean;
      readonly title?: string;
      readonly footer?: string;
      /** Number of the first row shown when earlier ones were cut off (vertical records are numbered). */
      readonly firstRecord?: number;
    }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'help' };

export function message(text: string, tone: 'info' | 'success' | 'warning' = 'info'): OutputItem {
  return { kind: 'message', text, tone };
}

function isSqlErrorLike(err: unknown): err is { diagnostics: readonly Diagnostic[]; message: string } {
  return typeof err === 'object' && err !== null && Array.isArray((err as { diagnostics?: unknown }).diagnostics);
}

/**
 * Moves a diagnostic from statement coordinates (what the engine saw) to input coordinates (what the user
 * typed): the statement may start on a later line, or after another statement on the same line.
 */
export function shiftDiagnostic(d: Diagnostic, at: StatementSpan): Diagnostic {
  if (d.line <= 0) return d;
  return { ...d, line: d.line + at.line - 1, column: d.line === 1 ? d.column + at.column - 1 : d.column };
}

export function errorItem(err: unknown, at: StatementSpan | null, source: string | null, file?: string): OutputItem {
  const base = file !== undefined ? { file } : {};
  if (isSqlErrorLike(err) && err.diagnostics.length > 0) {
    const diagnostics = err.diagnostics.map((d) => (at ? shiftDiagnostic(d, at) : d));
    return { kind: 'error', message: err.message, diagnostics, source, ...base };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { kind: 'error', message: text, diagnostics: [], source: null, ...base };
}

export function helpRows(): string[][] {
  return META_COMMANDS.map((c) => [`\\${c.name}${c.args ? ' ' + c.args : ''}`, c.description]);
}

export const HELP_KEYS: readonly (readonly [string, string])[] = [
  ['Enter', 'run the input once it ends with ;  (meta commands need no ;)'],
  ['Tab', 'complete keywords, sources, views and columns'],
  ['Up/Down, Ctrl-R', 'history, reverse search'],
  ['Ctrl-C', 'cancel the running query; clear the input; twice on an empty prompt: quit'],
  ['Ctrl-D', 'quit on an empty prompt'],
];

/** Plain-text rendering (piped mode): no escape codes, tables psql-style. */
export function itemText(item: OutputItem, width: number): string {
  switch (item.kind) {
    case 'echo':
      return item.text;
    case 'message':
      return item.text;
    case 'text':
      return item.text;
    case 'error': {
      const where = item.file !== undefined ? `${item.file}: ` : '';
      if (item.diagnostics.length === 0) return `${where}error: ${item.message}`;
      return item.diagnostics.map((d) => where + formatDiagnostic(d, item.source ?? undefined)).join('\n');
    }
    case 'table':
      return tableText(item, width);
    case 'help':
      return [
        'Meta commands:',
        ...tableText({ kind: 'table', columns: [{ name: 'command' }, { name: 'description' }], rows: helpRows(), vertical: false }, width, false).split('\n'),
        '',
        'Keys:',
        ...HELP_KEYS.map(([k, d]) => `  ${k.padEnd(16)} ${d}`),
      ].join('\n');
  }
}

export function tableText(item: Extract<OutputItem, { kind: 'table' }>, width: number, footer = true): string {
  const lines: string[] = [];
  if (item.title !== undefined) lines.push(truncate(item.title, width));
  if (item.vertical) {
    lines.push(...(item.rows.length === 0 ? ['(0 rows)'] : layoutVertical(item.columns, item.rows, width, item.firstRecord ?? 1)));
  } else {
    const t = layoutTable(item.columns, item.rows, width);
    lines.push(t.header, t.rule, ...t.lines);
  }
  const end = item.footer ?? rowCount(item.rows.length);
  if (footer && end !== '') lines.push(end);
  return lines.join('\n');
}

/** Rows kept in the scrollback when a query ends; the live view showed them all as they came. */
export const FINAL_TABLE_LIMIT = 1000;

/**
 * A finished query as a scrollback table: its current result (or its change stream with `\changes`),
 * the newest rows when there are too many, and a footer saying how it ended.
 */
export function finalTable(q: LiveQuery, settings: { vertical: boolean; changes: boolean }, reason: string): OutputItem {
  const changes = settings.changes && q.mode === 'changelog';
  const all = changes ? q.changes.map((c) => [c.op, ...c.values]) : q.rows;
  const rows = all.slice(Math.max(0, all.length - FINAL_TABLE_LIMIT));
  const cut = all.length - rows.length + (changes ? q.received - q.changes.length : q.dropped);
  const what = changes ? count(q.received, 'change') : count(q.size, 'row');
  const notes = [what, cut > 0 ? `${cut} earlier not shown` : '', `${reason} after ${formatElapsed(q.elapsedMs())}`];
  return {
    kind: 'table',
    title: `${q.name}: ${q.title.replace(/\s+/g, ' ')}`,
    columns: changes ? [{ name: 'op' }, ...q.columns] : q.columns,
    rows,
    vertical: settings.vertical,
    ...(cut > 0 ? { firstRecord: cut + 1 } : {}),
    footer: `(${notes.filter((n) => n !== '').join('; ')})`,
  };
}
