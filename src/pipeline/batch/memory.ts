/**
 * How many items may run at once. Each running item is a separate process holding its decoded
 * audio (16 kHz Int16: ~1.9 MB per minute), features of the audio and of the synthesized
 * reference, and the alignment's cost windows; its peak is estimated as
 *   300 MB + 60 MB per minute of audio
 * (start-up, eSpeak WASM and the chapter tagger are the fixed part). It is deliberately
 * generous: measured peaks were 160 MB for 2 min, ~200 MB for 5 min (bench/batch.ts, which
 * records them next to this estimate) and 580 MB for 60 min (bench/align.ts), about
 * 150 MB + 7 MB per minute, but the aligner is still being tuned and a batch that overcommits
 * memory fails late and all at once. The pool starts an item only while the
 * estimates of the running items stay under 70% of the memory available when the batch
 * started, and always lets at least one run (a single item too big for the budget runs alone).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { resolveFfmpegPath } from '../../media/ffmpegPath.js';
import { ffmpegInputArgs } from '../../media/ffmpegInput.js';

export const ITEM_BASE_MB = 300;
export const ITEM_MB_PER_AUDIO_MINUTE = 60;
/** Share of the available memory the running items' estimates may take. */
export const MEMORY_BUDGET_SHARE = 0.7;
/** When the header gives no duration, assume this byte rate (128 kbit/s audio): overestimates video, which errs on the safe side. */
const FALLBACK_BYTES_PER_SECOND = 16_000;

export function estimateItemMemoryMb(audioSeconds: number | null): number {
  const minutes = Math.max(0, audioSeconds ?? 0) / 60;
  return Math.round(ITEM_BASE_MB + ITEM_MB_PER_AUDIO_MINUTE * minutes);
}

/** Memory the batch may plan with, MB: 70% of what is available now (cgroup limit respected). */
export function memoryBudgetMb(): number {
  const proc = process as unknown as { availableMemory?: () => number; constrainedMemory?: () => number };
  let available = os.freemem();
  // Node ≥ 20.13 knows the cgroup limit; freemem() alone would see the host's memory in a container.
  if (typeof proc.availableMemory === 'function') available = Math.min(available, proc.availableMemory());
  return Math.floor((available * MEMORY_BUDGET_SHARE) / (1024 * 1024));
}

/**
 * Audio length from the container header: `ffmpeg -i <file>` with no output prints
 * `Duration: HH:MM:SS.ss` after reading the header only (tens of ms even for an hour of video).
 * Falls back to the file size at 128 kbit/s when ffmpeg reports none; null when the file is unreadable.
 */
export async function probeDurationSeconds(file: string): Promise<number | null> {
  const stderr = await new Promise<string>((resolve) => {
    execFile(resolveFfmpegPath(), ['-hide_banner', '-nostdin', ...ffmpegInputArgs(file)], { timeout: 15_000, maxBuffer: 1 << 20 }, (_error, _stdout, err) =>
      resolve(String(err ?? '')),
    );
  });
  const seconds = parseFfmpegDuration(stderr);
  if (seconds !== null) return seconds;
  try {
    const stat = await fs.stat(file);
    return stat.size / FALLBACK_BYTES_PER_SECOND;
  } catch {
    return null;
  }
}

/** `  Duration: 00:05:00.02, start: …` → 300.02; null for `N/A` or no line. */
export function parseFfmpegDuration(stderr: string): number | null {
  const m = stderr.match(/Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/);
  if (!m) return null;
  const s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return Number.isFinite(s) && s > 0 ? s : null;
}

/**
 * Admission rule of the pool: an item may start when fewer than `jobs` run and its estimate fits
 * next to the running ones within the budget, or when nothing runs at all.
 */
export function canStart(running: readonly number[], estimateMb: number, jobs: number, budgetMb: number): boolean {
  if (running.length === 0) return true;
  if (running.length >= jobs) return false;
  return running.reduce((a, b) => a + b, 0) + estimateMb <= budgetMb;
}
