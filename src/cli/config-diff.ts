/**
 * Applying a changed config to an existing state file: new views start (their CREATE runs), unchanged
 * ones resume, and views the config used to declare but no longer does are stopped (dropped, with their
 * state). What "the config used to declare" is kept in a sidecar next to the state file,
 * `<state>.declared.json`, so views created at run time over the websocket (`execute`) are never
 * mistaken for removed ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Engine } from '../executor/api.js';
import { parseScript } from '../parser/parse.js';

interface Declared {
  readonly sources: string[];
  readonly views: string[];
}

/** Names of the sources and views the SQL creates. */
export function declaredBy(sqls: readonly string[]): Declared {
  const sources: string[] = [];
  const views: string[] = [];
  for (const sql of sqls) {
    for (const { statement: s } of parseScript(sql).statements) {
      if (s.kind === 'create_source') sources.push(s.name.name);
      if (s.kind === 'create_view') views.push(s.name.name);
    }
  }
  return { sources, views };
}

function sidecar(statePath: string): string {
  return `${statePath}.declared.json`;
}

function readDeclared(statePath: string): Declared | null {
  try {
    const d = JSON.parse(readFileSync(sidecar(statePath), 'utf8')) as Declared;
    return Array.isArray(d.sources) && Array.isArray(d.views) ? d : null;
  } catch {
    return null;
  }
}

/**
 * Drops what the previous config declared and this one does not (views first, dependents before what
 * they read), then records what this config declares. Returns the names it stopped.
 */
export function applyRemovals(engine: Engine, statePath: string, now: Declared): string[] {
  const before = readDeclared(statePath);
  const stopped: string[] = [];
  if (before) {
    const goneViews = before.views.filter((v) => !now.views.includes(v));
    const goneSources = before.sources.filter((s) => !now.sources.includes(s));
    // Later views may read earlier ones: drop in reverse creation order.
    const order = engine.views().map((v) => v.name);
    for (const v of goneViews.sort((a, b) => order.indexOf(b) - order.indexOf(a))) {
      if (!order.includes(v)) continue;
      engine.execute(`DROP VIEW IF EXISTS "${v.replace(/"/g, '""')}"`);
      stopped.push(v);
    }
    for (const s of goneSources) {
      if (!engine.sources().some((x) => x.name === s)) continue;
      engine.execute(`DROP SOURCE IF EXISTS "${s.replace(/"/g, '""')}"`);
      stopped.push(s);
    }
  }
  writeFileSync(sidecar(statePath), `${JSON.stringify(now)}\n`);
  return stopped;
}
