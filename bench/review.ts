/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Review page benchmark (issue 17): on the bundled sample and on a 60-minute recording,
 *  - how long the page takes to open from a cold start of the browser (Debian's Chromium, a fresh
 *    profile each run): launch, then navigation until the page's script says it is ready;
 *  - whether every doubtful spot of report.json is in the page's queue;
 *  - whether a round trip of edits (text, times, split, merge, a chapter renamed and one added)
 *    exports files that pass the W3C WebVTT parser, `capsync lint` and YouTube's chapter rules;
 *  - what the page costs: its size, and the time `generate --review` and `capsync review` take.
 *
 *   npm run build && npx tsx bench/review.ts [--runs 3] [--only sample|long] [--write]
 *
 * The 60-minute recording is built once into bench/.cache/review-60min/ with the bundled ffmpeg:
 * the sample and the four audio fixtures of tests/fixtures/audio in turn (the sample every other
 * time with its "as prepared" transcript, tests/fixtures/review/briefing.prepared.txt, so there
 * are passages not found), over a 320x180 still video, with their transcripts one after another.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import webvtt from 'webvtt-parser';
import { lintCaptions } from '../src/captions/lint.js';
import { checkYouTubeChapters, parseChapterList } from '../src/chapters/render.js';
import { resolveFfmpegPath } from '../src/media/ffmpegPath.js';
import { rewrapLines } from '../src/review/model/edits.js';
import type { ReviewData } from '../src/review/model/types.js';
import { launchBrowser } from '../tests/review/browser.js';
import type { Page } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/bin/capsync.js');
const CACHE = join(ROOT, 'bench/.cache/review-60min');
const FIXTURES = join(ROOT, 'tests/fixtures/audio');

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(args.runs));

interface Unit {
  media: string;
  transcript: string;
}

const UNITS: Unit[] = [
  { media: join(ROOT, 'samples/briefing/briefing.mp4'), transcript: join(ROOT, 'samples/briefing/briefing.transcript.txt') },
  { media: join(FIXTURES, 'kal-pauses.m4a'), transcript: join(FIXTURES, 'kal-pauses.txt') },
  { media: join(FIXTURES, 'ked-applause-missing.m4a'), transcript: join(FIXTURES, 'ked-applause-missing.txt') },
  { media: join(FIXTURES, 'rms-numbers.ogg'), transcript: join(FIXTURES, 'rms-numbers.txt') },
  { media: join(FIXTURES, 'slt-ked-turns.ogg'), transcript: join(FIXTURES, 'slt-ked-turns.txt') },
];
const PREPARED = join(ROOT, 'tests/fixtures/review/briefing.prepared.txt');
const TARGET_SECONDS = 3600;

function ffmpeg(argv: string[]): void {
  execFileSync(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...argv], { stdio: 'inherit' });
}

function durationOf(file: string): number {
  const out = execFileSync(resolveFfmpegPath(), ['-hide_banner', '-i', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  return parseDuration(out);
}

function parseDuration(log: string): number {
  const m = /Duration: (\d+):(\d+):(\d+\.\d+)/u.exec(log);
  if (!m) throw new Error('no duration');
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

function probe(file: string): number {
  try {
    return durationOf(file);
  } catch (error) {
    // ffmpeg -i with no output exits 1 but prints the duration on stderr.
    return parseDuration(String((error as { stderr?: Buffer }).stderr ?? ''));
  }
}

/** The 60-minute recording and its transcript (built once). */
function buildLong(): { media: string; transcript: string } {
  const media = join(CACHE, 'long.mp4');
  const transcript = join(CACHE, 'long.transcript.txt');
  if (existsSync(media) && existsSync(transcript)) return { media, transcript };
  mkdirSync(join(CACHE, 'parts'), { recursive: true });
  const parts: string[] = [];
  const texts: string[] = [];
  let total = 0;
  for (let k = 0; total < TARGET_SECONDS; k++) {
    const unit = UNITS[k % UNITS.length];
    const wav = join(CACHE, 'parts', `${k % UNITS.length}.wav`);
    if (!existsSync(wav)) ffmpeg(['-i', unit.media, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', wav]);
    parts.push(wav);
    const prepared = k % UNITS.length === 0 && Math.floor(k / UNITS.length) % 2 === 1;
    texts.push(readFileSync(prepared ? PREPARED : unit.transcript, 'utf8').trim());
    total += probe(wav);
  }
  const list = join(CACHE, 'parts.txt');
  writeFileSync(list, parts.map((p) => `file '${p}'`).join('\n'));
  const audio = join(CACHE, 'long.wav');
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', audio]);
  ffmpeg([
    '-f', 'lavfi', '-i', 'color=c=0x003399:s=320x180:r=25', '-i', audio, '-shortest',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'stillimage', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', media,
  ]);
  writeFileSync(transcript, `${texts.join('\n\n')}\n`);
  return { media, transcript };
}

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

function capsync(argv: string[]): void {
  execFileSync(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'ignore', 'inherit'] });
}

interface Report {
  notFound?: unknown[];
  lowConfidence?: unknown[];
  speechWithoutText?: unknown[];
  warnings?: string[];
  chapters?: { moved?: unknown[] };
  duration: number;
}

function reportSpotIds(report: Report): string[] {
  return [
    ...(report.notFound ?? []).map((_, i) => `not-found:${i}`),
    ...(report.lowConfidence ?? []).map((_, i) => `low-confidence:${i}`),
    ...(report.speechWithoutText ?? []).map((_, i) => `speech-without-text:${i}`),
    ...(report.warnings ?? []).map((w, i) => `${w.startsWith('chapters:') ? 'chapters' : 'note'}:${i}`),
    ...(report.chapters?.moved ?? []).map((_, i) => `chapter-moved:${i}`),
  ];
}

interface ColdOpen {
  launchMs: number;
  /** From page.goto() to the page's ready flag (everything built and painted). */
  openMs: number;
  /** The page's own clock at ready (from navigation start). */
  pageReadyMs: number;
  /** CPU time of the page's main thread until ready (Chromium's TaskDuration): what the page itself costs, whatever else the machine runs. */
  mainThreadMs: number;
  /** The page's clock when capsync's checks (lint of every cue) were done, right after ready. */
  checkedMs: number;
  load: number;
}

async function coldOpen(page: string): Promise<ColdOpen> {
  const t0 = performance.now();
  const browser = await launchBrowser();
  const launchMs = performance.now() - t0;
  try {
    const tab = browser.context.pages()[0] ?? (await browser.context.newPage());
    const cdp = await browser.context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const load = loadavg()[0];
    const t1 = performance.now();
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'commit' });
    await tab.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000, polling: 20 });
    const openMs = performance.now() - t1;
    const { metrics } = await cdp.send('Performance.getMetrics');
    const mainThreadMs = 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
    const pageReadyMs = await tab.evaluate(() => (window as unknown as { capsyncReview: { readyMs: number } }).capsyncReview.readyMs);
    await tab.waitForFunction(() => document.documentElement.dataset.checked === 'true', null, { timeout: 60_000 });
    const checkedMs = await tab.evaluate(() => performance.getEntriesByName('capsync:checked')[0]?.startTime ?? NaN);
    return { launchMs, openMs, pageReadyMs, mainThreadMs, checkedMs, load };
  } finally {
    await browser.close();
  }
}

interface RoundTrip {
  edits: number;
  vttErrors: number;
  parserErrors: number;
  srtErrors: number;
  chapterProblems: string[];
  cuesBefore: number;
  cuesAfter: number;
  editedTextFound: boolean;
}

/** Edits through the page's own controls, then the three downloads, each checked. */
async function roundTrip(page: Page, data: ReviewData): Promise<RoundTrip> {
  const cues = data.cues;
  const middle = Math.floor(cues.length / 2);
  const select = async (n: number): Promise<void> => {
    await page.click('#tab-cues');
    await page.click(`#cue-list li:nth-child(${n + 1}) button`);
  };
  // 1. New text and a later end for the middle cue.
  await select(middle);
  const newText = 'Reviewed text for this cue';
  await page.fill('#cue-text', newText);
  const end = Math.min(cues[middle].end + 0.2, cues[middle + 1].start - data.limits.gapMs / 1000);
  await page.fill('#cue-end', String(end.toFixed(3)));
  await page.press('#cue-end', 'Enter');
  // 2. Split a two-line cue at its line break.
  const twoLines = cues.findIndex((c, i) => i > middle + 2 && c.lines.length === 2);
  await select(twoLines);
  await page.focus('#cue-text');
  await page.evaluate((at) => (document.getElementById('cue-text') as HTMLTextAreaElement).setSelectionRange(at, at), cues[twoLines].lines[0].length);
  await page.click('#cue-split');
  // 3. Merge two short neighbours (whose text fits one cue) further on.
  const pair = cues.findIndex(
    (c, i) => i > twoLines + 2 && i + 1 < cues.length && rewrapLines([...c.lines, ...cues[i + 1].lines].join(' '), data.limits) !== null && cues[i + 1].end - c.start < 6,
  );
  await select(pair + 1); // one cue more before it now (the split)
  await page.click('#cue-merge');
  // 4. Rename the second chapter, add one at 0:30 past the last.
  await page.click('#tab-chapters');
  await page.fill('#chapter-list li:nth-child(2) input.title', 'Renamed in review');
  await page.press('#chapter-list li:nth-child(2) input.title', 'Enter');
  const last = data.chapters[data.chapters.length - 1];
  if (last && data.duration - last.start > 40) {
    await page.evaluate((t) => {
      const media = document.getElementById('media') as HTMLVideoElement;
      media.currentTime = t;
    }, last.start + 20);
    await page.waitForFunction((t) => Math.abs((document.getElementById('media') as HTMLVideoElement).currentTime - t) < 0.5, last.start + 20);
    await page.click('#chapter-add');
  }
  await page.click('#tab-export');
  const download = async (button: string): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return fs.readFile((await file.path())!, 'utf8');
  };
  const vtt = await download('#export-vtt');
  const srt = await download('#export-srt');
  const chaptersTxt = await download('#export-chapters');
  const parsed = new webvtt.WebVTTParser().parse(vtt, 'subtitles');
  const chapters = parseChapterList(chaptersTxt);
  const edits = Number(/^(\d+) edit/u.exec((await page.textContent('#edit-status')) ?? '')?.[1] ?? 0);
  return {
    edits,
    vttErrors: lintCaptions(vtt).errors,
    parserErrors: parsed.errors.length,
    srtErrors: lintCaptions(srt).errors,
    chapterProblems: checkYouTubeChapters(
      chapters.map((c, i) => ({ ...c, end: chapters[i + 1]?.start ?? data.duration, firstWord: null, lastWord: null, kind: 'user' as const })),
      data.minChapterSeconds,
    ),
    cuesBefore: cues.length,
    cuesAfter: parsed.cues.length,
    editedTextFound: parsed.cues.some((c) => c.text === newText),
  };
}

interface CaseResult {
  name: string;
  audioMinutes: number;
  words: number;
  cues: number;
  chapters: number;
  spots: number;
  reportSpots: number;
  missingSpots: string[];
  pageMB: number;
  generateSeconds: number;
  generateReviewSeconds: number;
  reviewSeconds: number;
  opens: ColdOpen[];
  roundTrip: RoundTrip;
}

async function runCase(name: string, media: string, transcript: string): Promise<CaseResult> {
  const out = join(CACHE, 'out', name);
  const stem = media.replace(/^.*\//u, '').replace(/\.[^.]+$/u, '');
  console.error(`[${name}] generate (without, then with --review)`);
  const plain = timed(() => capsync(['generate', media, '--transcript', transcript, '--out', out, '--quiet']));
  const withReview = timed(() => capsync(['generate', media, '--transcript', transcript, '--out', out, '--quiet', '--review']));
  console.error(`[${name}] capsync review`);
  const review = timed(() => capsync(['review', out, '--quiet']));
  const page = join(out, `${stem}.review.html`);
  const report = JSON.parse(readFileSync(join(out, `${stem}.report.json`), 'utf8')) as Report;
  const opens: ColdOpen[] = [];
  for (let r = 0; r < RUNS; r++) {
    console.error(`[${name}] cold open ${r + 1}/${RUNS}`);
    opens.push(await coldOpen(page));
  }
  console.error(`[${name}] queue and round trip`);
  const browser = await launchBrowser();
  try {
    const tab = await browser.context.newPage();
    await tab.goto(pathToFileURL(page).href);
    await tab.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
    const data = await tab.evaluate(() => (window as unknown as { capsyncReview: { data: ReviewData } }).capsyncReview.data);
    const listed = await tab.$$eval('#queue-list [data-spot]', (items) => items.map((i) => (i as HTMLElement).dataset.spot!));
    const expected = reportSpotIds(report);
    const trip = await roundTrip(tab, data);
    return {
      name,
      audioMinutes: report.duration / 60,
      words: data.words.text.length,
      cues: data.cues.length,
      chapters: data.chapters.length,
      spots: listed.length,
      reportSpots: expected.length,
      missingSpots: expected.filter((id) => !listed.includes(id)),
      pageMB: (await fs.stat(page)).size / 1e6,
      generateSeconds: plain.seconds,
      generateReviewSeconds: withReview.seconds,
      reviewSeconds: review.seconds,
      opens,
      roundTrip: trip,
    };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function section(results: CaseResult[], load: number): string {
  const date = new Date().toISOString().slice(0, 10);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const rows = results.map((r) => {
    const open = r.opens.map((o) => o.openMs);
    const launch = r.opens.map((o) => o.launchMs);
    const ready = r.opens.map((o) => o.pageReadyMs);
    const cpu = r.opens.map((o) => o.mainThreadMs);
    const checked = r.opens.map((o) => o.checkedMs);
    const loads = r.opens.map((o) => o.load);
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    return `| ${r.name} | ${r.audioMinutes.toFixed(1)} min, ${r.words} words, ${r.cues} cues | ${r.pageMB.toFixed(2)} MB | ${s(median(launch))} | ${s(median(open))} (max ${s(Math.max(...open))}) | ${s(median(ready))} | ${s(median(cpu))} | ${s(median(checked))} | ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`;
  });
  const queue = results.map(
    (r) => `| ${r.name} | ${r.reportSpots} | ${r.spots} | ${r.missingSpots.length === 0 ? 'all' : `missing ${r.missingSpots.join(', ')}`} |`,
  );
  const trips = results.map((r) => {
    const t = r.roundTrip;
    const ok = t.parserErrors === 0 && t.vttErrors === 0 && t.srtErrors === 0 && t.chapterProblems.length === 0 && t.editedTextFound;
    return `| ${r.name} | ${t.edits} | ${t.cuesBefore} → ${t.cuesAfter} | ${t.parserErrors} | ${t.vttErrors} / ${t.srtErrors} | ${t.chapterProblems.length === 0 ? 'pass' : t.chapterProblems.join(' ')} | ${ok ? 'PASS' : 'FAIL'} |`;
  });
  const costs = results.map(
    (r) => `| ${r.name} | ${r.generateSeconds.toFixed(1)} s | ${r.generateReviewSeconds.toFixed(1)} s | ${r.reviewSeconds.toFixed(1)} s |`,
  );
  return [
    '<!-- review:start -->',
    '## Review page (issue 17)',
    '',
    `Measured with \`npm run build && npx tsx bench/review.ts --runs ${RUNS} --write\` on ${date}: Debian's Chromium (\`/usr/bin/chromium\`, headless, driven by playwright-core) on 2 cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, shared with other engineers' jobs (load average ${load.toFixed(2)} before the runs). The 60-minute case is built by the script from the sample and the audio fixtures (see the script's header).`,
    '',
    `Cold open: a new Chromium with an empty profile each time (${RUNS} runs, medians). *Launch* is starting the browser. *Open* is from \`page.goto(file://…)\` until the page is ready: its script has built every panel (player and tracks, timeline, waveform, transcript, queue) and the first frame with all of it has been painted. *Page clock* is the page's own \`performance.now()\` at that moment (from navigation start). *Main thread* is how long the renderer's main thread was running tasks until then (Chromium's TaskDuration: the renderer's own start-up included, and on a loaded machine the time a task sat preempted too). *Checks done* is the page clock when capsync's linter and chapter rules have judged every cue, right after ready (the Export tab waits for them). Target: open under 2 s.`,
    '',
    '| case | recording | page size | launch | open | page clock at ready | main thread until ready | checks done | load average during the runs |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Every doubtful spot of report.json in the queue (notFound, lowConfidence, speechWithoutText, warnings; the queue also lists weak words that are not in a reported stretch):',
    '',
    '| case | spots in report.json | queue entries | report spots in the queue |',
    '|---|---|---|---|',
    ...queue,
    '',
    "A round trip of edits through the page's controls (a cue's text and end time, a split, a merge, a chapter renamed and one added), then the three downloads: the VTT through the W3C parser, VTT and SRT through `capsync lint` (errors), chapters.txt through YouTube's rules.",
    '',
    '| case | edits | cues | WebVTT parser errors | lint errors VTT / SRT | YouTube chapter rules | result |',
    '|---|---|---|---|---|---|---|',
    ...trips,
    '',
    'What the page costs to make (wall time of the CLI, one run):',
    '',
    '| case | `generate` | `generate --review` | `capsync review` (decode + page) |',
    '|---|---|---|---|',
    ...costs,
    '<!-- review:end -->',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('build first: npm run build');
  const load = loadavg()[0];
  const results: CaseResult[] = [];
  if (args.only !== 'long') results.push(await runCase('sample', join(ROOT, 'samples/briefing/briefing.mp4'), join(ROOT, 'samples/briefing/briefing.transcript.txt')));
  if (args.only !== 'sample') {
    const long = buildLong();
    results.push(await runCase('60-min', long.media, long.transcript));
  }
  const text = section(results, load);
  process.stdout.write(text);
  writeFileSync(join(CACHE, 'results.json'), JSON.stringify(results, null, 2));
  if (args.write) {
    const file = join(ROOT, 'BENCHMARKS.md');
    const current = readFileSync(file, 'utf8');
    const re = /<!-- review:start -->[\s\S]*?<!-- review:end -->\n?/u;
    writeFileSync(file, re.test(current) ? current.replace(re, text) : `${current.trimEnd()}\n\n${text}`);
  }
}

await main();
