/**
 * `generate`: media + transcript → captions, word timings, QA report, chapters and description
 * metadata. Inputs are all read and checked before decoding, every stage runs in memory, and the
 * outputs are written together at the end (temp files + rename), so an error at any point leaves
 * nothing half-written behind.
 */
import path from 'node:path';
import type { Chapter, Cue, TimedWord, TimeSpan, Transcript } from '../types.js';
import { CapsyncError, isCapsyncError } from '../util/errors.js';
import { OutputSet } from '../util/outputSet.js';
import { decodeAudio } from '../media/decode.js';
import { checkTranscriptLanguage, parseTranscript } from '../text/index.js';
import { parseDescription, validateDescriptionMetadata, withVideoInfo, type DescriptionMetadata } from '../metadata/index.js';
import { alignTranscript, defaultEngine, synthesizeReference, type AlignEngine } from '../align/index.js';
import { alignTranscriptToTrack, anchorsFromTrack, trackMismatch, type TimingTrack, type TrackAlignment } from '../align/track/index.js';
import { buildCaptionFiles, captionStats, type CaptionOptions } from '../captions/index.js';
import { chaptersForMetadata, checkYouTubeChapters, findChapters, renderChapterList, renderChaptersVtt } from '../chapters/index.js';
import { resolveInputs, type OutputFiles, type ResolvedInputs } from './resolveInputs.js';
import { fillFromTrack, type TrackMergeStats } from './track.js';
import { planChapters, publishChapters, type ChaptersMode } from './chapterPlan.js';
import {
  countBySource,
  coverageNote,
  lowConfidenceStretches,
  spansOfWords,
  unplacedPassages,
  LOW_CONFIDENCE,
  type GenerateReport,
  type LowConfidenceStretch,
  type NotFoundPassage,
} from './report.js';
import { buildWordsJson } from './wordsJson.js';
import { ms } from './format.js';
import { buildReviewData, loadReviewAssets, loudnessEnvelope, relativeHref, renderReviewPage, type LoudnessEnvelope, type ReviewAssets } from '../review/index.js';

/**
 * A transcript this much denser than the audio cannot be the text of it: fast speech is ~3
 * words/s, so 5 words/s over the whole recording means most of the text cannot be in there.
 */
export const MAX_WORDS_PER_SECOND = 5;
/** Short clips get this many words of allowance on top of the rate. */
const WORD_ALLOWANCE = 10;
/** Audio with no text shorter than this is not worth reporting (breaths, "thank you"). */
const MIN_UNTEXTED_SPEECH = 2;
/** Covered spans closer than this are reported as one. */
const SPAN_JOIN_SECONDS = 30;

export type GenerateStage = 'decode' | 'synthesize' | 'features' | 'locate' | 'refine' | 'retime' | 'track' | 'captions' | 'chapters' | 'write';

export interface GenerateProgress {
  stage: GenerateStage;
  /** 0..1 within the stage. */
  fraction: number;
}

/**
 * Below this share of its spoken words placed, a transcript counts as not found in the audio:
 * `generate` then writes nothing and exits with EXIT_TRANSCRIPT_NOT_FOUND. A partial transcript is
 * all in the audio; an "as prepared" text is mostly; another talk's text hardly at all.
 */
const MIN_PLACED_SHARE = 0.25;
/** Exit code when the transcript is not found in the audio (1 is for other input problems). */
export const EXIT_TRANSCRIPT_NOT_FOUND = 3;

export interface GenerateOptions {
  /** Media file (anything ffmpeg reads). May be omitted only with `timingFrom`: times then come from the track alone. */
  media?: string;
  /** Transcript text file (plain, nato.int labelled, or a description). */
  transcript?: string;
  /** YouTube description; its excerpt is the transcript when `transcript` is not given. */
  description?: string;
  /** Caption track with word or cue times (YouTube auto-captions, SRT, VTT, whisper JSON, words.json); `null`: none, not even one found beside the media. */
  timingFrom?: string | null;
  /** yt-dlp's `<stem>.info.json`: title, upload date, URL and chapters for the metadata. */
  infoJson?: string;
  /** Look beside the media for `<stem>.description`, `.info.json`, `.<lang>.vtt`, `.txt` … for the inputs not given (default true). */
  siblings?: boolean;
  /** Output directory; default: the media's directory (or the transcript's / track's without media). */
  outDir?: string;
  /** Language of the transcript and the speech (default `en`). */
  language?: string;
  /** Alignment engine: `acoustic` (speech model; default for English and French) or `dtw` (eSpeak-NG reference). */
  engine?: AlignEngine;
  /** Caption layout and timing rules; `fps` defaults to the video's frame rate. */
  captions?: Partial<CaptionOptions>;
  /** Shortest chapter in seconds (default 10, YouTube's minimum). */
  minChapter?: number;
  maxChapters?: number;
  /** The user's chapters ("0:00 Title" lines, WebVTT chapters or JSON): titles kept, times snapped to speech. */
  chaptersFile?: string;
  /** Whose chapters: the description's own block (`keep`, the default when it has one) or automatic ones (`replace`, `auto`). */
  chapters?: ChaptersMode;
  /** Also write `<stem>.review.html`, a page to check and correct the outputs in a browser (needs the media). */
  review?: boolean;
  /** Other transcripts' texts (batch runs), so words common to every briefing sink in chapter titles. */
  background?: string[];
  /** No progress and no warnings through the callbacks. */
  quiet?: boolean;
  onProgress?: (progress: GenerateProgress) => void;
  /** Non-fatal notes (also listed in the report's `warnings`). */
  onWarning?: (message: string) => void;
}

export type GenerateFiles = OutputFiles;

/** The machine-readable summary (`capsync generate --json`). */
export interface GenerateSummary {
  media: string | null;
  outDir: string;
  duration: number;
  language: string;
  transcriptFrom: 'transcript' | 'description' | 'track';
  timingFrom: GenerateReport['timingFrom'];
  words: GenerateReport['words'];
  coverage: GenerateReport['coverage'];
  notFound: NotFoundPassage[];
  speechWithoutText: GenerateReport['speechWithoutText'];
  lowConfidence: LowConfidenceStretch[];
  cues: number;
  chapters: number;
  /** Wall time of the whole run, seconds. */
  seconds: number;
  timings: Record<string, number>;
  files: string[];
  /** The input files used; `found` lists those found beside the media rather than given. */
  inputs: ResolvedInputs['paths'] & { found: ResolvedInputs['found'] };
  warnings: string[];
}

export interface GenerateResult {
  files: GenerateFiles;
  summary: GenerateSummary;
  report: GenerateReport;
  transcript: Transcript;
  words: TimedWord[];
  cues: Cue[];
  chapters: Chapter[];
  metadata: DescriptionMetadata;
}

/** The output set a run holds (locked from before decoding until its files are written). */
interface HeldOutputs {
  set: OutputSet | null;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const held: HeldOutputs = { set: null };
  try {
    const result = await runGenerate(options, held);
    await held.set?.release();
    return result;
  } catch (error) {
    await held.set?.release({ failed: true });
    throw error;
  }
}

async function runGenerate(options: GenerateOptions, held: HeldOutputs): Promise<GenerateResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const warnings: string[] = [];
  const progress = (stage: GenerateStage, fraction: number): void => {
    if (!options.quiet) options.onProgress?.({ stage, fraction });
  };
  const warn = (message: string): void => {
    warnings.push(message);
    if (!options.quiet) options.onWarning?.(message);
  };
  // 1. Read and check every input before the expensive work (those not given are looked for beside the media).
  const resolved = await resolveInputs(options);
  const { language, outDir, files, descriptionText, userChapters, input } = resolved;
  const timingFromPath = resolved.paths.timingFrom;
  for (const note of resolved.notes) warn(note);
  if (options.review && !options.media) throw new CapsyncError('REVIEW_NEEDS_MEDIA', '--review needs the media: the review page plays it');
  const reviewAssets: ReviewAssets | null = options.review ? await loadReviewAssets() : null;
  // Lock <stem>.* in the output folder now: proves it writable before any decoding, and keeps a
  // second run from mixing its files into this run's set.
  held.set = await OutputSet.open(outDir, resolved.stem);

  // 2. Transcript: parse, then make sure it is in the language the speech will be matched in.
  const transcript = parseTranscript(input.text, {
    language,
    // A track's text has no speaker labels; a colon in it is speech.
    source: input.from === 'track' ? 'plain' : undefined,
    speakerLabel: input.speakerLabel,
    labels: input.labels,
    path: input.path,
  });
  if (input.from === 'description') {
    transcript.source = 'description';
    transcript.continuesAt = input.continuesAt;
  }
  checkTranscriptLanguage(transcript, language);
  const spokenWords = transcript.words.filter((w) => w.spoken !== '').length;
  // A track that barely matches the transcript (another video's) is not used: its times would
  // pull words to wrong places. Without media it is all there is, so that is an error.
  let track: TimingTrack | null = resolved.track;
  let earlyTrackAlignment: TrackAlignment | null = track ? alignTranscriptToTrack(transcript.words, track) : null;
  const mismatch = earlyTrackAlignment ? trackMismatch(earlyTrackAlignment.stats) : null;
  if (mismatch) {
    if (!options.media) throw new CapsyncError('TRACK_MISMATCH', `the timing track ${timingFromPath} cannot time this transcript: ${mismatch}`);
    warn(`timing track ${timingFromPath} not used: ${mismatch}`);
    track = null;
    earlyTrackAlignment = null;
  }
  timings.read = seconds(started);

  // 3. Audio: decode, check the text can fit, align.
  let t = performance.now();
  let audio: { duration: number; frameRate: number | null; aligned: Awaited<ReturnType<typeof alignTranscript>> } | null = null;
  let envelope: LoudnessEnvelope | null = null;
  if (options.media) {
    let decoded: Awaited<ReturnType<typeof decodeAudio>> | null = null;
    const engine = options.engine ?? defaultEngine(language);
    // The DTW engine's reference is spoken (in worker threads) while ffmpeg decodes the recording.
    const stopSynthesis = new AbortController();
    const reference = engine === 'dtw' ? synthesizeReference(transcript, (f) => progress('synthesize', f), stopSynthesis.signal) : undefined;
    reference?.catch(() => undefined);
    try {
      decoded = await decodeAudio(options.media, { onProgress: (f) => progress('decode', f) });
    } catch (error) {
      stopSynthesis.abort();
      // A track can stand in for audio that is not there (a video-only file).
      if (!(track && isCapsyncError(error) && (error.code === 'NO_AUDIO_STREAM' || error.code === 'NO_AUDIO'))) throw error;
      warn(`${error.message}; word times come from the timing track alone`);
    }
    timings.decode = seconds(t);
    progress('decode', 1);
    if (!decoded) stopSynthesis.abort();
    if (decoded) {
      try {
        checkTextFitsAudio(spokenWords, decoded.duration);
      } catch (error) {
        stopSynthesis.abort();
        throw error;
      }
      // A caption track's reliably matched words pin their blocks for the acoustic search.
      if (track && !earlyTrackAlignment) earlyTrackAlignment = alignTranscriptToTrack(transcript.words, track);
      const anchors = earlyTrackAlignment ? anchorsFromTrack(earlyTrackAlignment) : [];
      if (options.review) envelope = loudnessEnvelope(decoded.samples, decoded.sampleRate);
      // The samples are handed to the aligner, not held here while it runs (an async function keeps
      // its variables while it waits): the acoustic engine takes what it needs of them first, and
      // the PCM (115 MB an hour) is then free through the scoring.
      const media = { duration: decoded.duration, frameRate: decoded.frameRate, sampleRate: decoded.sampleRate };
      let pcm: Int16Array | null = decoded.samples;
      decoded = null;
      const takeSamples = (): Int16Array => {
        const samples = pcm!;
        pcm = null;
        return samples;
      };
      const aligned = await alignTranscript(takeSamples(), media.sampleRate, transcript, {
        onProgress: (p) => progress(p.stage, p.fraction),
        anchors,
        reference,
        engine,
      }).catch((error: unknown) => {
        stopSynthesis.abort();
        throw error;
      });
      for (const [stage, secs] of Object.entries(aligned.timings)) timings[stage] = secs;
      audio = { duration: media.duration, frameRate: media.frameRate, aligned };
    }
  }

  // 4. Timing track: fill what the audio left unplaced, or give every time when there is no audio.
  let words: TimedWord[];
  let trackAlignment: TrackAlignment | null = null;
  let mergeStats: TrackMergeStats | null = null;
  if (track) {
    t = performance.now();
    progress('track', 0);
    trackAlignment = earlyTrackAlignment ?? alignTranscriptToTrack(transcript.words, track);
    if (audio) {
      const merged = fillFromTrack(audio.aligned.words, trackAlignment);
      words = merged.words;
      mergeStats = merged.stats;
    } else {
      words = trackAlignment.timed.map((w) => ({ ...w }));
    }
    timings.track = seconds(t);
    progress('track', 1);
  } else {
    words = audio!.aligned.words;
  }
  const timingFrom: GenerateReport['timingFrom'] = !track ? 'audio' : audio ? 'audio+track' : 'track';
  const lastWordEnd = Math.max(0, ...words.map((w) => w.end ?? 0));
  const duration = audio ? audio.duration : Math.max(lastWordEnd, ...track!.words.map((w) => w.end));

  // Coverage and leftovers, in terms of the final words.
  const filledSpans = spansOfWords(words.filter((w) => w.source === 'track' || w.source === 'interpolated'), SPAN_JOIN_SECONDS);
  const coveredSpans = audio ? mergeSpans([...audio.aligned.coveredSpans, ...filledSpans], SPAN_JOIN_SECONDS) : spansOfWords(words, SPAN_JOIN_SECONDS);
  const untexted = audio
    ? subtractWords(audio.aligned.speechWithoutText, words)
    : trackAlignment
      ? unmatchedTrackSpeech(track!, trackAlignment)
      : [];
  const notFound = unplacedPassages(words, transcript);
  const lowConfidence = lowConfidenceStretches(words, transcript);
  // Failure is not success: a transcript that is not (or hardly) in the audio gets no captions.
  if (audio) {
    const spokenIndices = transcript.words.filter((w) => w.spoken !== '').map((w) => w.index);
    const placedSpoken = spokenIndices.filter((i) => words[i].start !== null).length;
    if (placedSpoken === 0 || placedSpoken < MIN_PLACED_SHARE * spokenIndices.length) {
      throw new CapsyncError(
        'TRANSCRIPT_NOT_FOUND',
        `the transcript was not found in the audio: ${placedSpoken} of ${spokenIndices.length} spoken words placed ` +
          `(at least ${Math.round(MIN_PLACED_SHARE * 100)}% are needed); is it the transcript of this recording, in its language?`,
        EXIT_TRANSCRIPT_NOT_FOUND,
      );
    }
  }

  // 5. Captions.
  t = performance.now();
  progress('captions', 0);
  const captionOptions: Partial<CaptionOptions> = { ...options.captions };
  if (captionOptions.fps === undefined && audio?.frameRate) captionOptions.fps = audio.frameRate;
  const { cues, vtt, srt } = buildCaptionFiles(words, transcript.turns, captionOptions);
  timings.captions = seconds(t);

  // 6. Chapters.
  t = performance.now();
  progress('chapters', 0);
  const speechEnd = Math.max(lastWordEnd, ...coveredSpans.map((s) => s.end), ...untexted.map((s) => s.end));
  // The user's chapters (a file, the description's block, the info.json's) are kept unless asked otherwise.
  const parsedDescription = parseDescription(descriptionText ?? '');
  const chapterPlan = planChapters({
    requested: options.chapters,
    file: userChapters,
    descriptionTimestamps: parsedDescription.timestamps,
    videoChapters: resolved.videoInfo?.chapters,
  });
  for (const note of chapterPlan.notes) warn(note);
  const chapters = duration > 0
    ? findChapters(words, transcript, {
        duration,
        minChapterSeconds: options.minChapter,
        maxChapters: options.maxChapters,
        background: options.background,
        userChapters: chapterPlan.user,
        speechEnd: speechEnd > 0 ? Math.min(duration, speechEnd) : undefined,
      })
    : [];
  const chapterProblems = chapters.length > 0 ? checkYouTubeChapters(chapters, options.minChapter ?? 10) : [];
  for (const problem of chapterProblems) warn(`chapters: ${problem}`);
  timings.chapters = seconds(t);

  // 7. Report, words, metadata, description.
  const report: GenerateReport = {
    version: 1,
    media: options.media ?? null,
    duration: ms(duration),
    language,
    transcriptSource: transcript.source,
    timingFrom,
    words: {
      total: words.length,
      spoken: spokenWords,
      placed: words.filter((w) => w.start !== null).length,
      unplaced: words.filter((w) => w.start === null).length,
      bySource: countBySource(words),
    },
    coverage: {
      spans: coveredSpans,
      coveredSeconds: ms(coveredSpans.reduce((a, s) => a + (s.end - s.start), 0)),
      note: coverageNote(coveredSpans, duration),
    },
    speechWithoutText: untexted.map((s) => ({ start: ms(s.start), end: ms(s.end), duration: ms(s.end - s.start) })),
    notFound,
    lowConfidence,
    lowConfidenceThreshold: LOW_CONFIDENCE,
    timings,
    warnings,
  };
  if (trackAlignment) {
    report.track = {
      file: timingFromPath!,
      format: track!.format,
      precision: track!.precision,
      stats: { ...trackAlignment.stats },
      ...(mergeStats ? { merge: mergeStats } : {}),
    };
  }
  const wordsJson = buildWordsJson(words, transcript, { media: options.media ?? null, duration, language });

  let metadata: DescriptionMetadata = parsedDescription;
  if (resolved.videoInfo) metadata = withVideoInfo(metadata, resolved.videoInfo);
  // Links that would run code or disguise where they go belong in the run's summary, not only in the metadata.
  for (const w of metadata.warnings) if (w.code === 'unsafe-link' || w.code === 'suspicious-link') warn(`description: ${w.message}`);
  const stats = captionStats(cues, undefined, captionOptions);
  metadata = {
    ...metadata,
    chapters: chaptersForMetadata(chapters),
    captions: { ...stats } as unknown as Record<string, unknown>,
    alignment: {
      timingFrom,
      duration: ms(duration),
      wordsTotal: report.words.total,
      wordsPlaced: report.words.placed,
      coveredSpans,
      coverage: report.coverage.note,
      notFoundPassages: notFound.length,
      speechWithoutText: report.speechWithoutText,
    },
  };
  const check = validateDescriptionMetadata(metadata);
  if (!check.valid) throw new Error(`metadata does not match schemas/metadata.schema.json: ${check.errors.join('; ')}`);
  const published = publishChapters(chapterPlan, chapters, descriptionText, { language, problems: chapterProblems, files });
  const newDescription = published.description;
  for (const note of published.notes) warn(note);
  report.chapters = published.report;

  // 8. Write everything at once.
  t = performance.now();
  progress('write', 0);
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  const outputs: Array<{ path: string; data: string }> = [
    { path: files.vtt, data: vtt },
    { path: files.srt, data: srt },
    { path: files.words, data: json(wordsJson) },
    { path: files.chaptersTxt, data: renderChapterList(chapters) },
    { path: files.chaptersVtt, data: renderChaptersVtt(chapters) },
    { path: files.metadata, data: json(metadata) },
  ];
  if (files.description && newDescription !== null) outputs.push({ path: files.description, data: newDescription });
  if (reviewAssets && files.review && options.media) {
    const page = buildReviewData({
      stem: resolved.stem,
      vtt,
      chapters: chaptersForMetadata(chapters),
      words: wordsJson,
      report,
      metadata,
      media: { href: relativeHref(outDir, options.media), name: path.basename(options.media) },
      envelope,
      minChapterSeconds: options.minChapter,
    });
    outputs.push({ path: files.review, data: renderReviewPage(page, reviewAssets) });
  }
  timings.total = seconds(started);
  // The report goes last in the list but is written with the others; its timings stop here.
  outputs.push({ path: files.report, data: json(report) });
  // All or nothing: staged, then committed as a set (a previous run's leftovers removed).
  await held.set.commit(outputs, resolved.inputIdentities);
  timings.write = seconds(t);
  progress('write', 1);

  const summary: GenerateSummary = {
    media: options.media ?? null,
    outDir,
    duration: report.duration,
    language,
    transcriptFrom: input.from,
    timingFrom,
    words: report.words,
    coverage: report.coverage,
    notFound,
    speechWithoutText: report.speechWithoutText,
    lowConfidence,
    cues: cues.length,
    chapters: chapters.length,
    seconds: seconds(started),
    timings,
    files: outputs.map((o) => o.path),
    inputs: { ...resolved.paths, found: resolved.found },
    warnings,
  };
  return { files, summary, report, transcript, words, cues, chapters, metadata };
}

function seconds(since: number): number {
  return Math.round(performance.now() - since) / 1000;
}

/** Refuse a transcript the audio cannot hold (a wrong file, or a short clip of a long event). */
export function checkTextFitsAudio(spokenWords: number, duration: number): void {
  const capacity = Math.floor(duration * MAX_WORDS_PER_SECOND) + WORD_ALLOWANCE;
  if (spokenWords > capacity) {
    throw new CapsyncError(
      'TEXT_TOO_LONG',
      `the transcript has ${spokenWords} words but the audio is only ${duration.toFixed(1)} s long ` +
        `(at most about ${capacity} words fit at ${MAX_WORDS_PER_SECOND} words/s); is it the right transcript for this media?`,
    );
  }
}

/** Union of spans, joining those closer than `gap` seconds. */
export function mergeSpans(spans: readonly TimeSpan[], gap = 0): TimeSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: TimeSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start - last.end < gap + 1e-9) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out.map((s) => ({ start: ms(s.start), end: ms(s.end) }));
}

/** Speech-with-no-text spans minus the time words now cover (track-filled words), remainders ≥ 2 s kept. */
function subtractWords(spans: readonly TimeSpan[], words: readonly TimedWord[]): TimeSpan[] {
  const placed = words.filter((w) => w.start !== null && w.end !== null && (w.source === 'track' || w.source === 'interpolated'));
  if (placed.length === 0) return spans.map((s) => ({ ...s }));
  const covered = mergeSpans(placed.map((w) => ({ start: w.start! - 0.5, end: w.end! + 0.5 })), 1);
  const out: TimeSpan[] = [];
  for (const span of spans) {
    let cursor = span.start;
    for (const c of covered) {
      if (c.end <= cursor || c.start >= span.end) continue;
      if (c.start - cursor >= MIN_UNTEXTED_SPEECH) out.push({ start: cursor, end: c.start });
      cursor = Math.max(cursor, c.end);
    }
    if (span.end - cursor >= MIN_UNTEXTED_SPEECH) out.push({ start: cursor, end: span.end });
  }
  return out;
}

/** Without audio, speech with no text is where the track has words that match no transcript word. */
function unmatchedTrackSpeech(track: TimingTrack, alignment: TrackAlignment): TimeSpan[] {
  const matched = new Set(alignment.matches.map((m) => m.trackIndex));
  const spans: TimeSpan[] = [];
  let run: { start: number; end: number } | null = null;
  const close = () => {
    if (run && run.end - run.start >= MIN_UNTEXTED_SPEECH) spans.push(run);
    run = null;
  };
  track.words.forEach((w, i) => {
    if (matched.has(i)) return close();
    // A pause of several seconds splits a run of unmatched words.
    if (run && w.start - run.end > 5) close();
    if (run) run.end = Math.max(run.end, w.end);
    else run = { start: w.start, end: w.end };
  });
  close();
  return spans;
}
