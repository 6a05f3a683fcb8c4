// Bundles the web console (web/ + src/client/) into dist/web: index.html, assets/console.js, assets/console.css.
// esbuild (already the build's compiler) bundles Preact, uPlot and the app into one minified ES module;
// no dev server is needed, nothing is fetched from a CDN, and the console works offline.
// Run by scripts/build.mjs after it has emptied dist/, or on its own (`node scripts/build-web.mjs`).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const out = 'dist/web';
mkdirSync(`${out}/assets`, { recursive: true });
await build({
  entryPoints: { console: 'web/main.tsx' },
  bundle: true,
  outdir: `${out}/assets`,
  format: 'esm',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// Content-Security-Policy as a <meta>: scripts only from this server plus the inline loader (by hash),
// connections only back to it (http and ws), no framing, no plugins.
let html = readFileSync('web/index.html', 'utf8');
const loader = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
const hash = createHash('sha256').update(loader, 'utf8').digest('base64');
const csp = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${hash}'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
writeFileSync(`${out}/index.html`, html);
