/**
 * The published package as a user gets it: `npm pack` (which runs prepack: JavaScript and declarations
 * into dist/), the tarball unpacked into a fresh project's node_modules, the README's library snippet
 * type-checked under `strict` (as `.mjs` with checkJs and as `.mts`) and run with node.
 *
 * The package is packed from a copy of the sources, so the repo's own dist/ (which other suites run) is
 * never rebuilt under them. The project's dependencies are symlinks to the repo's node_modules (only the
 * npm registry is reachable, and better-sqlite3 would compile) — except `@types/*`: a user has
 * `@types/node` but not the devDependencies' types, so a declaration that needs them fails here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'tq-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The README block marked `<!-- library-snippet ... -->`. */
export function readmeSnippet(readme: string): string {
  const m = /<!-- library-snippet[^\n]*\n```js\n([\s\S]*?)```/.exec(readme);
  if (!m?.[1]) throw new Error('README has no library-snippet block');
  return m[1];
}

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function pack(): string {
  const pkg = join(tmp, 'pkg');
  for (const f of ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'repl', 'web', 'examples', 'scripts']) {
    cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  const r = run('npm', ['pack', '--json', '--pack-destination', tmp], pkg);
  expect(r.status, r.out).toBe(0);
  const name = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack wrote no tarball:\n${r.out}`);
  return join(tmp, name);
}

function project(tarball: string): string {
  const app = join(tmp, 'app');
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, '@types'), { recursive: true });
  expect(run('tar', ['-xzf', tarball, '-C', modules], app).status).toBe(0);
  renameSync(join(modules, 'package'), join(modules, 'tumbleql'));
  for (const dep of readdirSync(join(ROOT, 'node_modules'))) {
    if (dep !== '@types' && dep !== '.bin') symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
  }
  symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  return app;
}

describe('the packed package', () => {
  it('type-checks the README library snippet under strict and runs it as .mjs, printing rows', () => {
    const app = project(pack());
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'tumbleql', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(Object.keys(manifest.scripts).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);

    const snippet = readmeSnippet(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    writeFileSync(join(app, 'hot.mjs'), snippet);
    writeFileSync(join(app, 'hot.mts'), snippet);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023'], types: ['node'], noEmit: true, allowJs: true, checkJs: true, skipLibCheck: false },
        files: ['hot.mjs', 'hot.mts'],
      }),
    );
    const tsc = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);
    expect(tsc.out).toBe('');
    expect(tsc.status).toBe(0);

    const node = run(process.execPath, ['hot.mjs'], app);
    expect(node.status, node.out).toBe(0);
    expect(node.out).toContain('+I {"auction":7,"window_start":"2026-01-01T00:00:00.000Z","window_end":"2026-01-01T00:00:10.000Z","bids":3,"top":14}');
  }, 300_000);
});
