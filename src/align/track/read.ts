/**
 * Read a timed caption track of any supported format into words with times. The format is
 * recognized from the content (the file name only breaks ties and names the file in errors).
 */
import path from 'node:path';
import { CapsyncError } from '../../util/errors.js';
import { detectJsonTrack, readJson3, readWhisperJson, readWordsJson } from './readers/json.js';
import { hasInlineTimestamps, readCueSubtitles, readYoutubeVtt } from './readers/subtitles.js';
import { readSrv1, readSrv3 } from './readers/xml.js';
import type { TimingTrack, TrackFormat } from './types.js';
import { repairTrack } from './validate.js';

const SUPPORTED = 'YouTube WebVTT/srv3/json3, WebVTT, SRT, whisper-style JSON or capsync words.json';

/** The track's format judged from its content, or null when it is not a track. */
export function detectTrackFormat(content: string, hint?: string): TrackFormat | null {
  const text = content.replace(/^\uFEFF/, '').trimStart();
  if (!text) return null;
  if (/^WEBVTT/.test(text)) return hasInlineTimestamps(text) ? 'youtube-vtt' : 'vtt';
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return detectJsonTrack(JSON.parse(text));
    } catch {
      return null;
    }
  }
  if (text.startsWith('<')) {
    if (/<timedtext\b[^>]*format\s*=\s*["']3["']/.test(text) || /<p\b[^>]*\bt\s*=/.test(text)) return 'srv3';
    if (/<text\b[^>]*\b(start|t)\s*=/.test(text)) return 'srv1';
    return null;
  }
  if (/^\s*\d+\s*\n\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->/m.test(text.replace(/\r/g, ''))) return 'srt';
  // A WebVTT file missing its header still has cue timings with a dot.
  if (/(?<![\d:])(?:\d+:)?\d{2}:\d{2}\.\d{3}\s*-->/.test(text)) return hint && /\.srt$/i.test(hint) ? 'srt' : 'vtt';
  return null;
}

/**
 * Parse a caption track. `hint` is the file name, used in error messages.
 * Throws CapsyncError TRACK_UNREADABLE when the content is no supported track, TRACK_EMPTY when
 * it has no timed words.
 */
export function readTimingTrack(content: string, hint?: string): TimingTrack {
  const label = hint ? path.basename(hint) : 'timing track';
  const text = content.replace(/^\uFEFF/, '');
  const format = detectTrackFormat(text, hint);
  if (!format) {
    const why = !text.trim() ? 'the file is empty' : text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? 'it is JSON but not a known caption layout' : 'its format was not recognized';
    throw new CapsyncError('TRACK_UNREADABLE', `${label}: cannot read this timing track (${why}). Supported: ${SUPPORTED}.`);
  }
  let track: TimingTrack;
  switch (format) {
    case 'youtube-vtt':
      track = readYoutubeVtt(text, label);
      break;
    case 'vtt':
    case 'srt':
      track = readCueSubtitles(/^\s*WEBVTT/.test(text) || format === 'srt' ? text : `WEBVTT\n\n${text}`, label, format);
      break;
    case 'srv3':
      track = readSrv3(text, label);
      break;
    case 'srv1':
      track = readSrv1(text, label);
      break;
    default: {
      const data = JSON.parse(text.trim()) as unknown;
      track = format === 'json3' ? readJson3(data as Record<string, unknown>, label) : format === 'whisper-json' ? readWhisperJson(data, label) : readWordsJson(data, label);
    }
  }
  if (!track.words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the ${format} track has no timed words.`);
  // Backwards, zero-length and overlapping cues are repaired or dropped here, and counted.
  const repaired = repairTrack(track);
  if (!repaired.track.words.length) throw new CapsyncError('TRACK_EMPTY', `${label}: the ${format} track has no usable timed words (its cues run backwards or last no time).`);
  return { ...repaired.track, repairs: repaired.repairs };
}
