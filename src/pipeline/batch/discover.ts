/**
 * What a batch is made of: the media files of a folder paired with their texts by file stem, or
 * the items a manifest (JSON or CSV) lists with per-item options. A manifest is checked whole
 * before anything runs (a typo should not surface an hour in); a folder item that cannot run
 * (no transcript, two media with one stem) becomes an item with a `problem`, reported as failed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { CapsyncError, isCapsyncError } from '../../util/errors.js';
import { MAX_MANIFEST_BYTES } from '../../util/limits.js';
import { readFileLimited } from '../../util/readLimited.js';
import { stemOf } from '../inputs.js';
import type { BatchItem } from './types.js';
import { reservedItemName } from './paths.js';
import { chooseTimingTrack, mediaStem, pairSiblings } from '../siblings.js';
import { DETECTABLE_LANGUAGES, languageBase, normalizeLanguageTag } from '../../text/index.js';
import { parseVideoInfo } from '../../metadata/index.js';

/** Media a folder batch picks up (lower-case extensions). */
export const BATCH_MEDIA_EXTENSIONS: readonly string[] = ['.mp4', '.mkv', '.webm', '.mov', '.mp3', '.m4a', '.wav', '.ogg'];

/** Default output folder name inside the input folder (or beside the manifest). */
export const DEFAULT_BATCH_OUT = 'capsync-out';

export interface BatchSource {
  kind: 'folder' | 'manifest';
  /** The folder or manifest path as given. */
  input: string;
  items: BatchItem[];
  /** Output folder a manifest names (resolved against the manifest's folder), else null. */
  out: string | null;
  /** Where `<out>` defaults to: `<folder>/capsync-out` or `<manifest dir>/capsync-out`. */
  defaultOut: string;
}

/** What discovery needs to know of the batch's options: the language picks the caption track. */
export interface DiscoveryOptions {
  language?: string;
  /** `null`: use no caption track found beside the media. */
  timingFrom?: string | null;
}

/** Read a folder or a manifest (`.json`, `.csv`). */
export async function loadBatchSource(input: string, options: DiscoveryOptions = {}): Promise<BatchSource> {
  let stat;
  try {
    stat = await fs.stat(input);
  } catch {
    throw new CapsyncError('BATCH_INPUT_NOT_FOUND', `batch input not found: ${input} (give a folder or a manifest .json/.csv)`);
  }
  if (stat.isDirectory()) {
    return { kind: 'folder', input, items: await discoverBatchFolder(input, options), out: null, defaultOut: path.join(input, DEFAULT_BATCH_OUT) };
  }
  const ext = path.extname(input).toLowerCase();
  if (ext !== '.json' && ext !== '.csv') {
    throw new CapsyncError('BATCH_INPUT_KIND', `batch input must be a folder or a manifest ending in .json or .csv: ${input}`);
  }
  let text: string;
  try {
    text = (await readFileLimited(input, MAX_MANIFEST_BYTES, 'manifest')).toString('utf8');
  } catch (error) {
    if (isCapsyncError(error)) throw error;
    throw new CapsyncError('BATCH_INPUT_UNREADABLE', `cannot read the manifest ${input}: ${(error as Error).message}`);
  }
  const manifest = ext === '.json' ? parseBatchManifestJson(text, input) : parseBatchManifestCsv(text, input);
  return { kind: 'manifest', input, ...manifest, defaultOut: path.join(path.dirname(input), DEFAULT_BATCH_OUT) };
}

/**
 * Pair each media file of `folder` (top level only, hidden files ignored) with the files sharing
 * its stem, as `generate` does (pairSiblings): a transcript (`<stem>.transcript.txt`, `.txt`,
 * `.html` …), a description (yt-dlp's `<stem>.description` or `<stem>.description.txt`), yt-dlp's
 * `<stem>.info.json`, and a caption track in the batch's language (`<stem>.en.vtt`, `.srv3`,
 * `.json3`) as the timing track. A description or a caption track alone is enough; with none
 * of them, the item carries a NO_TRANSCRIPT problem.
 */
export async function discoverBatchFolder(folder: string, options: DiscoveryOptions = {}): Promise<BatchItem[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
  const media = names.filter((f) => BATCH_MEDIA_EXTENSIONS.includes(path.extname(f).toLowerCase())).sort();

  // Stems that differ only by case clash too: their output folders are one folder on
  // case-insensitive file systems, and which text belongs to which would be a guess.
  const stemKey = (m: string): string => mediaStem(m).normalize('NFC').toLowerCase();
  const byStem = new Map<string, string[]>();
  for (const m of media) byStem.set(stemKey(m), [...(byStem.get(stemKey(m)) ?? []), m]);

  const items: BatchItem[] = [];
  for (const m of media) {
    const stem = mediaStem(m);
    const item: BatchItem = { name: stem, media: path.join(folder, m) };
    const found = pairSiblings(m, names);
    if (found.transcript) item.transcript = path.join(folder, found.transcript);
    if (found.description) item.description = path.join(folder, found.description);
    if (found.infoJson) item.infoJson = path.join(folder, found.infoJson);
    if (options.timingFrom === undefined && found.tracks.length > 0) {
      const language = options.language ?? (await infoLanguage(item.infoJson)) ?? 'en';
      const track = chooseTimingTrack(found.tracks, normalizeLanguageTag(language) ?? language);
      if (track) item.timingFrom = path.join(folder, track.path);
    }
    const clash = byStem.get(stemKey(m))!;
    const reserved = reservedItemName(stem);
    if (clash.length > 1) {
      // Both would write <out>/<stem>/<stem>.vtt: refuse rather than let one overwrite the other.
      const byCase = new Set(clash.map((c) => mediaStem(c).normalize('NFC'))).size > 1;
      item.problem = {
        code: 'BATCH_STEM_CLASH',
        message: byCase
          ? `media files ${clash.join(', ')} have names that differ only by case; rename one or list them in a manifest with distinct names`
          : `media files ${clash.join(', ')} share the stem "${stem}"; rename one or list them in a manifest with distinct names`,
      };
    } else if (reserved) {
      item.problem = { code: 'BATCH_RESERVED_NAME', message: `${m}: ${reserved}; rename the file or list it in a manifest with another "name"` };
    } else if (!item.transcript && !item.description && !item.timingFrom) {
      item.problem = {
        code: 'NO_TRANSCRIPT',
        message:
          `no transcript for ${m}: expected ${stem}.txt, ${stem}.transcript.txt, ${stem}.html, ${stem}.description ` +
          `(or .description.txt) or a caption track ${stem}.<lang>.vtt beside it`,
      };
    }
    items.push(item);
  }
  return items;
}

/** The language an info.json gives the video, when capsync knows it. */
async function infoLanguage(infoJson: string | undefined): Promise<string | null> {
  if (!infoJson) return null;
  try {
    const language = parseVideoInfo(await fs.readFile(infoJson, 'utf8'), infoJson).language;
    return language && DETECTABLE_LANGUAGES.includes(languageBase(language)) ? language : null;
  } catch {
    return null; // the item reports an unreadable info.json itself
  }
}

// ---------- Manifests ----------

const CAPTION_PROPERTIES = {
  maxLineLength: { type: 'integer', minimum: 10 },
  maxLines: { type: 'integer', minimum: 1 },
  maxCps: { type: 'number', exclusiveMinimum: 0 },
  minDuration: { type: 'number', minimum: 0 },
  maxDuration: { type: 'number', exclusiveMinimum: 0 },
  maxEndExtension: { type: 'number', minimum: 0 },
  minGapFrames: { type: 'number', minimum: 0 },
  fps: { type: 'number', exclusiveMinimum: 0 },
  maxPause: { type: 'number', exclusiveMinimum: 0 },
  speakerStyle: { enum: ['>>', '-', 'voice', 'none'] },
  speakerNames: { type: 'boolean' },
} as const;

const OPTION_PROPERTIES = {
  language: { type: 'string', minLength: 2, maxLength: 40 },
  captions: { type: 'object', additionalProperties: false, properties: CAPTION_PROPERTIES },
  minChapter: { type: 'number', minimum: 0 },
  maxChapters: { type: 'integer', minimum: 1 },
  chapters: { enum: ['auto', 'keep', 'replace'] },
  engine: { enum: ['acoustic', 'dtw'] },
} as const;

const ITEM_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^(?!\\.\\.?$)[^/\\\\]+$' },
    media: { type: 'string', minLength: 1 },
    transcript: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    timingFrom: { type: 'string', minLength: 1 },
    infoJson: { type: 'string', minLength: 1 },
    chaptersFile: { type: 'string', minLength: 1 },
    ...OPTION_PROPERTIES,
  },
  anyOf: [{ required: ['media'] }, { required: ['timingFrom'] }],
} as const;

/** JSON manifest: an array of items, or `{ out?, defaults?, items }`. */
export const BATCH_MANIFEST_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://capsync.invalid/batch-manifest.schema.json',
  title: 'capsync batch manifest',
  oneOf: [
    { type: 'array', items: { $ref: '#/$defs/item' }, minItems: 1 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['items'],
      properties: {
        out: { type: 'string', minLength: 1 },
        defaults: { type: 'object', additionalProperties: false, properties: OPTION_PROPERTIES },
        items: { type: 'array', items: { $ref: '#/$defs/item' }, minItems: 1 },
      },
    },
  ],
  $defs: { item: ITEM_SCHEMA },
} as const;

let validate: ReturnType<Ajv2020['compile']> | null = null;
function manifestValidator(): ReturnType<Ajv2020['compile']> {
  validate ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(BATCH_MANIFEST_SCHEMA);
  return validate;
}

type ManifestItem = Omit<BatchItem, 'name' | 'problem'> & { name?: string };
interface ManifestDoc {
  out?: string;
  defaults?: Pick<BatchItem, 'language' | 'engine' | 'captions' | 'minChapter' | 'maxChapters' | 'chapters'>;
  items: ManifestItem[];
}

/** Check a parsed manifest and turn it into items (paths resolved against the manifest's folder). */
export function batchManifestItems(doc: unknown, manifestPath: string): { items: BatchItem[]; out: string | null } {
  const check = manifestValidator();
  if (!check(doc)) {
    throw new CapsyncError('BATCH_MANIFEST_INVALID', `manifest ${manifestPath} is not valid: ${describeErrors(check.errors ?? [], doc)}`);
  }
  const manifest: ManifestDoc = Array.isArray(doc) ? { items: doc as ManifestItem[] } : (doc as ManifestDoc);
  const base = path.dirname(manifestPath);
  const resolve = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(base, p));
  const defaults = manifest.defaults ?? {};
  const items: BatchItem[] = manifest.items.map((raw) => {
    const item: BatchItem = {
      name: raw.name ?? stemOf(raw.media ?? raw.timingFrom!),
      media: resolve(raw.media),
      transcript: resolve(raw.transcript),
      description: resolve(raw.description),
      timingFrom: resolve(raw.timingFrom ?? undefined),
      infoJson: resolve(raw.infoJson),
      chaptersFile: resolve(raw.chaptersFile),
      language: raw.language ?? defaults.language,
      engine: raw.engine ?? defaults.engine,
      captions: defaults.captions || raw.captions ? { ...defaults.captions, ...raw.captions } : undefined,
      minChapter: raw.minChapter ?? defaults.minChapter,
      maxChapters: raw.maxChapters ?? defaults.maxChapters,
      chapters: raw.chapters ?? defaults.chapters,
    };
    for (const key of Object.keys(item) as Array<keyof BatchItem>) if (item[key] === undefined) delete item[key];
    return item;
  });
  items.forEach((item, i) => {
    if (item.language !== undefined && normalizeLanguageTag(item.language) === null) {
      throw new CapsyncError('BATCH_MANIFEST_INVALID', `manifest ${manifestPath} is not valid: item ${i + 1}: "${item.language}" is not a language code (en, fr, fr-FR …)`);
    }
  });
  // Two items writing one folder would overwrite each other; an item may not take the batch's own names.
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const reserved = reservedItemName(item.name);
    if (reserved) throw new CapsyncError('BATCH_MANIFEST_INVALID', `manifest ${manifestPath}: item ${i + 1}: ${reserved}; give it another "name"`);
    const key = item.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new CapsyncError(
        'BATCH_MANIFEST_DUPLICATE',
        `manifest ${manifestPath}: items ${first + 1} and ${i + 1} would both write to "${item.name}"; give one of them a "name"`,
      );
    }
    seen.set(key, i);
  });
  return { items, out: manifest.out ? path.resolve(base, manifest.out) : null };
}

export function parseBatchManifestJson(text: string, manifestPath: string): { items: BatchItem[]; out: string | null } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CapsyncError('BATCH_MANIFEST_INVALID', `manifest ${manifestPath} is not valid JSON: ${(error as Error).message}`);
  }
  return batchManifestItems(doc, manifestPath);
}

/** CSV columns (header row, case and `-`/`_` insensitive) → manifest item fields. */
const CSV_COLUMNS: Record<string, { field: string; caption?: boolean; type: 'string' | 'number' | 'boolean' }> = {
  name: { field: 'name', type: 'string' },
  media: { field: 'media', type: 'string' },
  transcript: { field: 'transcript', type: 'string' },
  description: { field: 'description', type: 'string' },
  timingfrom: { field: 'timingFrom', type: 'string' },
  infojson: { field: 'infoJson', type: 'string' },
  chaptersfile: { field: 'chaptersFile', type: 'string' },
  language: { field: 'language', type: 'string' },
  engine: { field: 'engine', type: 'string' },
  minchapter: { field: 'minChapter', type: 'number' },
  maxchapters: { field: 'maxChapters', type: 'number' },
  chapters: { field: 'chapters', type: 'string' },
  maxline: { field: 'maxLineLength', caption: true, type: 'number' },
  maxlinelength: { field: 'maxLineLength', caption: true, type: 'number' },
  maxlines: { field: 'maxLines', caption: true, type: 'number' },
  maxcps: { field: 'maxCps', caption: true, type: 'number' },
  fps: { field: 'fps', caption: true, type: 'number' },
  speakerstyle: { field: 'speakerStyle', caption: true, type: 'string' },
  speakernames: { field: 'speakerNames', caption: true, type: 'boolean' },
};

/**
 * CSV manifest: a header row naming columns (`media,transcript,description,timingFrom,language,
 * maxLine,maxCps,speakerStyle,speakerNames,minChapter,maxChapters,chaptersFile,name`), one item
 * per row; empty cells are unset. Rows become JSON items and go through the same schema.
 */
export function parseBatchManifestCsv(text: string, manifestPath: string): { items: BatchItem[]; out: string | null } {
  let rows: string[][];
  try {
    rows = parseCsv(text, { bom: true, skip_empty_lines: true, trim: true, comment: '#', comment_no_infix: true }) as string[][];
  } catch (error) {
    throw new CapsyncError('BATCH_MANIFEST_INVALID', `manifest ${manifestPath} is not valid CSV: ${(error as Error).message}`);
  }
  if (rows.length < 2) throw new CapsyncError('BATCH_MANIFEST_INVALID', `manifest ${manifestPath} needs a header row and at least one item row`);
  const header = rows[0].map((h) => h.toLowerCase().replace(/[-_\s]/g, ''));
  header.forEach((h, i) => {
    if (!CSV_COLUMNS[h]) {
      throw new CapsyncError(
        'BATCH_MANIFEST_INVALID',
        `manifest ${manifestPath}: unknown column "${rows[0][i]}" (known: ${[...new Set(Object.values(CSV_COLUMNS).map((c) => c.field))].join(', ')})`,
      );
    }
  });
  const items = rows.slice(1).map((row, r) => {
    const item: Record<string, unknown> = {};
    const captions: Record<string, unknown> = {};
    row.forEach((cell, i) => {
      if (cell === '' || i >= header.length) return;
      const column = CSV_COLUMNS[header[i]];
      const value = csvValue(cell, column.type, `${manifestPath} row ${r + 2}, column "${rows[0][i]}"`);
      if (column.caption) captions[column.field] = value;
      else item[column.field] = value;
    });
    if (Object.keys(captions).length > 0) item.captions = captions;
    return item;
  });
  return batchManifestItems(items, manifestPath);
}

function csvValue(cell: string, type: 'string' | 'number' | 'boolean', where: string): unknown {
  if (type === 'string') return cell;
  if (type === 'number') {
    const n = Number(cell);
    if (!Number.isFinite(n)) throw new CapsyncError('BATCH_MANIFEST_INVALID', `${where}: "${cell}" is not a number`);
    return n;
  }
  if (/^(true|yes|1)$/i.test(cell)) return true;
  if (/^(false|no|0)$/i.test(cell)) return false;
  throw new CapsyncError('BATCH_MANIFEST_INVALID', `${where}: "${cell}" is not true/false`);
}

/** ajv errors → one readable line ("item 2: unknown field \"langauge\""). */
function describeErrors(errors: readonly ErrorObject[], doc: unknown): string {
  // oneOf reports both branches; keep the errors of the branch the document is shaped like.
  const arrayForm = Array.isArray(doc);
  const relevant = errors.filter(
    (e) =>
      e.keyword !== 'oneOf' &&
      !e.schemaPath.includes('/anyOf/') &&
      !e.schemaPath.startsWith(arrayForm ? '#/oneOf/1' : '#/oneOf/0'),
  );
  const lines = (relevant.length ? relevant : errors).map((e) => {
    const where = e.instancePath.replace(/^(?:\/items)?\/(\d+)/, (_, i: string) => `item ${Number(i) + 1}`).replace(/^\//, '') || 'manifest';
    if (e.keyword === 'additionalProperties') return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'anyOf') return `${where}: needs "media" (or "timingFrom")`;
    if (e.keyword === 'enum') return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    return `${where} ${e.message ?? 'is invalid'}`;
  });
  return [...new Set(lines)].join('; ');
}
