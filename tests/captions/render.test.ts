import { parseSync } from 'subtitle';
import { describe, expect, it } from 'vitest';
import { buildCues } from '../../src/captions/build.js';
import { parseCaptionFile } from '../../src/captions/parse.js';
import { renderCuesJson, renderSrt, renderVtt } from '../../src/captions/render.js';
import { formatCaptionTimestamp, parseCaptionTimestamp } from '../../src/captions/timestamp.js';
import type { Cue } from '../../src/types.js';
import { CapsyncError } from '../../src/util/errors.js';
import { speak, timedWords, turnsOf, vttErrors } from './helpers.js';

const cue = (start: number, end: number, lines: string[], extra: Partial<Cue> = {}): Cue => ({
  start,
  end,
  lines,
  speakerChange: null,
  firstWord: 0,
  lastWord: 0,
  confidence: 1,
  ...extra,
});

function sampleCues(): Cue[] {
  const words = timedWords([
    ...speak('Good afternoon. It has been a very busy 24 hours, and a lot has happened here at NATO.', { turn: 0 }),
    ...speak('Thank you, Secretary General. First question, Reuters.', { start: 9, turn: 1 }),
  ]);
  return buildCues(words, turnsOf(['NATO Secretary General', 'Moderator'], words));
}

describe('timestamps', () => {
  it('formats hh:mm:ss.ttt and hh:mm:ss,ttt, past 99 hours too', () => {
    expect(formatCaptionTimestamp(3_723_004, '.')).toBe('01:02:03.004');
    expect(formatCaptionTimestamp(59_999, ',')).toBe('00:00:59,999');
    expect(formatCaptionTimestamp(360_000_000, '.')).toBe('100:00:00.000');
  });

  it('reads strict and lenient forms and rejects impossible ones', () => {
    expect(parseCaptionTimestamp('01:02:03.004', 'vtt')).toEqual({ ms: 3_723_004, strict: true });
    expect(parseCaptionTimestamp('02:03.004', 'vtt')).toEqual({ ms: 123_004, strict: true });
    expect(parseCaptionTimestamp('00:00:01,5', 'srt')).toEqual({ ms: 1500, strict: false });
    expect(parseCaptionTimestamp('00:00:01.500', 'srt')).toEqual({ ms: 1500, strict: false });
    expect(parseCaptionTimestamp('00:61:00.000', 'vtt')).toBeNull();
    expect(parseCaptionTimestamp('1.5', 'vtt')).toBeNull();
  });
});

describe('renderVtt', () => {
  it('writes a file the W3C parser accepts without a single error', () => {
    const cues = sampleCues();
    const vtt = renderVtt(cues);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    expect(vttErrors(vtt)).toEqual([]);
    const parsed = parseCaptionFile(vtt);
    expect(parsed.cues.map((c) => c.lines)).toEqual(cues.map((c) => c.lines));
    expect(parsed.cues.map((c) => c.startMs)).toEqual(cues.map((c) => Math.round(c.start * 1000)));
    for (const line of vtt.split('\n').filter((l) => l.includes('-->'))) {
      expect(line).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$/);
    }
  });

  it('escapes markup characters so the text displays exactly, and keeps payloads free of "-->" and blank lines', () => {
    const vtt = renderVtt([cue(1, 2, ['R&D <costs> go up', '', 'a --> b'])]);
    expect(vttErrors(vtt)).toEqual([]);
    expect(vtt).toContain('R&amp;D &lt;costs> go up\na --&gt; b\n');
    expect(parseCaptionFile(vtt).cues[0].lines).toEqual(['R&D <costs> go up', 'a --> b']);
  });

  it('adds a voice span per cue when asked', () => {
    const cues = sampleCues();
    const vtt = renderVtt(cues, { voiceSpans: true });
    expect(vttErrors(vtt)).toEqual([]);
    expect(vtt).toContain('<v NATO Secretary General>');
    expect(vtt).toContain('<v Moderator>');
    expect(vtt.match(/<v /g)).toHaveLength(cues.length);
  });

  it('refuses cues that would make an invalid file', () => {
    expect(() => renderVtt([cue(2, 2, ['x'])])).toThrow(CapsyncError);
    expect(() => renderVtt([cue(2, 1, ['x'])])).toThrow(/ends before it starts/);
    expect(() => renderVtt([cue(5, 6, ['a']), cue(4, 7, ['b'])])).toThrow(/starts before/);
    expect(() => renderSrt([cue(Number.NaN, 1, ['x'])])).toThrow(CapsyncError);
  });

  it('leaves out cues with no text', () => {
    const vtt = renderVtt([cue(1, 2, ['  ']), cue(3, 4, ['text'])]);
    expect(parseCaptionFile(vtt).cues).toHaveLength(1);
  });
});

describe('renderSrt', () => {
  it('writes numbered cues that the subtitle package reads back unchanged', () => {
    const cues = sampleCues();
    const srt = renderSrt(cues);
    const nodes = parseSync(srt).filter((n) => n.type === 'cue');
    expect(nodes).toHaveLength(cues.length);
    nodes.forEach((node, i) => {
      if (node.type !== 'cue') return;
      expect(node.data.start).toBe(Math.round(cues[i].start * 1000));
      expect(node.data.end).toBe(Math.round(cues[i].end * 1000));
      expect(node.data.text).toBe(cues[i].lines.join('\n'));
    });
    expect(srt.split('\n\n')[0].split('\n')[0]).toBe('1');
    expect(srt).toMatch(/^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$/m);
    const reparsed = parseCaptionFile(srt, 'srt');
    expect(reparsed.problems).toEqual([]);
    expect(reparsed.cues.map((c) => c.id)).toEqual(cues.map((_, i) => String(i + 1)));
  });

  it('keeps an arrow in the text from reading as a timing line', () => {
    const srt = renderSrt([cue(1, 2, ['a --> b'])]);
    expect(parseCaptionFile(srt, 'srt').problems).toEqual([]);
    expect(srt.split('\n')[2].replace('\u2060', '')).toBe('a --> b');
  });
});

describe('hostile cue text', () => {
  it('never writes a bidi override, isolate or control character into .vtt or .srt', () => {
    const text = 'Ukraine \u202Egnp.exe\u202C and \u2066isolated\u2069 \u0007bell \u200Fmark';
    const vtt = renderVtt([cue(1, 2, [text])]);
    const srt = renderSrt([cue(1, 2, [text])]);
    for (const file of [vtt, srt]) {
      expect(file).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0000-\u0008]/);
      expect(file).toContain('gnp.exe and isolated bell \u200Fmark');
    }
    expect(vttErrors(vtt)).toEqual([]);
  });

  it('shows "<script>" as text in both formats: escaped in WebVTT, look-alike brackets in SRT', () => {
    const lines = ['<script>alert(1)</script> and <i>not italic</i>'];
    const vtt = renderVtt([cue(1, 2, lines)]);
    const srt = renderSrt([cue(1, 2, lines)]);
    expect(vtt).toContain('&lt;script>alert(1)&lt;/script> and &lt;i>not italic&lt;/i>');
    expect(parseCaptionFile(vtt).cues[0].lines).toEqual(lines);
    expect(srt).not.toMatch(/</);
    expect(srt).toContain('‹script›alert(1)‹/script› and ‹i›not italic‹/i›');
    expect(vttErrors(vtt)).toEqual([]);
  });
});

describe('renderCuesJson', () => {
  it('writes cues with millisecond times, lines and word ranges', () => {
    const cues = sampleCues();
    const json = JSON.parse(renderCuesJson(cues)) as { cues: Array<Record<string, unknown>> };
    expect(json.cues).toHaveLength(cues.length);
    expect(json.cues[0]).toMatchObject({ start: cues[0].start, lines: cues[0].lines, firstWord: 0, speakerChange: 'NATO Secretary General' });
    const last = json.cues[json.cues.length - 1];
    expect(last.speaker).toBe('Moderator');
  });
});
