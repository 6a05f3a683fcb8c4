#!/usr/bin/env node
// Entry point of the `tumbleql` command: runs the compiled CLI in dist/. The published package ships
// dist/ (built by `prepack`); in a git clone, `npm start` and the tests build it, and a first
// `npx tumbleql` before any build builds it here.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const cli = new URL('../dist/src/cli.js', import.meta.url);
const build = new URL('../scripts/build.mjs', import.meta.url);
if (!existsSync(cli) && existsSync(build)) {
  execFileSync(process.execPath, [build.pathname], { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });
}
const { main } = await import(cli.href);

main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.stack ?? err.message : String(err)); process.exitCode = 1; },
);
