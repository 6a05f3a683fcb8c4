/**
 * A private build of the `tumbleql` command for end-to-end tests: a copy of bin/ and an esbuild bundle
 * of src/cli.ts as dist/src/cli.js, in node_modules/.cache/<name> (so the bundle's external packages —
 * ink, react, ws ... — resolve from the repository's node_modules), with examples/ linked beside it so
 * `tumbleql demo` finds examples/social. Not `npm run build`: that deletes the shared dist/ that other
 * work in this repository may be running from, and bundling only what src/cli.ts imports keeps unrelated
 * files that are mid-edit out of the way.
 */
import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface CliBundle {
  /** The directory holding bin/, dist/ and examples/. */
  readonly dir: string;
  /** Path of the bundle's bin/tumbleql.js: run it with `node`. */
  readonly bin: string;
  remove(): void;
}

export async function buildCli(name: string): Promise<CliBundle> {
  const dir = join(ROOT, 'node_modules/.cache', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin/tumbleql.js'), join(dir, 'bin/tumbleql.js'));
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
  await build({
    entryPoints: [join(ROOT, 'src/cli.ts')], outfile: join(dir, 'dist/src/cli.js'), bundle: true, packages: 'external',
    format: 'esm', platform: 'node', target: 'node20', jsx: 'automatic', logLevel: 'error',
  });
  return { dir, bin: join(dir, 'bin/tumbleql.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
