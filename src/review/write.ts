/**
 * `capsync review <out-dir | stem>`: read a run's outputs back, decode the media for its
 * loudness overview, and write `<stem>.review.html` beside the outputs.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeAudio } from '../media/decode.js';
import { parseChapterList } from '../chapters/render.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { CapsyncError } from '../util/errors.js';
import { loadReviewAssets } from './assets.js';
import { buildReviewData, relativeHref } from './data.js';
import { loudnessEnvelope } from './envelope.js';
import { renderReviewPage } from './page.js';
import type { ReviewData } from './model/types.js';

/** Output suffixes a user may point at instead of the stem. */
const OUTPUT_SUFFIXES = ['.report.json', '.words.json', '.metadata.json', '.chapters.txt', '.chapters.vtt', '.description.txt', '.review.html', '.vtt', '.srt'];

export interface ReviewOptions {
  /** The media, when it is not where report.json says (relative to the current folder or the outputs). */
  media?: string;
  minChapterSeconds?: number;
  onProgress?: (fraction: number) => void;
}

export interface ReviewResult {
  page: string;
  data: ReviewData;
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}

/** `<dir>/<stem>` of the outputs a target names: a folder with one run's outputs, a stem, or one of the output files. */
export async function resolveOutputPrefix(target: string): Promise<string> {
  if (await isDirectory(target)) {
    const reports = (await fs.readdir(target)).filter((f) => f.endsWith('.report.json')).sort();
    if (reports.length === 0) throw new CapsyncError('REVIEW_INPUT', `no capsync outputs in ${target} (no <stem>.report.json)`);
    if (reports.length > 1) {
      const stems = reports.map((f) => f.slice(0, -'.report.json'.length));
      throw new CapsyncError('REVIEW_INPUT', `${target} holds the outputs of ${reports.length} recordings (${stems.join(', ')}); name one: capsync review ${path.join(target, stems[0])}`);
    }
    return path.join(target, reports[0].slice(0, -'.report.json'.length));
  }
  const suffix = OUTPUT_SUFFIXES.find((s) => target.endsWith(s));
  const prefix = suffix && (await exists(target)) ? target.slice(0, -suffix.length) : target;
  if (!(await exists(`${prefix}.report.json`))) {
    throw new CapsyncError('REVIEW_INPUT', `no capsync outputs at ${target} (looked for ${prefix}.report.json)`);
  }
  return prefix;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CapsyncError('REVIEW_INPUT', code === 'ENOENT' ? `${what} not found: ${file}` : `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readText(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CapsyncError('REVIEW_INPUT', `${what} is not valid JSON: ${file}`);
  }
}

async function readChapters(prefix: string): Promise<Array<{ start: number; title: string }>> {
  for (const suffix of ['.chapters.vtt', '.chapters.txt']) {
    if (await exists(`${prefix}${suffix}`)) return parseChapterList(await readText(`${prefix}${suffix}`, 'chapters'));
  }
  return [];
}

/** The media: --media, else report.json's path (as given to generate: from the current folder, or from the outputs' folder). */
async function findMedia(prefix: string, report: unknown, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (!(await exists(given))) throw new CapsyncError('REVIEW_MEDIA', `media not found: ${given}`);
    return given;
  }
  const recorded = typeof report === 'object' && report !== null && typeof (report as { media?: unknown }).media === 'string' ? (report as { media: string }).media : null;
  if (recorded === null) throw new CapsyncError('REVIEW_MEDIA', 'these outputs were made without media (from a timing track); pass the recording with --media <file>');
  const dir = path.dirname(prefix);
  for (const candidate of [recorded, path.join(dir, recorded), path.join(dir, path.basename(recorded))]) {
    if (await exists(candidate)) return candidate;
  }
  throw new CapsyncError('REVIEW_MEDIA', `cannot find the media "${recorded}" that report.json names; pass it with --media <file>`);
}

export async function writeReviewPage(target: string, options: ReviewOptions = {}): Promise<ReviewResult> {
  const prefix = await resolveOutputPrefix(target);
  const dir = path.dirname(prefix);
  const stem = path.basename(prefix);
  const assets = await loadReviewAssets();
  const report = await readJson(`${prefix}.report.json`, 'report.json');
  const words = await readJson(`${prefix}.words.json`, 'words.json');
  const vtt = await readText(`${prefix}.vtt`, 'captions');
  const metadata = (await exists(`${prefix}.metadata.json`)) ? await readJson(`${prefix}.metadata.json`, 'metadata.json') : null;
  const chapters = await readChapters(prefix);
  const media = await findMedia(prefix, report, options.media);
  const decoded = await decodeAudio(media, { onProgress: options.onProgress });
  const data = buildReviewData({
    stem,
    vtt,
    chapters,
    words,
    report,
    metadata,
    media: { href: relativeHref(dir, media), name: path.basename(media) },
    envelope: loudnessEnvelope(decoded.samples, decoded.sampleRate),
    minChapterSeconds: options.minChapterSeconds,
  });
  const page = `${prefix}.review.html`;
  try {
    await writeFileAtomic(page, renderReviewPage(data, assets));
  } catch (error) {
    throw new CapsyncError('OUTPUT_WRITE', `cannot write ${page}: ${(error as Error).message}`);
  }
  return { page, data };
}
