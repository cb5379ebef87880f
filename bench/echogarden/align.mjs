#!/usr/bin/env node
// Runs Echogarden 2.10.2's `align` (engine `dtw`, its default settings) on one recording, as the
// peer that capsync's alignment benchmark compares against.
//
//   node bench/echogarden/align.mjs <audio.wav> <transcript.txt> <out.json> [language, default en]
//
// Writes {engine, version, duration, words:[{text,start,end}], subtitlesVtt, settings, alignSeconds}.
//
// Fairness and offline use:
// - Speaker-label lines ("Moderator:") are removed first: Echogarden cannot know they are not spoken.
// - The WAV is decoded here and passed as raw audio. Given a file path, Echogarden would look for
//   ffmpeg and, failing that, download one at run time; raw audio keeps the run fully offline.
// - The `dtw` engine synthesizes its reference with the eSpeak-NG WASM build bundled in the npm
//   package, so nothing else is fetched (checked by running it in a network namespace with no
//   network: see bench/README.md).
import { readFile, writeFile, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Decodes a RIFF/WAVE file (PCM 8/16/24/32-bit or float32) into mono float samples. */
function decodeWav(buf) {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let fmt = null;
  let data = null;
  for (let p = 12; p + 8 <= buf.length; ) {
    const id = buf.toString('ascii', p, p + 4);
    let size = buf.readUInt32LE(p + 4);
    const body = p + 8;
    // Streamed WAVs may carry a placeholder data size; take the rest of the file.
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > buf.length)) size = buf.length - body;
    if (id === 'fmt ') {
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
      if (fmt.format === 0xfffe) fmt.format = buf.readUInt16LE(body + 24); // WAVE_FORMAT_EXTENSIBLE
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
    }
    p = body + size + (size & 1);
  }
  if (!fmt || !data) throw new Error('WAV without fmt or data chunk');
  const bytes = fmt.bits / 8;
  const frames = Math.floor(data.length / (bytes * fmt.channels));
  const out = new Float32Array(frames);
  if (fmt.format === 1 && fmt.bits === 16 && fmt.channels === 1) {
    // Fast path for the corpus's 16 kHz mono s16le.
    const copy = new Int16Array(frames);
    new Uint8Array(copy.buffer).set(data.subarray(0, frames * 2));
    for (let i = 0; i < frames; i++) out[i] = copy[i] / 32768;
    return { audioChannels: [out], sampleRate: fmt.sampleRate };
  }
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < fmt.channels; c++) {
      const o = (i * fmt.channels + c) * bytes;
      let v;
      if (fmt.format === 3 && fmt.bits === 32) v = data.readFloatLE(o);
      else if (fmt.bits === 16) v = data.readInt16LE(o) / 32768;
      else if (fmt.bits === 24) v = data.readIntLE(o, 3) / 8388608;
      else if (fmt.bits === 32) v = data.readInt32LE(o) / 2147483648;
      else if (fmt.bits === 8) v = (data.readUInt8(o) - 128) / 128;
      else throw new Error(`unsupported WAV sample format ${fmt.format}/${fmt.bits}`);
      sum += v;
    }
    out[i] = sum / fmt.channels;
  }
  return { audioChannels: [out], sampleRate: fmt.sampleRate };
}

/**
 * A speaker-label line: a short line ending in a colon, alone on its line ("Moderator:",
 * "NATO Secretary General:", "Q:"). Kept identical to the rule in bench/align.ts.
 */
export function isLabelLine(line) {
  const t = line.trim();
  if (!t.endsWith(':')) return false;
  const words = t.slice(0, -1).trim().split(/\s+/).filter(Boolean);
  return words.length >= 1 && words.length <= 8 && !/[.!?;]/.test(t.slice(0, -1));
}

/** The transcript without label lines, paragraphs still separated by blank lines. */
export function stripLabels(text) {
  const kept = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (isLabelLine(line)) {
      // A label starts a new paragraph for Echogarden's sentence/segment splitting.
      if (kept.length && kept[kept.length - 1] !== '') kept.push('');
      continue;
    }
    kept.push(line.trim());
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

async function main() {
  const [audioPath, transcriptPath, outPath, language = 'en'] = process.argv.slice(2);
  if (!audioPath || !transcriptPath || !outPath) {
    console.error('usage: node align.mjs <audio.wav> <transcript.txt> <out.json> [language]');
    process.exit(2);
  }
  const rawAudio = decodeWav(await readFile(audioPath));
  const duration = rawAudio.audioChannels[0].length / rawAudio.sampleRate;
  const transcript = stripLabels(await readFile(transcriptPath, 'utf8'));

  // Imported here so bench/align.ts can use stripLabels without Echogarden installed.
  const { align, timelineToSubtitles } = await import('echogarden');
  // Echogarden logs each DTW pass ("Starting alignment pass 1/2: granularity: xx-low, max window
  // duration: 720s") to stderr; keep a copy to record the settings it chose automatically.
  let log = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk, ...rest) => {
    log += String(chunk);
    return write(chunk, ...rest);
  };
  const t0 = performance.now();
  // Only engine and language are set; everything else (granularity, window, VAD crop) is
  // Echogarden's own automatic choice for the recording's duration.
  const result = await align(rawAudio, transcript, { engine: 'dtw', language });
  const alignSeconds = (performance.now() - t0) / 1000;

  const passes = [...log.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/alignment pass (\d+)\/(\d+): granularity: ([\w-]+), max window duration: (\d+)s/g)].map(
    (m) => ({ granularity: m[3], windowSeconds: Number(m[4]) }),
  );
  const costMatrixMB = [...log.matchAll(/DTW cost matrix memory size: ([\d.]+)MB/g)].map((m) => Number(m[1]));

  const words = result.wordTimeline
    .filter((e) => e.type === 'word')
    .map((e) => ({ text: e.text, start: e.startTime, end: e.endTime, ...(e.confidence != null ? { confidence: e.confidence } : {}) }));

  // The same call Echogarden's CLI makes for `echogarden align … out.vtt`: sentence cues from
  // the segment timeline with its default subtitle settings.
  const subtitlesVtt = timelineToSubtitles(result.timeline, {
    format: 'webvtt',
    originalText: result.transcript,
    totalDuration: duration,
  });

  const out = {
    engine: 'echogarden',
    version: require('echogarden/package.json').version,
    options: { engine: 'dtw', language },
    passes,
    costMatrixMB,
    duration,
    alignSeconds,
    words,
    subtitlesVtt,
  };
  const tmp = `${outPath}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(out));
  await rename(tmp, outPath);
}

// Run only as a script, so bench/align.ts can import stripLabels for checks.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`echogarden align failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
