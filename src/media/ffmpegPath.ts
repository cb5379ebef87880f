import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);

/**
 * Which ffmpeg to run: `FFMPEG_PATH` when the user sets it, else the static binary that the
 * `@ffmpeg-installer/ffmpeg` npm package ships (so `npm ci` is all a machine needs), else `ffmpeg`
 * from PATH.
 */
export function resolveFfmpegPath(): string {
  const fromEnv = process.env.FFMPEG_PATH;
  if (fromEnv) return fromEnv;
  try {
    const installer = require('@ffmpeg-installer/ffmpeg') as { path?: string };
    if (installer.path && existsSync(installer.path)) return installer.path;
  } catch {
    // Platform without a bundled binary: fall through to the system one.
  }
  return 'ffmpeg';
}
