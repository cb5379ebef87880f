/**
 * Where the batch's own files are: the compiled worker script and capsync's version. Both are
 * found from this module's location, so they work from `dist/` and from the TypeScript sources
 * (tests, tsx), where the worker still has to be the compiled one.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CapsyncError } from '../../util/errors.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The batch's own files in `<out>/`: an item may not be named like them. */
export const BATCH_REPORT_FILE = 'batch-report.json';
export const BATCH_LOCK_FILE = '.capsync-batch.lock';
const RESERVED_ITEM_NAMES = new Set([BATCH_REPORT_FILE, BATCH_LOCK_FILE].map((n) => n.toLowerCase()));

/** Why an item name cannot be an output folder of `<out>/`, or null when it can. */
export function reservedItemName(name: string): string | null {
  return RESERVED_ITEM_NAMES.has(name.toLowerCase()) ? `"${name}" is the name of the batch's own ${name.toLowerCase() === BATCH_REPORT_FILE ? 'report' : 'lock file'} in the output folder` : null;
}

/** The folder holding capsync's package.json. */
export function capsyncRoot(): string {
  let dir = HERE;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'capsync') return dir;
      } catch {
        // Not ours; keep walking up.
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new CapsyncError('BATCH_NOT_INSTALLED', `cannot find capsync's package.json above ${HERE}`);
    dir = up;
  }
}

let version: string | null = null;
/** capsync's version: part of every item's hash, so an upgrade redoes the batch. */
export function capsyncVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(capsyncRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** The compiled worker (`dist/src/pipeline/batch/worker.js`). */
export function batchWorkerScript(): string {
  const sibling = path.join(HERE, 'worker.js');
  if (existsSync(sibling)) return sibling;
  const built = path.join(capsyncRoot(), 'dist/src/pipeline/batch/worker.js');
  if (existsSync(built)) return built;
  throw new CapsyncError('BATCH_NOT_BUILT', `the batch worker ${built} is missing: run \`npm run build\` first`);
}
