/**
 * The broadcast chain's last step: the mix is encoded the way a video's audio track is (AAC in
 * MP4, MP3, Opus in Ogg) at 44.1/48 kHz with the ffmpeg binary capsync itself ships, then
 * decoded back to 16 kHz. The decoded audio is cross-correlated with the mix: the truth holds
 * for the encoded file only if no codec delay is left (ffmpeg trims the encoder's priming
 * samples from the container's edit list, LAME tag or Opus pre-skip), so any lag is an error.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './proc.js';
import { readWav } from './wav.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FFMPEG = join(ROOT, 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');

export interface Codec {
  kind: 'wav' | 'aac' | 'mp3' | 'opus';
  kbps: number | null;
}

const EXT: Record<Codec['kind'], string> = { wav: 'wav', aac: 'm4a', mp3: 'mp3', opus: 'ogg' };

function encoderArgs(c: Codec): string[] {
  switch (c.kind) {
    case 'aac':
      return ['-ar', '48000', '-c:a', 'aac', '-b:a', `${c.kbps}k`, '-movflags', '+faststart'];
    case 'mp3':
      return ['-ar', '44100', '-c:a', 'libmp3lame', '-b:a', `${c.kbps}k`];
    case 'opus':
      return ['-ar', '48000', '-c:a', 'libopus', '-b:a', `${c.kbps}k`];
    case 'wav':
      return [];
  }
}

async function ffmpeg(args: string[]): Promise<void> {
  const { code, stderr } = await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  if (code !== 0) throw new Error(`ffmpeg failed (${code}): ${stderr.slice(-800)}`);
}

/** Lag (samples) of `b` against `a` that maximizes their correlation over a speech-rich window, within ±maxLag. */
export function measureLag(a: Float32Array, b: Float32Array, maxLag = 800): number {
  // The window with the most energy among a few candidates, 4 s long.
  const win = 4 * 16000;
  let bestStart = 0;
  let bestEnergy = -1;
  for (let s = maxLag; s + win + maxLag < Math.min(a.length, b.length); s += Math.max(win, Math.floor(a.length / 20))) {
    let e = 0;
    for (let i = s; i < s + win; i += 4) e += a[i] * a[i];
    if (e > bestEnergy) [bestEnergy, bestStart] = [e, s];
  }
  if (bestEnergy <= 0) return 0;
  let best = 0;
  let bestCorr = -Infinity;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let c = 0;
    for (let i = bestStart; i < bestStart + win; i += 2) c += a[i] * b[i + lag];
    if (c > bestCorr) [bestCorr, best] = [c, lag];
  }
  return best;
}

/**
 * Encodes `mixWav` (16 kHz mono) into `<dir>/audio.<ext>` and decodes that to `<dir>/audio.wav`
 * (what a WAV-only engine gets). Returns the media file's name; throws if the codec shifted time.
 */
export async function encodeMedia(mixWav: string, dir: string, codec: Codec): Promise<{ media: string; lagSamples: number }> {
  const wavOut = join(dir, 'audio.wav');
  if (codec.kind === 'wav') {
    renameSync(mixWav, wavOut);
    return { media: 'audio.wav', lagSamples: 0 };
  }
  const media = `audio.${EXT[codec.kind]}`;
  const mediaPath = join(dir, media);
  await ffmpeg(['-i', mixWav, '-ac', '1', ...encoderArgs(codec), mediaPath + '.tmp.' + EXT[codec.kind]]);
  renameSync(mediaPath + '.tmp.' + EXT[codec.kind], mediaPath);
  await ffmpeg(['-i', mediaPath, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', wavOut + '.tmp.wav']);
  const lag = measureLag(readWav(mixWav).samples, readWav(wavOut + '.tmp.wav').samples);
  if (lag !== 0) throw new Error(`${codec.kind} ${codec.kbps} kbit/s shifted the audio by ${lag} samples; the truth would not hold`);
  renameSync(wavOut + '.tmp.wav', wavOut);
  rmSync(mixWav, { force: true });
  return { media, lagSamples: lag };
}

export function mediaExists(dir: string, media: string): boolean {
  return existsSync(join(dir, media)) && existsSync(join(dir, 'audio.wav'));
}
