import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A worker thread's compiled script (`name`, e.g. "scoreWorker"): beside this module once built, or
 * in dist/ when running from sources (tests, benchmarks); null when there is none (no build).
 */
export function workerScript(name: string): URL | null {
  for (const candidate of [`./${name}.js`, `../../../dist/src/align/acoustic/${name}.js`]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
