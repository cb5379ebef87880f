/** The review page's bundled script and styles, built into dist/review/ by `npm run build`. */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CapsyncError } from '../util/errors.js';
import type { ReviewAssets } from './page.js';

/** The package root: the nearest folder above this module (in src/ or dist/src/) with capsync's package.json. */
function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'capsync') return dir;
    } catch {
      // no package.json here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export async function loadReviewAssets(): Promise<ReviewAssets> {
  const dir = path.join(packageRoot() ?? '.', 'dist', 'review');
  try {
    const [script, style] = await Promise.all([fs.readFile(path.join(dir, 'app.js'), 'utf8'), fs.readFile(path.join(dir, 'app.css'), 'utf8')]);
    return { script, style };
  } catch {
    throw new CapsyncError('REVIEW_ASSETS', `the review page's script is missing from ${dir}; run "npm run build"`);
  }
}
