// Transpiles src/ and repl/ to dist/ (one ESM file per module, dependencies left external).
// `--types` also writes the package's declarations (dist/src/index.d.ts and what it references) with tsc;
// `npm pack`/`npm publish` run it (prepack), the test setup and `npm start` need only the JavaScript.
// Type checking is `npm run typecheck` (part of `npm test`), so a type error never blocks a build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

rmSync('dist', { recursive: true, force: true });
await import('./build-web.mjs'); // the web console → dist/web
await build({
  entryPoints: [...walk('src'), ...walk('repl')],
  outdir: 'dist',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: true,
  logLevel: 'warning',
});

if (process.argv.includes('--types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
