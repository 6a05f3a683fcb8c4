/**
 * Loads @duckdb/node-api for the DuckDB reference. It is deliberately not a devDependency: the npm
 * registry this project installs from carries only the linux-x64 DuckDB binding, and `npm ci` refuses a
 * lock file that lacks the other platforms' optional bindings. So the benchmark (and its test) install
 * DuckDB on first use into bench/.duckdb (git-ignored), away from the project's lock file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DUCKDB_VERSION = '1.4.0-r.2';
const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.duckdb');

async function fromDir() {
  const req = createRequire(join(DIR, 'package.json'));
  return import(pathToFileURL(req.resolve('@duckdb/node-api')).href);
}

export async function loadDuckDbModule() {
  try {
    return await import('@duckdb/node-api');
  } catch {
    // not installed in the project: use (or make) the benchmark's own install
  }
  try {
    return await fromDir();
  } catch {
    // first use
  }
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(join(DIR, 'package.json'))) writeFileSync(join(DIR, 'package.json'), '{ "private": true }\n');
  process.stderr.write(`installing @duckdb/node-api@${DUCKDB_VERSION} into bench/.duckdb (first use)\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@duckdb/node-api@${DUCKDB_VERSION}`], {
    cwd: DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return fromDir();
}
