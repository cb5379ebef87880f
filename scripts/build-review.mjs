// Bundles the review page's script and styles (src/review/app) into dist/review/, which
// `capsync review` and `generate --review` inline into each <stem>.review.html.
// Runs in `npm run build`, after the type-check of the page's code.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shim = `${root}src/review/app/shims/node-builtins.ts`;

await build({
  absWorkingDir: root,
  entryPoints: ['src/review/app/main.ts'],
  outdir: 'dist/review',
  entryNames: 'app',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'eof',
  alias: { stream: shim, multipipe: shim, split2: shim },
  banner: {
    js: '/*! capsync review page, GPL-3.0-or-later. Bundles wavesurfer.js (BSD-3-Clause, katspaugh), webvtt-parser (CC0), subtitle (MIT), strip-bom (MIT). */',
  },
  logLevel: 'warning',
});
