import { execFileSync } from 'node:child_process';
import { loadDuckDbModule } from '../../bench/reference/duckdb-module.mjs';

/**
 * Builds dist/ so tests that spawn `bin/tumbleql.js` run the current sources, and installs DuckDB (the
 * oracle of test/oracle/*-vs-duckdb and test/nexmark) once, before test files load it in parallel:
 * its first-use install into bench/.duckdb must not run in two workers at once.
 */
export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  await loadDuckDbModule();
}
