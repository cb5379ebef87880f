import path from 'node:path';
import type { Command } from 'commander';
import { parseDescription } from '../../metadata/parse.js';
import { buildDescription } from '../../metadata/build.js';
import { validateDescriptionMetadata } from '../../metadata/schema.js';
import { resolveDescriptionLinks } from '../../metadata/resolveLinks.js';
import { readDescriptionChaptersFile, readDescriptionFile } from '../../metadata/inputs.js';
import { readVideoInfoFile, withVideoInfo, type VideoInfo } from '../../metadata/videoInfo.js';
import { detectFileKind } from '../../util/fileKind.js';
import { refuseWrongKind } from '../../pipeline/inputs.js';
import { promises as fs } from 'node:fs';
import type { DescriptionMetadata } from '../../metadata/types.js';
import { CapsyncError, isCapsyncError } from '../../util/errors.js';
import { OutputSet } from '../../util/outputSet.js';
import { assertNoOverwrite } from '../../pipeline/inputs.js';

export interface DescribeFlags {
  chapters?: string;
  json?: boolean;
  out?: string;
  resolveLinks?: boolean;
}

export interface DescribeResult {
  metadata: DescriptionMetadata;
  /** What buildDescription changed or shortened (empty without --chapters). */
  notes: string[];
  /** Paths written. */
  files: string[];
}

/** `x.description.txt` → `x`, yt-dlp's `x.description` → `x`, `x.info.json` → `x`, `x.txt` → `x`. */
export function describeStem(file: string): string {
  const base = path.basename(file);
  return base.replace(/\.description(?:\.txt)?$/i, '').replace(/\.info\.json$/i, '').replace(/\.(?:txt|text|md)$/i, '') || base;
}

/** The description text: the file itself, or the description inside a yt-dlp info.json (with its video facts). */
async function readDescribeInput(file: string): Promise<{ text: string; video: VideoInfo | null }> {
  const head = await fs.readFile(file).catch(() => null);
  if (head && detectFileKind(head, file).kind === 'json') {
    const video = await readVideoInfoFile(file);
    if (!video.description || video.description.trim() === '') throw new CapsyncError('DESCRIPTION_EMPTY', `${file} has no description`);
    return { text: video.description, video };
  }
  await refuseWrongKind(file, 'description', () => false);
  return { text: await readDescriptionFile(file), video: null };
}

/** The work behind `capsync describe`, without printing: parse, optionally add chapters, write. */
export async function runDescribe(file: string, flags: DescribeFlags = {}): Promise<DescribeResult> {
  const { text, video } = await readDescribeInput(file);
  let metadata = parseDescription(text);
  if (video) metadata = withVideoInfo(metadata, video);
  metadata = await resolveDescriptionLinks(metadata, { enabled: flags.resolveLinks === true });
  const outDir = flags.out ?? '.';
  const stem = describeStem(file);
  const metadataPath = path.join(outDir, `${stem}.metadata.json`);
  const descriptionPath = path.join(outDir, `${stem}.description.txt`);
  const files: Array<{ path: string; data: string }> = [];
  let notes: string[] = [];
  if (flags.chapters) {
    const chapters = await readDescriptionChaptersFile(flags.chapters);
    const built = buildDescription(text, chapters);
    notes = built.notes;
    metadata = { ...metadata, chapters: chapters.map((c) => ({ start: c.start, title: c.title })) };
    files.push({ path: descriptionPath, data: built.text });
  }
  const check = validateDescriptionMetadata(metadata);
  if (!check.valid) throw new Error(`metadata does not match schemas/metadata.schema.json: ${check.errors.join('; ')}`);
  files.unshift({ path: metadataPath, data: `${JSON.stringify(metadata, null, 2)}\n` });
  const inputs = [
    { path: file, what: 'description' },
    { path: flags.chapters, what: 'chapters file' },
  ];
  let inputIdentities;
  try {
    inputIdentities = await assertNoOverwrite(files.map((f) => f.path), inputs);
  } catch (error) {
    if (isCapsyncError(error) && error.code === 'OUTPUT_OVERWRITES_INPUT') {
      const written = /^writing (.*?) would overwrite the input (description|chapters file)/.exec(error.message);
      throw new CapsyncError('DESCRIBE_OVERWRITE', `writing ${written?.[1] ?? descriptionPath} would overwrite the input ${written?.[2] ?? 'description'}; pass --out <dir>`);
    }
    throw error;
  }
  // Written as a set: both files or neither, one run per stem at a time.
  const set = await OutputSet.open(outDir, stem);
  try {
    await set.commit(files, inputIdentities);
  } finally {
    await set.release();
  }
  return { metadata, notes, files: files.map((f) => f.path) };
}

/** `capsync describe <description.txt>`: description → metadata JSON (+ a description with chapters). */
export function registerDescribe(program: Command): void {
  program
    .command('describe')
    .description('Read a YouTube description: title, date, event, speakers, transcript excerpt, links, hashtags → <stem>.metadata.json; with --chapters also <stem>.description.txt with a chapters block.')
    .argument('<description>', "description text file (UTF-8, or UTF-16 with a BOM; yt-dlp's .description), or yt-dlp's .info.json")
    .option('--chapters <file>', 'chapters to insert: "0:00 Title" lines, or JSON ([{start, title}] or {chapters: [...]})')
    .option('--json', 'print the metadata as JSON instead of a summary')
    .option('--out <dir>', 'directory for the output files', '.')
    .option('--resolve-links', 'follow short links (bit.ly…) over the network to record their targets (off by default)')
    .action(async (file: string, flags: DescribeFlags) => {
      const result = await runDescribe(file, flags);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result.metadata, null, 2)}\n`);
        for (const note of result.notes) process.stderr.write(`capsync describe: ${note}\n`);
      } else {
        process.stdout.write(formatDescribeSummary(result));
      }
    });
}

const clip = (s: string, n: number): string => (Array.from(s).length > n ? `${Array.from(s).slice(0, n - 1).join('')}…` : s);

/** The human summary printed by `capsync describe`. */
export function formatDescribeSummary(result: DescribeResult): string {
  const m = result.metadata;
  const out: string[] = [];
  const row = (name: string, value: string | null | undefined): void => {
    if (value) out.push(`${`${name}:`.padEnd(12)}${value}`);
  };
  row('Title', m.title);
  row('Subtitle', m.subtitle && clip(m.subtitle, 100));
  row('Event', m.event);
  row('Date', m.date && (m.dateText && m.dateText !== m.date ? `${m.date} ("${m.dateText}")` : m.date));
  row('Place', m.place);
  row('Speakers', m.speakers.map((s) => [s.role, s.name].filter(Boolean).join(' — ')).join('; '));
  if (m.transcript) {
    const who = m.transcript.speakerLabel ? ` (${m.transcript.speakerLabel})` : '';
    const more = m.transcript.sourceUrl ? `, continues at ${m.transcript.sourceUrl}` : '';
    row('Transcript', `${m.transcript.wordCount} words${who}${more}`);
  } else row('Transcript', 'no excerpt found');
  out.push(`Links (${m.links.length}):`);
  for (const l of m.links) {
    const target = l.url ?? `${clip(l.raw, 40)} [not a safe URL]`;
    const flags = [l.shortLink ? 'short link' : '', l.problems.filter((p) => p !== 'unsafe-scheme').join(', ')].filter(Boolean).join('; ');
    out.push(
      `  ${l.kind.padEnd(11)}${(l.platform ?? '-').padEnd(12)}${clip(l.label ?? '', 40).padEnd(41)}${clip(target, 70)}${flags ? `  (${flags})` : ''}`,
    );
  }
  if (m.hashtags.length) row('Hashtags', `${m.hashtags.map((h) => (h.shownAboveTitle ? `${h.raw}*` : h.raw)).join(' ')}${m.hashtags.some((h) => h.shownAboveTitle) ? '   (* shown above the title)' : ''}`);
  if (m.mentions.length) row('Mentions', m.mentions.map((x) => x.raw).join(' '));
  row('Size', `${m.length.utf8Bytes} of 5000 bytes, ${m.length.lines} lines`);
  for (const w of m.warnings) out.push(`warning: ${w.message}`);
  if (m.chapters) row('Chapters', `${m.chapters.length} inserted`);
  for (const n of result.notes) out.push(`note: ${n}`);
  out.push(`wrote ${result.files.join(', ')}`);
  return `${out.join('\n')}\n`;
}
