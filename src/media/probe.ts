/**
 * What the container header says about a media file, read by `ffmpeg -i <file>` with no output
 * (it prints the streams and exits after the header: tens of milliseconds, nothing decoded).
 */
import { execFile } from 'node:child_process';
import { resolveFfmpegPath } from './ffmpegPath.js';
import { ffmpegInputArgs } from './ffmpegInput.js';

/** Give up on a header read after this long (a network mount, a huge broken file). */
const PROBE_TIMEOUT_MS = 15_000;

/** ffmpeg's description of the file's streams (its stderr), or '' when it could not run. */
async function probeHeader(file: string): Promise<string> {
  return new Promise<string>((resolve) => {
    execFile(resolveFfmpegPath(), ['-hide_banner', '-nostdin', ...ffmpegInputArgs(file)], { timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 20 }, (_error, _stdout, stderr) =>
      resolve(String(stderr ?? '')),
    );
  });
}

/** `Stream #0:0: Video: h264 …, 25 fps, 25 tbr` → 25; a still-image "video" (attached picture) does not count. */
export function parseVideoFrameRate(header: string): number | null {
  for (const line of header.split('\n')) {
    if (!/Stream #.*Video:/.test(line) || /attached pic/.test(line)) continue;
    const m = /([\d.]+) fps/.exec(line) ?? /([\d.]+) tbr/.exec(line);
    if (!m) continue;
    const fps = Number(m[1]);
    if (Number.isFinite(fps) && fps > 0 && fps < 240) return fps;
  }
  return null;
}

/** The video frame rate of a media file, or null when it has no video stream or cannot be read. */
export async function probeFrameRate(file: string): Promise<number | null> {
  return parseVideoFrameRate(await probeHeader(file));
}
