/**
 * Which files one `generate` run reads and writes: the inputs given, completed by the files
 * found beside the media (yt-dlp's `.description`, `.info.json` and caption tracks, or
 * `talk.txt` …), the language, the output paths, and every input read and checked. Flags always
 * win over what is found; `timingFrom: null` turns a found caption track down.
 */
import path from 'node:path';
import { CapsyncError } from '../util/errors.js';
import type { FileIdentity } from '../util/outputSet.js';
import { DETECTABLE_LANGUAGES, languageBase, normalizeLanguageTag } from '../text/index.js';
import { readVideoInfoFile, type VideoInfo } from '../metadata/index.js';
import { describeTrackRepairs, type TimingTrack } from '../align/track/index.js';
import {
  assertNoOverwrite,
  checkMediaFile,
  checkOutDir,
  loadTranscriptInput,
  readDescriptionInput,
  readTrackFile,
  readUserChapters,
  stemOf,
  type TranscriptInput,
} from './inputs.js';
import { chooseTimingTrack, findSiblings } from './siblings.js';

export interface InputOptions {
  media?: string;
  transcript?: string;
  description?: string;
  /** A caption track; `null` = none, not even one found beside the media. */
  timingFrom?: string | null;
  infoJson?: string;
  chaptersFile?: string;
  /** Look beside the media for the inputs not given (default true). */
  siblings?: boolean;
  outDir?: string;
  language?: string;
  /** Also write the review page (`<stem>.review.html`). */
  review?: boolean;
}

export interface OutputFiles {
  vtt: string;
  srt: string;
  words: string;
  report: string;
  chaptersTxt: string;
  chaptersVtt: string;
  metadata: string;
  /** Only when a description was given or found. */
  description: string | null;
  /** Only with `review`: the review page. */
  review: string | null;
}

/** What a run reads, resolved and read. */
export interface ResolvedInputs {
  language: string;
  outDir: string;
  stem: string;
  files: OutputFiles;
  /** Device and inode of every input, so the output set never removes one. */
  inputIdentities: FileIdentity[];
  /** The paths actually used (given or found). */
  paths: { media?: string; transcript?: string; description?: string; timingFrom?: string; infoJson?: string; chaptersFile?: string };
  /** The inputs that were found beside the media rather than given, as `kind: path`. */
  found: Array<{ role: 'transcript' | 'description' | 'timing track' | 'info.json'; path: string }>;
  descriptionText: string | null;
  /** Where the description text came from (a description file, or the info.json's description). */
  descriptionFrom: string | null;
  track: TimingTrack | null;
  videoInfo: VideoInfo | null;
  userChapters: Array<{ start: number; title: string }> | undefined;
  input: TranscriptInput;
  /** Notes for the report (a found track in another language left out…). */
  notes: string[];
}

/** `--language` in any common form (`fr`, `fr-FR`, `fr_FR`, `fra`, `en-GB`) → capsync's tag, or a CapsyncError. */
export function resolveLanguage(raw: string): string {
  const language = normalizeLanguageTag(raw);
  if (!language) throw new CapsyncError('BAD_LANGUAGE', `--language must be a language code such as "en", "fr" or "fr-FR" (got "${raw}")`);
  return language;
}

function outputFiles(outDir: string, stem: string, withDescription: boolean, withReview = false): OutputFiles {
  const out = (suffix: string): string => path.join(outDir, `${stem}${suffix}`);
  return {
    vtt: out('.vtt'),
    srt: out('.srt'),
    words: out('.words.json'),
    report: out('.report.json'),
    chaptersTxt: out('.chapters.txt'),
    chaptersVtt: out('.chapters.vtt'),
    metadata: out('.metadata.json'),
    description: withDescription ? out('.description.txt') : null,
    review: withReview ? out('.review.html') : null,
  };
}

export async function resolveInputs(options: InputOptions): Promise<ResolvedInputs> {
  if (options.language !== undefined) resolveLanguage(options.language);
  if (!options.media && !options.timingFrom) {
    throw new CapsyncError('NO_MEDIA', 'no media file given (or pass --timing-from <track> to take times from a caption track)');
  }
  if (options.media) await checkMediaFile(options.media);

  const anchorFile = options.media ?? options.transcript ?? options.timingFrom!;
  const outDir = options.outDir ?? path.dirname(anchorFile);
  const stem = stemOf(anchorFile);
  await checkOutDir(outDir);

  // Files beside the media fill in what was not given; capsync's own outputs are never read back.
  const notes: string[] = [];
  const found: ResolvedInputs['found'] = [];
  const siblings =
    options.media && options.siblings !== false
      ? await findSiblings(options.media, Object.values(outputFiles(outDir, stem, true, true)).filter((f): f is string => f !== null))
      : null;
  const take = <T extends string | undefined>(given: T | undefined, sibling: string | undefined, role: ResolvedInputs['found'][number]['role']): string | undefined => {
    if (given !== undefined) return given;
    if (sibling !== undefined) found.push({ role, path: sibling });
    return sibling;
  };
  // An explicit --description with no --transcript means its excerpt is the text: a transcript
  // file beside the media is taken only when neither was given.
  const transcriptPath = take(options.transcript, options.description === undefined ? siblings?.transcript : undefined, 'transcript');
  const descriptionPath = take(options.description, siblings?.description, 'description');
  const infoJsonPath = take(options.infoJson, siblings?.infoJson, 'info.json');
  const videoInfo = infoJsonPath ? await readVideoInfoFile(infoJsonPath) : null;

  // The language: as given, else what YouTube has for the video (when capsync knows it), else English.
  const infoLanguage = videoInfo?.language ? normalizeLanguageTag(videoInfo.language) : null;
  const fromInfo = options.language === undefined && infoLanguage !== null && DETECTABLE_LANGUAGES.includes(languageBase(infoLanguage));
  const language = resolveLanguage(options.language ?? (fromInfo ? infoLanguage! : 'en'));
  if (fromInfo && languageBase(language) !== 'en') notes.push(`language ${language} taken from ${path.basename(infoJsonPath!)}`);

  let timingPath: string | undefined;
  if (options.timingFrom !== undefined) timingPath = options.timingFrom ?? undefined;
  else if (siblings && siblings.tracks.length > 0) {
    const chosen = chooseTimingTrack(siblings.tracks, language);
    if (chosen) {
      timingPath = chosen.path;
      found.push({ role: 'timing track', path: chosen.path });
    } else {
      notes.push(`caption track(s) beside the media not used, none is in ${language}: ${siblings.tracks.map((t) => path.basename(t.path)).join(', ')}`);
    }
  }

  let descriptionText = descriptionPath ? await readDescriptionInput(descriptionPath) : null;
  let descriptionFrom: string | null = descriptionPath ?? null;
  if (descriptionText === null && videoInfo?.description && videoInfo.description.trim() !== '') {
    descriptionText = videoInfo.description;
    descriptionFrom = infoJsonPath!;
  }
  const track = timingPath ? await readTrackFile(timingPath) : null;
  // The reader repaired or dropped backwards, zero-length and overlapping cues: say so.
  const repairNote = track?.repairs ? describeTrackRepairs(track.repairs) : null;
  if (repairNote) notes.push(`timing track ${path.basename(timingPath!)}: ${repairNote}`);
  const userChapters = options.chaptersFile ? await readUserChapters(options.chaptersFile) : undefined;
  const input = await loadTranscriptInput({
    transcript: transcriptPath,
    description: descriptionText !== null ? { path: descriptionFrom!, text: descriptionText } : undefined,
    track: timingPath && track ? { path: timingPath, track } : undefined,
  });

  const files = outputFiles(outDir, stem, descriptionText !== null, options.review === true);
  const inputIdentities = await assertNoOverwrite(
    Object.values(files).filter((f): f is string => f !== null),
    [
      { path: options.media, what: 'media' },
      { path: transcriptPath, what: 'transcript' },
      { path: descriptionPath, what: 'description' },
      { path: timingPath, what: 'timing track' },
      { path: infoJsonPath, what: 'info.json' },
      { path: options.chaptersFile, what: 'chapters file' },
    ],
  );
  return {
    language,
    outDir,
    stem,
    files,
    inputIdentities,
    paths: {
      media: options.media,
      transcript: transcriptPath,
      description: descriptionPath,
      timingFrom: timingPath,
      infoJson: infoJsonPath,
      chaptersFile: options.chaptersFile,
    },
    found,
    descriptionText,
    descriptionFrom,
    track,
    videoInfo,
    userChapters,
    input,
    notes,
  };
}
