import { promises as fs } from 'node:fs';
import ffmpeg from 'fluent-ffmpeg';
import { CapsyncError } from '../util/errors.js';
import { resolveFfmpegPath } from './ffmpegPath.js';
import { FFMPEG_LOCAL_ONLY, ffmpegFileUrl } from './ffmpegInput.js';

/** Sample rate every analysis stage works at. */
export const ANALYSIS_SAMPLE_RATE = 16_000;

export interface DecodedAudio {
  /** Mono PCM at `sampleRate`, as 16-bit integers (half the memory of floats: 115 MB per hour). */
  samples: Int16Array;
  sampleRate: number;
  duration: number;
  /** Video frame rate when the media has a video stream and ffmpeg reported it. */
  frameRate: number | null;
  /** Container duration ffmpeg reported, seconds (may differ slightly from the decoded length). */
  containerDuration: number | null;
}

export interface DecodeOptions {
  /** Called with the fraction of the media decoded so far (0..1). */
  onProgress?: (fraction: number) => void;
}

/**
 * Decode any media ffmpeg reads to 16 kHz mono PCM, streamed through a pipe (no temp files).
 * Failures become CapsyncErrors that name the problem: missing file, no audio stream, corrupt media.
 */
export async function decodeAudio(mediaPath: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  await checkMediaFile(mediaPath);
  ffmpeg.setFfmpegPath(resolveFfmpegPath());

  // PCM lands in one growing buffer, sized from the container's duration once ffmpeg reports it:
  // collecting ffmpeg's 64 KB pieces and joining them at the end held the recording twice (230 MB
  // an hour), and the pieces' memory stayed with the process after they were freed.
  const pcm = new GrowingBytes();
  let byteLength = 0;
  let frameRate: number | null = null;
  let containerDuration: number | null = null;
  const stderrTail: string[] = [];
  let truncationSign: string | null = null;
  let durationEstimated = false;

  await new Promise<void>((resolve, reject) => {
    // A name like "concat:x.mp4" or "http:x.mp4" is a file here, never an ffmpeg protocol.
    const command = ffmpeg(ffmpegFileUrl(mediaPath))
      .inputOptions([...FFMPEG_LOCAL_ONLY])
      .noVideo()
      .audioChannels(1)
      .audioFrequency(ANALYSIS_SAMPLE_RATE)
      .audioCodec('pcm_s16le')
      .format('s16le')
      .on('codecData', (data: { duration?: string; video_details?: string[] | string }) => {
        containerDuration = parseTimestamp(data.duration);
        frameRate = parseFrameRate(data.video_details);
        if (containerDuration) pcm.reserve(Math.ceil(containerDuration * ANALYSIS_SAMPLE_RATE * 1.01) * 2);
      })
      .on('stderr', (line: string) => {
        stderrTail.push(line);
        if (stderrTail.length > 40) stderrTail.shift();
        if (TRUNCATION_RE.test(line)) truncationSign ??= line.trim();
        if (/Estimating duration from bitrate/i.test(line)) durationEstimated = true;
      })
      .on('error', (error: Error) => {
        // fluent-ffmpeg reports "Output stream closed" when ffmpeg's exit is noticed more than
        // 20 ms after its output pipe closed (a known race under load). ffmpeg prints its final
        // stats line only once everything is written, and the pipe has closed, so all is here.
        if (/Output stream closed/.test(error.message) && finishedWriting(stderrTail)) resolve();
        else reject(describeFfmpegFailure(mediaPath, error, stderrTail));
      })
      .on('end', () => resolve());
    const output = command.pipe();
    output.on('data', (chunk: Buffer) => {
      pcm.append(chunk);
      byteLength += chunk.length;
      if (options.onProgress && containerDuration) {
        options.onProgress(Math.min(1, byteLength / 2 / ANALYSIS_SAMPLE_RATE / containerDuration));
      }
    });
  });

  const samples = pcm.samples();
  if (samples.length < ANALYSIS_SAMPLE_RATE / 10) {
    throw new CapsyncError('NO_AUDIO', `${mediaPath}: the audio stream is empty (less than 0.1 s of sound decoded)`);
  }
  const duration = samples.length / ANALYSIS_SAMPLE_RATE;
  const cut = truncationProblem(duration, durationEstimated ? null : containerDuration, truncationSign);
  if (cut) throw new CapsyncError('TRUNCATED_MEDIA', `${mediaPath} ${cut}`);
  return {
    samples,
    sampleRate: ANALYSIS_SAMPLE_RATE,
    duration,
    frameRate,
    containerDuration,
  };
}

/** Bytes appended into one buffer that grows by doubling (or to a size reserved ahead). */
class GrowingBytes {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;

  reserve(size: number): void {
    if (size > this.bytes.length) this.resize(size);
  }

  append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.bytes.length) this.resize(Math.max(this.length + chunk.length, this.bytes.length * 2));
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  }

  /** The bytes as 16-bit samples (a whole number of them; an odd last byte is dropped), in a buffer of their own size. */
  samples(): Int16Array {
    const count = this.length >> 1;
    // A reserve a little over the decoded length is kept as it is (a view); a larger one is copied down.
    if (this.bytes.length <= count * 2 * 1.05 && this.bytes.byteOffset === 0) return new Int16Array(this.bytes.buffer, 0, count);
    return new Int16Array(this.bytes.buffer.slice(0, count * 2));
  }

  private resize(size: number): void {
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** What ffmpeg logs when the file ends before its own header says it does. */
const TRUNCATION_RE = /partial file|truncat|filesize and duration do not match|Read error|moov atom not found|End of file/i;
/** With such a sign, any shortfall beyond this is a cut file, seconds. */
const SIGNED_SHORTFALL_SECONDS = 1;
/** Without one (the audio may end before the video), only a large shortfall is: both must hold. */
const UNSIGNED_SHORTFALL_SECONDS = 5;
const UNSIGNED_SHORTFALL_SHARE = 0.25;

/**
 * A decode that stopped early: the header's duration against what was decoded. Returns the
 * message tail naming the problem, or null. A cut file must be reported as what it is, not as a
 * transcript "not found in the audio".
 */
export function truncationProblem(decodedSeconds: number, containerSeconds: number | null, sign: string | null): string | null {
  if (containerSeconds === null || !(containerSeconds > 0)) return null;
  const shortfall = containerSeconds - decodedSeconds;
  const signed = sign !== null && shortfall > SIGNED_SHORTFALL_SECONDS;
  const large = shortfall > UNSIGNED_SHORTFALL_SECONDS && shortfall > UNSIGNED_SHORTFALL_SHARE * containerSeconds;
  if (!signed && !large) return null;
  const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  return (
    `is cut short: its header says ${clock(containerSeconds)} but the audio ends at ${clock(decodedSeconds)}` +
    `${sign ? ` (ffmpeg: "${sign.replace(/^\[[^\]]*\]\s*/, '').slice(0, 80)}")` : ''}; the file is incomplete (an interrupted download or copy?)`
  );
}

/** Whether ffmpeg's log ends with its final statistics ("video:0kB audio:1100kB … muxing overhead"). */
export function finishedWriting(stderr: readonly string[]): boolean {
  return stderr.some((line) => /\baudio:\s*\d+\S*\s.*muxing overhead/i.test(line));
}

/** The media must be an existing, non-empty file (decoding tells the rest). */
export async function checkMediaFile(mediaPath: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(mediaPath);
  } catch {
    throw new CapsyncError('MEDIA_NOT_FOUND', `media file not found: ${mediaPath}`);
  }
  if (!stat.isFile()) throw new CapsyncError('MEDIA_NOT_FILE', `media path is not a file: ${mediaPath}`);
  if (stat.size === 0) throw new CapsyncError('MEDIA_EMPTY', `media file is empty: ${mediaPath}`);
}

function describeFfmpegFailure(mediaPath: string, error: Error, stderr: string[]): Error {
  const log = stderr.join('\n');
  if (/does not contain any stream|matches no streams|Output file #0 does not contain/i.test(log)) {
    return new CapsyncError('NO_AUDIO_STREAM', `${mediaPath} has no audio stream to align`);
  }
  if (/Invalid data found|moov atom not found|could not find codec parameters|Invalid argument|EBML header parsing failed|Error while decoding/i.test(log)) {
    return new CapsyncError('CORRUPT_MEDIA', `${mediaPath} could not be decoded (corrupt or not a media file)`);
  }
  if (/ENOENT|spawn/.test(error.message)) {
    return new CapsyncError('FFMPEG_MISSING', `could not run ffmpeg (${resolveFfmpegPath()}); reinstall with npm ci or set FFMPEG_PATH`);
  }
  const lastLine = stderr.filter((line) => line.trim()).pop() ?? error.message;
  return new CapsyncError('DECODE_FAILED', `${mediaPath} could not be decoded: ${lastLine.trim()}`);
}

function parseTimestamp(value: string | undefined): number | null {
  const match = value?.match(/^(\d+):(\d+):(\d+(?:\.\d+)?)$/);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function parseFrameRate(details: string[] | string | undefined): number | null {
  const text = Array.isArray(details) ? details.join(', ') : details ?? '';
  const match = text.match(/([\d.]+) fps/) ?? text.match(/([\d.]+) tbr/);
  if (!match) return null;
  const fps = Number(match[1]);
  return Number.isFinite(fps) && fps > 0 && fps < 240 ? fps : null;
}
