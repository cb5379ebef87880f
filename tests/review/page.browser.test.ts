/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The review page in a real browser (Debian's Chromium, headless), loaded from the output
 * folder over file:// as a reviewer opens it: the cue on screen, the queue, seeking from the
 * transcript, edits, exports checked by the WebVTT parser and capsync lint, edits surviving a
 * reload, and the screenshot the README shows.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import webvtt from 'webvtt-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintCaptions } from '../../src/captions/lint.js';
import { checkYouTubeChapters, parseChapterList } from '../../src/chapters/render.js';
import { generate } from '../../src/pipeline/generate.js';
import { assertBuilt, capsync, ROOT } from '../cli/helpers.js';
import type { ReviewData } from '../../src/review/model/types.js';
import { launchBrowser, type Browser } from './browser.js';

const SAMPLE = path.join(ROOT, 'samples/briefing');
const SCREENSHOT = path.join(ROOT, 'docs/review-page.png');

interface Report {
  notFound: unknown[];
  lowConfidence: unknown[];
  speechWithoutText: unknown[];
  warnings: string[];
  chapters?: { moved?: unknown[] };
  lowConfidenceThreshold: number;
  words: { unplaced: number };
}
interface WordsJson {
  words: Array<{ text: string; start: number | null; end: number | null; confidence: number }>;
}

let dir: string;
let browser: Browser;
/** Outputs of the sample as `npm run sample` makes them, with --review. */
let sample: string;
/** The sample aligned to an "as prepared" transcript, page written by `capsync review`. */
let prepared: string;
const requests: string[] = [];

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

function reportSpotIds(report: Report): string[] {
  return [
    ...report.notFound.map((_, i) => `not-found:${i}`),
    ...report.lowConfidence.map((_, i) => `low-confidence:${i}`),
    ...report.speechWithoutText.map((_, i) => `speech-without-text:${i}`),
    ...report.warnings.map((w, i) => `${w.startsWith('chapters:') ? 'chapters' : 'note'}:${i}`),
    ...(report.chapters?.moved ?? []).map((_, i) => `chapter-moved:${i}`),
  ];
}

async function open(folder: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path.join(folder, 'briefing.review.html')).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 15_000 });
  await page.waitForFunction(() => (document.getElementById('media') as HTMLVideoElement).readyState >= 1, null, { timeout: 15_000 });
  expect(errors).toEqual([]);
  return page;
}

async function seek(page: Page, time: number): Promise<void> {
  await page.evaluate(async (t) => {
    const media = document.getElementById('media') as HTMLVideoElement;
    const seeked = new Promise((resolve) => media.addEventListener('seeked', resolve, { once: true }));
    media.currentTime = t;
    await seeked;
  }, time);
}

const currentTime = (page: Page): Promise<number> => page.evaluate(() => (document.getElementById('media') as HTMLVideoElement).currentTime);

/** Text of the cue the browser shows now (its own WebVTT rendering of the captions track). */
function shownCue(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const track = [...(document.getElementById('media') as HTMLVideoElement).textTracks].find((t) => t.kind === 'captions' && t.mode === 'showing');
    const cue = track?.activeCues?.[0] as VTTCue | undefined;
    return cue ? (cue.getCueAsHTML().textContent ?? null) : null;
  });
}

beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-review-'));
  sample = path.join(dir, 'briefing');
  prepared = path.join(dir, 'prepared');
  const media = path.join(SAMPLE, 'briefing.mp4');
  const [review] = await Promise.all([
    // The second page is written by `capsync review` from the outputs of a run without --review.
    generate({ media, transcript: path.join(ROOT, 'tests/fixtures/review/briefing.prepared.txt'), outDir: prepared, quiet: true }).then(() =>
      capsync(['review', prepared, '--media', media]),
    ),
    generate({
      media,
      transcript: path.join(SAMPLE, 'briefing.transcript.txt'),
      description: path.join(SAMPLE, 'briefing.description.txt'),
      outDir: sample,
      review: true,
      quiet: true,
    }),
  ]);
  expect(review.code, review.stderr).toBe(0);
  expect(review.stderr).toMatch(/briefing\.review\.html: \d+ cues, \d+ chapters, \d+ doubtful spots? to review/);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('review page in Chromium', () => {
  test('shows the cue of the captions at a given time, and the editor follows it', async () => {
    const page = await open(sample);
    const vtt = await fs.readFile(path.join(sample, 'briefing.vtt'), 'utf8');
    const { cues } = new webvtt.WebVTTParser().parse(vtt, 'subtitles');
    for (const cue of [cues[3], cues[cues.length - 1]]) {
      await seek(page, (cue.startTime + cue.endTime) / 2);
      await expect.poll(() => shownCue(page)).toBe(cue.text);
      await expect.poll(() => page.inputValue('#cue-text')).toBe(cue.text);
    }
    await seek(page, (cues[0].startTime + 0) / 2 - 0.5);
    expect(await shownCue(page)).toBeNull();
    await page.close();
  });

  test('the queue holds every doubtful spot of report.json; n and p step through it and seek to each', async () => {
    for (const folder of [sample, prepared]) {
      const page = await open(folder);
      const report = await readJson<Report>(path.join(folder, 'briefing.report.json'));
      const listed = await page.$$eval('#queue-list [data-spot]', (items) => items.map((i) => (i as HTMLElement).dataset.spot!));
      expect(listed).toEqual(expect.arrayContaining(reportSpotIds(report)));
      const spots = await page.evaluate(() =>
        (window as unknown as { capsyncReview: { data: ReviewData } }).capsyncReview.data.spots.map((s) => ({ id: s.id, start: s.start })),
      );
      expect(listed).toEqual(spots.map((s) => s.id));
      await page.uncheck('#queue-autoplay');
      await page.focus('body');
      for (let i = 0; i < spots.length; i++) {
        await page.keyboard.press('n');
        await expect.poll(() => page.$eval('#queue-list .selected', (el) => (el as HTMLElement).dataset.spot)).toBe(spots[i].id);
        if (spots[i].start !== null) expect(await currentTime(page)).toBeCloseTo(Math.max(0, spots[i].start! - 1), 1);
      }
      if (spots.length > 1) {
        await page.keyboard.press('p');
        await expect.poll(() => page.$eval('#queue-list .selected', (el) => (el as HTMLElement).dataset.spot)).toBe(spots[spots.length - 2].id);
      }
      await page.keyboard.press('m');
      await expect.poll(() => page.textContent('#queue-progress')).toMatch(/1 reviewed/);
      await page.close();
    }
  });

  test('words are shaded by confidence, unplaced words marked; clicking the least confident word seeks to it', async () => {
    const page = await open(prepared);
    const report = await readJson<Report>(path.join(prepared, 'briefing.report.json'));
    const { words } = await readJson<WordsJson>(path.join(prepared, 'briefing.words.json'));
    expect(report.notFound.length).toBeGreaterThan(0);
    expect(await page.locator('#transcript .w.unplaced').count()).toBe(report.words.unplaced);
    let weakest = -1;
    words.forEach((w, i) => {
      if (w.start !== null && (weakest < 0 || w.confidence < words[weakest].confidence)) weakest = i;
    });
    const word = words[weakest];
    const band = word.confidence < report.lowConfidenceThreshold ? 'low' : word.confidence < 0.8 ? 'mid' : 'high';
    const span = page.locator(`#transcript .w[data-i="${weakest}"]`);
    expect(await span.getAttribute('class')).toContain(band);
    expect(await page.locator('#transcript .w.low').count()).toBe(words.filter((w) => w.start !== null && w.confidence < report.lowConfidenceThreshold).length);
    await span.click();
    await expect.poll(() => currentTime(page)).toBeCloseTo(word.start!, 2);
    await expect.poll(() => page.$eval('#transcript .w.playing', (el) => (el as HTMLElement).dataset.i)).toBe(String(weakest));
    await page.close();
  });

  test('a round trip of edits exports valid files, survives a reload, and can be discarded', async () => {
    const page = await open(sample);
    // Edit the third cue's text and end time.
    await page.click('#tab-cues');
    await page.click('#cue-list li:nth-child(3) button');
    const original = await page.inputValue('#cue-text');
    await page.fill('#cue-text', 'in Brussels to prepare\nfor the NATO summit in The Hague.');
    const end = await page.inputValue('#cue-end');
    await page.fill('#cue-end', '');
    await page.type('#cue-end', '0:13.500');
    await page.press('#cue-end', 'Enter');
    // Split the fifth cue at its line break; merge the first two (short) cues.
    await page.click('#cue-list li:nth-child(5) button');
    const fifth = await page.inputValue('#cue-text');
    await page.focus('#cue-text');
    await page.evaluate((at) => (document.getElementById('cue-text') as HTMLTextAreaElement).setSelectionRange(at, at), fifth.indexOf('\n'));
    await page.click('#cue-split');
    await page.click('#cue-list li:nth-child(1) button');
    await page.click('#cue-merge');
    expect(await page.textContent('#edit-error')).toBe('');
    // A line too long for the rules: the export tab says so and will not hand out the captions.
    await page.click('#cue-list li:nth-child(4) button');
    await page.fill('#cue-text', 'This line is far too long to be shown on a television screen at all');
    await page.click('#tab-export');
    expect(await page.textContent('#lint-summary')).toMatch(/: 1 error,/);
    expect(await page.isDisabled('#export-vtt')).toBe(true);
    await page.click('#undo');
    await page.click('#tab-cues');
    // Rename a chapter.
    await page.click('#tab-chapters');
    await page.fill('#chapter-list li:nth-child(2) input.title', 'Support for Ukraine');
    await page.press('#chapter-list li:nth-child(2) input.title', 'Enter');
    await page.click('#tab-export');
    expect(await page.textContent('#lint-summary')).toMatch(/: 0 errors/);
    expect(await page.textContent('#edit-status')).toMatch(/^\d+ edits/);

    const download = async (button: string): Promise<string> => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      return fs.readFile((await file.path())!, 'utf8');
    };
    const vtt = await download('#export-vtt');
    const parsed = new webvtt.WebVTTParser().parse(vtt, 'subtitles');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => c.text)).toContain('in Brussels to prepare\nfor the NATO summit in The Hague.');
    expect(parsed.cues.find((c) => c.text.startsWith('in Brussels'))!.endTime).toBe(13.5);
    const originalCues = new webvtt.WebVTTParser().parse(await fs.readFile(path.join(sample, 'briefing.vtt'), 'utf8'), 'subtitles').cues;
    expect(parsed.cues.length).toBe(originalCues.length); // one split, one merge
    expect(lintCaptions(vtt).errors).toBe(0);
    const srt = await download('#export-srt');
    expect(lintCaptions(srt).errors).toBe(0);
    const chaptersTxt = await download('#export-chapters');
    const chapters = parseChapterList(chaptersTxt);
    expect(chapters[1].title).toBe('Support for Ukraine');
    const asChapters = chapters.map((c, i) => ({ ...c, end: chapters[i + 1]?.start ?? 87, firstWord: null, lastWord: null, kind: 'user' as const }));
    expect(checkYouTubeChapters(asChapters, 10)).toEqual([]);

    // A reload keeps the edits; discarding brings back the generated captions.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    expect(await page.textContent('#edit-status')).toMatch(/^\d+ edits .*restored/);
    await page.click('#tab-cues');
    expect(await page.textContent('#cue-list')).toContain('in Brussels to prepare / for the NATO summit in The Hague.');
    await page.click('#discard');
    await page.click('#discard-confirm');
    await page.click('#cue-list li:nth-child(3) button');
    expect(await page.inputValue('#cue-text')).toBe(original);
    expect(await page.inputValue('#cue-end')).toBe(end);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    expect(await page.textContent('#edit-status')).toBe('No edits');
    await page.close();
  });

  test('screenshot for the README, on a laptop-sized window', async () => {
    const page = await open(prepared);
    await page.uncheck('#queue-autoplay');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('n');
    await page.waitForTimeout(300);
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1366);
    if (process.env.UPDATE_SCREENSHOT) await fs.writeFile(SCREENSHOT, png);
    await page.close();
  });

  test('works offline: the page asked for nothing but local files', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !/^(file|blob|data):/u.test(url))).toEqual([]);
  });
});
