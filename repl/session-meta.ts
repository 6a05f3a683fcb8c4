/**
 * The meta commands (`\d`, `\late`, `\x` ...). Listings are built from the catalog the backend reports
 * (richer than SHOW's rows: types, watermark, connector); everything ends as `OutputItem`s.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ColumnInfo, SourceInfo, ViewInfo } from '../src/executor/api.js';
import { BackendError } from './backend.js';
import type { MetaCommand } from './commands.js';
import { message } from './output.js';
import type { Session } from './session.js';

const LISTING_LIMIT = 100;

function columnList(columns: readonly ColumnInfo[]): string {
  return columns.map((c) => `${c.name} ${c.type}`.trim()).join(', ');
}

function connector(s: SourceInfo): string {
  return String(s.options['connector'] ?? '');
}

/** `did you mean 'bids'?` for a name that is one or two edits away from a known one. */
function suggestion(name: string, known: readonly string[]): string {
  const close = known.filter((k) => editDistance(k.toLowerCase(), name.toLowerCase()) <= 2);
  return close.length > 0 ? `; did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

async function catalog(session: Session): Promise<{ sources: readonly SourceInfo[]; views: readonly ViewInfo[] }> {
  await session.refreshCatalog();
  return session.catalog;
}

export async function runMeta(session: Session, command: MetaCommand): Promise<void> {
  const { settings } = session;
  const emit = session.emit.bind(session);
  switch (command.kind) {
    case 'help':
      return emit({ kind: 'help' });
    case 'sources': {
      // Remotely the catalog is what SHOW returns; let the server format it.
      if (!session.backend.local) return session.runSql('SHOW SOURCES;');
      const { sources } = await catalog(session);
      return emit({
        kind: 'table',
        columns: [{ name: 'name' }, { name: 'connector' }, { name: 'watermark' }, { name: 'columns' }],
        rows: sources.map((s) => [s.name, connector(s), s.watermark ?? '', columnList(s.columns)]),
        vertical: settings.vertical,
      });
    }
    case 'views': {
      if (!session.backend.local) return session.runSql('SHOW VIEWS;');
      const { views } = await catalog(session);
      return emit({
        kind: 'table',
        columns: [{ name: 'name' }, { name: 'mode' }, { name: 'columns' }],
        rows: views.filter((v) => !v.adhoc).map((v) => [v.name, v.mode, columnList(v.columns)]),
        vertical: settings.vertical,
      });
    }
    case 'describe':
      return describe(session, command.name);
    case 'explain': {
      const sql = /^\s*explain\b/i.test(command.sql) ? command.sql : `EXPLAIN ${command.sql}`;
      return session.runSql(/;\s*$/.test(sql) ? sql : sql + ';');
    }
    case 'subscribe': {
      const { views } = await catalog(session);
      const view = views.find((v) => v.name.toLowerCase() === command.view.toLowerCase());
      if (!view && session.backend.local) {
        throw new BackendError(`view '${command.view}' not found${suggestion(command.view, views.map((v) => v.name))}`);
      }
      return session.startQuery(view?.name ?? command.view, view?.columns ?? [], `\\subscribe ${command.view}`, false, command.from);
    }
    case 'late': {
      const rows = await session.backend.lateRows(command.view ?? undefined, LISTING_LIMIT);
      return emit({
        kind: 'table',
        title: rows.length === LISTING_LIMIT ? `latest ${LISTING_LIMIT} late rows` : undefined,
        columns: [{ name: 'view' }, { name: 'source' }, { name: 'watermark' }, { name: 'row' }],
        rows: rows.map((r) => [r.view, r.source, r.watermark, r.row]),
        vertical: settings.vertical,
      });
    }
    case 'rejects': {
      const rows = await session.backend.rejectedRows(command.source ?? undefined, LISTING_LIMIT);
      return emit({
        kind: 'table',
        columns: [{ name: 'at' }, { name: 'source' }, { name: 'origin' }, { name: 'reason' }, { name: 'input' }],
        rows: rows.map((r) => [r.at, r.source, r.origin, r.reason, r.input]),
        vertical: settings.vertical,
      });
    }
    case 'checkpoint': {
      const started = performance.now();
      if (!(await session.backend.checkpoint())) {
        return emit(message('no checkpoint: this engine keeps its state in memory, there is no state file (start with --state <file> to keep state)', 'warning'));
      }
      return emit(message(`checkpoint written in ${(performance.now() - started).toFixed(1)} ms`, 'success'));
    }
    case 'timing':
      settings.timing = !settings.timing;
      return emit(message(`Timing is ${settings.timing ? 'on' : 'off'}.`));
    case 'include': {
      let text: string;
      try {
        text = readFileSync(resolve(command.path), 'utf8');
      } catch (err) {
        throw new BackendError(`cannot read ${command.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      return session.runScript(text, command.path);
    }
    case 'expanded':
      settings.vertical = !settings.vertical;
      return emit(message(`Expanded display is ${settings.vertical ? 'on' : 'off'}.`));
    case 'startup':
      if (command.mode !== null) settings.startup = command.mode;
      return emit(message(`New queries read their sources from ${settings.startup === 'earliest' ? 'the earliest retained event' : 'now on'} (scan.startup.mode = '${settings.startup}'; a table's OPTIONS hint wins).`));
    case 'changes':
      settings.changes = !settings.changes;
      return emit(message(settings.changes ? 'Showing the change stream (+I/-U/+U/-D).' : 'Showing the updating table.'));
    case 'quit':
      return session.quit(0);
  }
}

async function describe(session: Session, name: string | null): Promise<void> {
  if (!session.backend.local && name !== null) return session.runSql(`DESCRIBE ${name};`);
  const { sources, views } = await catalog(session);
  const emit = session.emit.bind(session);
  if (name === null) {
    return emit({
      kind: 'table',
      columns: [{ name: 'name' }, { name: 'kind' }, { name: 'columns' }],
      rows: [
        ...sources.map((s) => [s.name, 'source', columnList(s.columns)]),
        ...views.filter((v) => !v.adhoc).map((v) => [v.name, `view (${v.mode})`, columnList(v.columns)]),
      ],
      vertical: session.settings.vertical,
    });
  }
  const lower = name.toLowerCase();
  const rel = sources.find((s) => s.name.toLowerCase() === lower) ?? views.find((v) => v.name.toLowerCase() === lower);
  if (!rel) {
    const known = [...sources, ...views].map((r) => r.name);
    throw new BackendError(`no source or view named '${name}'${suggestion(name, known)}`);
  }
  const kind = 'mode' in rel ? `view ${rel.name} (${rel.mode})` : `source ${rel.name}`;
  emit({
    kind: 'table',
    title: kind,
    columns: [{ name: 'column' }, { name: 'type' }, { name: 'nullable' }, { name: 'event time' }],
    rows: rel.columns.map((c) => [c.name, c.type, c.nullable ? 'YES' : 'NO', c.rowtime ? 'rowtime' : '']),
    vertical: false,
    // DESCRIBE lists columns, not a row count: the footer carries the watermark (or nothing).
    footer: 'watermark' in rel && rel.watermark ? `watermark: ${rel.watermark}` : '',
  });
  if (rel.sql !== '') emit({ kind: 'text', text: rel.sql.trim() });
}
