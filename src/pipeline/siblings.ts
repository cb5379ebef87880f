/**
 * The files that belong with a media file, found by its stem: what yt-dlp writes beside a
 * download (`Title [id].description`, `.info.json`, `.en.vtt`/`.en.srv3`/`.en.json3` captions)
 * and capsync's own convention (`talk.txt`, `talk.transcript.txt`, `talk.description.txt`, a
 * saved page `talk.html`). `generate <media>` and `batch <folder>` pair inputs the same way,
 * through `pairSiblings`.
 *
 * Names are compared after Unicode NFC normalization (a folder copied from macOS spells "é" as
 * two code points) and, failing an exact match, case-insensitively.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { languageBase, normalizeLanguageTag } from '../text/index.js';

/** Caption formats a timing track may come in, best first (word-timed formats before cue-timed ones). */
const TRACK_EXTENSIONS = ['json3', 'srv3', 'vtt', 'srv1', 'srv2', 'ttml', 'srt'] as const;
/** Transcript files, in order of preference. */
const TRANSCRIPT_SUFFIXES = ['.transcript.txt', '.txt', '.transcript.html', '.transcript.htm', '.html', '.htm', '.mhtml', '.mht'];
/** Description files: yt-dlp's `.description` first (a `.description.txt` may be what capsync wrote). */
const DESCRIPTION_SUFFIXES = ['.description', '.description.txt'];

export interface SiblingTrack {
  path: string;
  /** The language part of the name as written (`en`, `en-orig`, `fr-FR`). */
  tag: string;
  /** Normalized (`en`, `fr`); null when the name's language part is not a language tag. */
  language: string | null;
  format: (typeof TRACK_EXTENSIONS)[number];
  /** yt-dlp's `-orig`: the speech recognized in its own language, not a translation. */
  original: boolean;
}

export interface Siblings {
  transcript?: string;
  description?: string;
  infoJson?: string;
  /** Caption tracks `<stem>.<lang>.<ext>`, in directory order. */
  tracks: SiblingTrack[];
}

/** The media's stem: its name without the extension ("Title [id].mp4" → "Title [id]"). */
export function mediaStem(file: string): string {
  const base = path.basename(file);
  const ext = path.extname(base);
  return ext && ext !== base ? base.slice(0, -ext.length) : base;
}

function nfc(s: string): string {
  return s.normalize('NFC');
}

/**
 * Pair a media file with the other names of its folder. `names` are bare file names; the result
 * holds names too (join them with the folder). `exclude` names are never taken (capsync's own
 * outputs, which would otherwise be read back as inputs).
 */
export function pairSiblings(mediaName: string, names: readonly string[], exclude: ReadonlySet<string> = new Set()): Siblings {
  const stem = nfc(mediaStem(mediaName));
  const usable = names.filter((n) => n !== mediaName && !exclude.has(n));
  const exact = new Map(usable.map((n) => [nfc(n), n]));
  const folded = new Map<string, string>();
  for (const n of usable) if (!folded.has(nfc(n).toLowerCase())) folded.set(nfc(n).toLowerCase(), n);
  const find = (suffix: string): string | undefined => exact.get(stem + suffix) ?? folded.get(`${stem}${suffix}`.toLowerCase());

  const siblings: Siblings = { tracks: [] };
  for (const suffix of TRANSCRIPT_SUFFIXES) {
    const hit = find(suffix);
    if (hit) {
      siblings.transcript = hit;
      break;
    }
  }
  for (const suffix of DESCRIPTION_SUFFIXES) {
    const hit = find(suffix);
    if (hit) {
      siblings.description = hit;
      break;
    }
  }
  siblings.infoJson = find('.info.json');

  const prefix = `${stem}.`.toLowerCase();
  for (const n of usable) {
    const name = nfc(n);
    if (!name.toLowerCase().startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const m = /^([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\.([a-z0-9]+)$/i.exec(rest);
    if (!m) continue;
    const format = m[2].toLowerCase() as SiblingTrack['format'];
    if (!TRACK_EXTENSIONS.includes(format)) continue;
    const tag = m[1];
    siblings.tracks.push({ path: n, tag, language: normalizeLanguageTag(tag.replace(/[-_]orig$/i, '')), format, original: /[-_]orig$/i.test(tag) });
  }
  return siblings;
}

/**
 * The caption track to time from, for a transcript in `language`: only a track in that language
 * (an `.en.vtt` beside a French talk is a machine translation), the recognized original (`-orig`)
 * first, then the plain tag, then regional variants; word-timed formats before cue-timed ones.
 */
export function chooseTimingTrack(tracks: readonly SiblingTrack[], language: string): SiblingTrack | null {
  const want = languageBase(language);
  const candidates = tracks.filter((t) => t.language !== null && languageBase(t.language) === want);
  const rank = (t: SiblingTrack): number =>
    (t.original ? 0 : t.tag.toLowerCase() === want ? 10 : 20) + TRACK_EXTENSIONS.indexOf(t.format);
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** The siblings of a media file on disk (full paths). */
export async function findSiblings(media: string, exclude: readonly string[] = []): Promise<Siblings> {
  const dir = path.dirname(media);
  let names: string[];
  try {
    names = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch {
    return { tracks: [] };
  }
  const excluded = new Set(exclude.filter((f) => path.resolve(path.dirname(f)) === path.resolve(dir)).map((f) => path.basename(f)));
  const found = pairSiblings(path.basename(media), names, excluded);
  const full = (n: string | undefined): string | undefined => (n === undefined ? undefined : path.join(dir, n));
  return {
    transcript: full(found.transcript),
    description: full(found.description),
    infoJson: full(found.infoJson),
    tracks: found.tracks.map((t) => ({ ...t, path: path.join(dir, t.path) })),
  };
}
