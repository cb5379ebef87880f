/**
 * How a file name reaches ffmpeg. ffmpeg reads `concat:a|b`, `tcp://…`, `http:…`, `pipe:` and
 * dozens of other protocol prefixes in its input argument, so a file named `concat:real.mp4`
 * would caption a different file and one named `http:x.mp4` would go on the network. Every input
 * is therefore given as an absolute `file:` URL with the protocol whitelist reduced to `file`
 * (which also holds for anything the file itself points to, such as a playlist's entries).
 */
import path from 'node:path';

/** ffmpeg's input argument for a local file, whatever its name looks like. */
export function ffmpegFileUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

/** Input options that keep ffmpeg to local files. */
export const FFMPEG_LOCAL_ONLY: readonly string[] = ['-protocol_whitelist', 'file'];

/** `-i` and what precedes it, for a command line that reads `file`. */
export function ffmpegInputArgs(file: string): string[] {
  return [...FFMPEG_LOCAL_ONLY, '-i', ffmpegFileUrl(file)];
}
