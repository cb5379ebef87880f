/** Helpers for the batch tests: the built CLI, small real inputs, and output checks. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WebVTTParser } from 'webvtt-parser';
import { resolveFfmpegPath } from '../../src/media/ffmpegPath.js';
import type { BatchReport } from '../../src/pipeline/batch/types.js';

const run = promisify(execFile);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/bin/capsync.js');
export const AUDIO = path.join(ROOT, 'tests/fixtures/audio');
export const JFK = path.join(ROOT, 'samples/jfk');
export const TRACKS = path.join(ROOT, 'tests/fixtures/tracks');

/** The batch runs items in the compiled worker: the CLI and dist/ must be built. */
export function assertBuilt(): void {
  for (const f of [CLI, path.join(ROOT, 'dist/src/pipeline/batch/worker.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` before these tests`);
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function capsync(args: string[], timeoutMs = 90_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CAPSYNC_DEBUG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Start the CLI without waiting (for the Ctrl-C test). */
export function spawnCapsync(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, CAPSYNC_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function ffmpeg(args: string[]): Promise<void> {
  await run(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

export async function readReport(out: string): Promise<BatchReport> {
  return JSON.parse(await fs.readFile(path.join(out, 'batch-report.json'), 'utf8')) as BatchReport;
}

export function byName(report: BatchReport): Record<string, BatchReport['items'][number]> {
  return Object.fromEntries(report.items.map((i) => [i.name, i]));
}

/** Every file below `dir`, relative paths, hidden ones included. */
export async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await visit(p);
      else out.push(path.relative(dir, p));
    }
  };
  await visit(dir);
  return out.sort();
}

/** Parse a written WebVTT with the W3C parser: no errors, and its cues. */
export async function parseVtt(file: string): Promise<{ cues: Array<{ startTime: number; endTime: number; text: string }>; errors: unknown[] }> {
  return new WebVTTParser().parse(await fs.readFile(file, 'utf8'), 'subtitles');
}

export async function mtimes(files: readonly string[]): Promise<number[]> {
  return Promise.all(files.map(async (f) => (await fs.stat(f)).mtimeMs));
}
