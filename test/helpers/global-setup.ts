import { execFileSync } from 'node:child_process';

/** Builds dist/ so tests that spawn `bin/tumbleql.js` run the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
