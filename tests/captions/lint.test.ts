import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCues } from '../../src/captions/build.js';
import { type LintIssue, lintCaptions } from '../../src/captions/lint.js';
import { renderSrt, renderVtt } from '../../src/captions/render.js';
import { registerLint } from '../../src/cli/commands/lint.js';
import { speak, timedWords, turnsOf } from './helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const rulesOf = (issues: LintIssue[], cue: number): string[] => issues.filter((i) => i.cue === cue).map((i) => i.rule).sort();

function goodCues() {
  const words = timedWords([
    ...speak('Good afternoon. It has been a very busy 24 hours, and a lot has happened here at NATO. Let me begin by expressing my shock and sadness at the news coming out of Munich.', { turn: 0 }),
    ...speak('Thank you, Secretary General. First question, Reuters.', { start: 16, turn: 1 }),
  ]);
  return buildCues(words, turnsOf(['NATO Secretary General', 'Moderator'], words));
}

describe('lintCaptions on good files', () => {
  it('finds nothing wrong in capsync WebVTT and SRT', () => {
    const cues = goodCues();
    for (const [text, format] of [
      [renderVtt(cues), 'vtt'],
      [renderSrt(cues), 'srt'],
      [renderVtt(cues, { voiceSpans: true }), 'vtt'],
    ] as const) {
      const report = lintCaptions(text);
      expect(report.format).toBe(format);
      expect(report.cues).toBe(cues.length);
      expect(report.issues).toEqual([]);
    }
  });

  it('measures visible text only (SRT italics do not count)', () => {
    const report = lintCaptions(fixture('good.srt'));
    expect(report.issues).toEqual([]);
  });
});

describe('lintCaptions on a bad vendor SRT', () => {
  const report = lintCaptions(fixture('vendor-bad.srt'));

  it('reports every violation with its cue number, time and severity', () => {
    expect(report.cues).toBe(9);
    expect(rulesOf(report.issues, 1)).toEqual(['cps', 'line-length']);
    expect(rulesOf(report.issues, 2)).toEqual(['overlap']);
    expect(rulesOf(report.issues, 3)).toEqual(['gap']);
    expect(rulesOf(report.issues, 4)).toEqual(['timestamp']);
    expect(rulesOf(report.issues, 5)).toEqual(['end-before-start']);
    expect(rulesOf(report.issues, 6)).toEqual(['cps', 'min-duration']);
    expect(rulesOf(report.issues, 7)).toEqual(['max-duration']);
    expect(rulesOf(report.issues, 8)).toEqual(['timestamp', 'timestamp']);
    expect(rulesOf(report.issues, 9)).toEqual(['line-count']);
    const overlap = report.issues.find((i) => i.rule === 'overlap') as LintIssue;
    expect(overlap).toMatchObject({ severity: 'error', cue: 2, time: 3.4, line: 7 });
    expect(report.issues.find((i) => i.rule === 'gap')?.severity).toBe('warning');
    expect(report.errors).toBe(report.issues.filter((i) => i.severity === 'error').length);
    expect(report.errors).toBe(7);
    expect(report.byRule.timestamp).toBe(3);
  });

  it('applies the limits it is given', () => {
    const lenient = lintCaptions(fixture('vendor-bad.srt'), { maxLineLength: 70, maxCps: 100, maxLines: 3, maxDuration: 10 });
    expect(lenient.byRule['line-length']).toBeUndefined();
    expect(lenient.byRule['line-count']).toBeUndefined();
    expect(lenient.byRule['max-duration']).toBeUndefined();
    expect(lenient.byRule.cps).toBe(1);
  });
});

describe('lintCaptions on WebVTT made elsewhere', () => {
  it('reads YouTube auto-captions: inline word times, <c> tags, header lines, blank-looking lines', () => {
    const report = lintCaptions(fixture('youtube-auto.vtt'));
    expect(report.format).toBe('vtt');
    expect(report.cues).toBe(7);
    expect(report.errors).toBe(0);
    expect(report.byRule['line-length']).toBeUndefined();
    // The 10 ms "scroll" cues YouTube inserts are real rule violations.
    expect(report.issues.filter((i) => i.rule === 'min-duration').map((i) => i.cue)).toEqual([2, 4, 6]);
    expect(report.issues.find((i) => i.rule === 'syntax')).toMatchObject({ severity: 'warning', cue: null });
    expect(report.issues.filter((i) => i.rule === 'gap').length).toBe(6);
  });

  it('catches structural errors through the W3C parser and its own reader', () => {
    const text = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:03.000',
      'An <b>unclosed tag',
      '',
      '00:00:02.000 --> 00:00:04.000',
      'Overlaps the first.',
      '00:00:05.000 --> 00:00:06.000',
      'No blank line before me.',
      '',
      '00:00:07,000 --> 00:00:08.000',
      'Comma in a WebVTT time.',
      '',
      'stray text',
      '',
      '00:00:09.000 --> 00:00:08.500',
      'Backwards.',
      '',
      '00:00:01.000 --> 00:00:02.000',
      'Out of order.',
      '',
    ].join('\n');
    const report = lintCaptions(text);
    const syntax = report.issues.filter((i) => i.rule === 'syntax');
    expect(syntax.some((i) => /end tag/i.test(i.message) && i.cue === 1)).toBe(true);
    expect(syntax.some((i) => /blank line missing/i.test(i.message) && i.cue === 3)).toBe(true);
    expect(syntax.some((i) => /without a timing line/.test(i.message) && i.line === 14)).toBe(true);
    expect(rulesOf(report.issues, 2)).toContain('overlap');
    expect(rulesOf(report.issues, 4)).toContain('timestamp');
    expect(rulesOf(report.issues, 5)).toContain('end-before-start');
    expect(rulesOf(report.issues, 6)).toContain('order');
    // Each problem is reported once, not again in the W3C parser's words.
    expect(report.issues.filter((i) => i.line === 11 && (i.rule === 'syntax' || i.rule === 'timestamp'))).toHaveLength(1);
    expect(report.errors).toBeGreaterThanOrEqual(7);
  });

  it('reports a missing signature', () => {
    const report = lintCaptions('00:00:01.000 --> 00:00:02.000\nHello there.\n', { format: 'vtt' });
    expect(report.issues.some((i) => i.rule === 'syntax' && /signature/i.test(i.message))).toBe(true);
  });

  it('uses the frame rate for the gap rule', () => {
    const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:02.070 --> 00:00:03.000\nTwo.\n';
    expect(lintCaptions(text).byRule.gap).toBe(1); // 70 ms < 2 frames at 25 fps
    expect(lintCaptions(text, { fps: 30 }).byRule.gap).toBeUndefined(); // 66.7 ms at 30 fps
  });
});

describe('capsync lint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'capsync-lint-'));
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  async function run(args: string[], hooks = {}): Promise<string> {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const program = new Command().exitOverride();
    registerLint(program, hooks);
    await program.parseAsync(['node', 'capsync', 'lint', ...args]);
    return out.join('');
  }

  it('prints issues and sets exit code 1 when errors are found', async () => {
    const file = path.join(dir, 'bad.srt');
    writeFileSync(file, fixture('vendor-bad.srt'));
    const out = await run([file]);
    expect(out).toMatch(/error\s+overlap\s+cue 2, 00:00:03\.400, line 7/);
    expect(out).toContain('9 cues (SRT), 7 errors');
    expect(process.exitCode).toBe(1);
  });

  it('prints JSON and leaves the exit code alone for a clean file', async () => {
    const file = path.join(dir, 'good.vtt');
    writeFileSync(file, renderVtt(goodCues()));
    const report = JSON.parse(await run([file, '--json'])) as { errors: number; file: string };
    expect(report).toMatchObject({ errors: 0, file });
    expect(process.exitCode).toBeUndefined();
  });

  it('takes limits and a frame rate from flags, or from --media through the probe hook', async () => {
    const file = path.join(dir, 'tight.vtt');
    writeFileSync(file, 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:02.070 --> 00:00:03.000\nTwo and a bit more text.\n');
    const gaps = async (args: string[], hooks = {}) => (JSON.parse(await run([file, '--json', ...args], hooks)) as { byRule: Record<string, number> }).byRule;
    expect((await gaps([])).gap).toBe(1);
    expect((await gaps(['--fps', '30'])).gap).toBeUndefined();
    expect((await gaps(['--media', 'video.mp4'], { probeFps: async () => 30 })).gap).toBeUndefined();
    expect((await gaps(['--max-line', '10']))['line-length']).toBe(1);
    expect((await gaps(['--max-cps', '5']))['cps']).toBe(1);
  });

  it('rejects a bad number', async () => {
    await expect(run(['x.vtt', '--max-cps', 'fast'])).rejects.toThrow(/positive number/);
  });

  it('explains a missing file', async () => {
    await expect(run([path.join(dir, 'missing.vtt')])).rejects.toThrow(/cannot read caption file/);
  });
});

describe('lint of a file with no cues', () => {
  it.each([
    ['an empty file', ''],
    ['only whitespace', ' \n\n '],
    ['a WebVTT header alone', 'WEBVTT\n\n'],
  ])('%s is an error', (_what, text) => {
    const report = lintCaptions(text);
    expect(report.cues).toBe(0);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.issues.some((i) => i.rule === 'syntax' && /no caption cues|empty/.test(i.message))).toBe(true);
  });
});
