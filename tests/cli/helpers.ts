/** Helpers for CLI tests: run the built CLI as a user would, and make small media files. */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolveFfmpegPath } from '../../src/media/ffmpegPath.js';

const run = promisify(execFile);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/bin/capsync.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI must be built (`npm test` builds first; in your own runs do `npm run build`). */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
}

export async function capsync(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      timeout: options.timeoutMs ?? 90_000,
      maxBuffer: 64 * 1024 * 1024,
      // No TTY here, so no progress bar; CAPSYNC_DEBUG would add stack traces.
      env: { ...process.env, CAPSYNC_DEBUG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Run the bundled ffmpeg (the one `npm ci` installs) to make a test file. */
export async function ffmpeg(args: string[]): Promise<void> {
  await run(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** Files in a directory (empty when it does not exist), temp files included. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Options that run a child as an unprivileged user, so file permissions hold (root ignores a
 * read-only folder). Null when that user could not even read the CLI here (a clone under a
 * private folder): a test that needs it is then skipped, saying why.
 */
export function unprivileged(): { uid: number; gid: number } | Record<string, never> | null {
  if (process.getuid?.() !== 0) return {};
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CLI)}, require('fs').constants.R_OK)`], { uid: 65534, gid: 65534 });
  return probe.status === 0 ? { uid: 65534, gid: 65534 } : null;
}
