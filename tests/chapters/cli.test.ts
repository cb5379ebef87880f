import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebVTTParser } from 'webvtt-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chaptersInputFromVtt } from '../../src/chapters/index.js';
import { chaptersStem, runChapters } from '../../src/cli/commands/chapters.js';
import { buildProgram } from '../../src/cli/program.js';
import { isCapsyncError } from '../../src/util/errors.js';
import { buildTalk, type Talk } from './helpers.js';
import { conferenceTurns } from './conference.js';

const talk = buildTalk(conferenceTurns, { preroll: 7 });
let dir = '';

function wordsJson(t: Talk) {
  return JSON.stringify({
    version: 1,
    media: 'briefing.mp4',
    duration: t.duration,
    language: 'en',
    words: t.words.map((w) => ({ text: w.text, start: w.start, end: w.end, confidence: w.confidence, sentence: w.sentence, paragraph: w.paragraph, turn: w.turn, source: w.source })),
    turns: t.transcript.turns,
  });
}

/** Captions as another tool would write them: ~7 words a cue, ">> LABEL:" at speaker changes. */
function captionsVtt(t: Talk) {
  const fmt = (s: number) => new Date(Math.round(s * 1000)).toISOString().slice(11, 23);
  let out = 'WEBVTT\n\n';
  let i = 0;
  while (i < t.words.length) {
    const cue = [];
    const turn = t.words[i]!.turn;
    while (i < t.words.length && cue.length < 7 && t.words[i]!.turn === turn) cue.push(t.words[i++]!);
    const first = cue[0]!;
    const startsTurn = first.index === 0 || t.words[first.index - 1]!.turn !== turn;
    const label = t.transcript.turns[turn]!.label!.toUpperCase();
    const text = (startsTurn ? `>> ${label}: ` : '') + cue.map((w) => w.text).join(' ');
    out += `${fmt(first.start!)} --> ${fmt(cue[cue.length - 1]!.end!)}\n${text.replace(/&/g, '&amp;')}\n\n`;
  }
  return out;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-chapters-'));
  await fs.writeFile(path.join(dir, 'briefing.words.json'), wordsJson(talk));
  await fs.writeFile(path.join(dir, 'briefing.captions.vtt'), captionsVtt(talk));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('capsync chapters', () => {
  it('names outputs after the input stem', () => {
    expect(chaptersStem('a/briefing.words.json')).toBe('briefing');
    expect(chaptersStem('briefing.captions.vtt')).toBe('briefing');
    expect(chaptersStem('briefing.en.vtt')).toBe('briefing');
    expect(chaptersStem('x.vtt')).toBe('x');
  });

  it('chapters a words.json and writes the list and a valid WebVTT chapters track', async () => {
    const out = path.join(dir, 'out1');
    const r = await runChapters(path.join(dir, 'briefing.words.json'), { out });
    expect(r.files).toEqual([path.join(out, 'briefing.chapters.txt'), path.join(out, 'briefing.chapters.vtt')]);
    const list = await fs.readFile(r.files[0]!, 'utf8');
    const vtt = await fs.readFile(r.files[1]!, 'utf8');
    expect(list).toBe(r.list);
    expect(list.split('\n')[0]).toMatch(/^0:00 \S/);
    expect(list).toMatch(/\n\d+:\d\d Q&A: Reuters — /);
    const parsed = new WebVTTParser().parse(vtt, 'metadata');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues).toHaveLength(r.chapters.length);
    expect(r.chapters.length).toBe(9);
    expect(r.notes).toEqual([]);
  });

  it('chapters existing captions from their cues and >> speaker markers, and says the timing is cue-level', async () => {
    const input = chaptersInputFromVtt(captionsVtt(talk));
    expect(input.cueLevel).toBe(true);
    expect(input.words.map((w) => w.text)).toEqual(talk.words.map((w) => w.text));
    expect(input.transcript.turns.map((t) => t.role)).toEqual(talk.transcript.turns.map((t) => t.role));
    const r = await runChapters(path.join(dir, 'briefing.captions.vtt'), { out: path.join(dir, 'out2'), duration: String(talk.duration) });
    expect(r.notes.join(' ')).toMatch(/cue/);
    const fromWords = await runChapters(path.join(dir, 'briefing.words.json'), { out: path.join(dir, 'out3') });
    // Same chapters (titles and order) as from word timings; starts within a cue of them.
    expect(r.chapters.map((c) => c.title)).toEqual(fromWords.chapters.map((c) => c.title));
    r.chapters.forEach((c, i) => expect(Math.abs(c.start - fromWords.chapters[i]!.start)).toBeLessThan(4));
  });

  it('applies --max-chapters, --min-chapter and --chapters-file', async () => {
    const r = await runChapters(path.join(dir, 'briefing.words.json'), { out: path.join(dir, 'out4'), maxChapters: '4', minChapter: '20' });
    expect(r.chapters).toHaveLength(4);
    const userFile = path.join(dir, 'mine.txt');
    await fs.writeFile(userFile, '0:00 Hello\n1:00 Money\n2:30 Press questions\n');
    const u = await runChapters(path.join(dir, 'briefing.words.json'), { out: path.join(dir, 'out5'), chaptersFile: userFile });
    expect(u.chapters.map((c) => c.title)).toEqual(['Hello', 'Money', 'Press questions']);
  });

  it('prints JSON with --json', async () => {
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await buildProgram().parseAsync(['node', 'capsync', 'chapters', path.join(dir, 'briefing.words.json'), '--out', path.join(dir, 'out6'), '--json']);
      const printed = JSON.parse(spy.mock.calls.map((c) => String(c[0])).join(''));
      expect(printed.chapters[0].start).toBe(0);
      expect(printed.files).toHaveLength(2);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
  });

  it('fails with a readable error for a missing file, a bad option or a non-input file', async () => {
    const fail = async (p: Promise<unknown>, re: RegExp) => {
      const e = await p.then(() => null, (x: unknown) => x);
      expect(isCapsyncError(e), String(e)).toBe(true);
      expect((e as Error).message).toMatch(re);
    };
    await fail(runChapters(path.join(dir, 'nope.json')), /not found/);
    await fail(runChapters(path.join(dir, 'briefing.words.json'), { maxChapters: '0', out: dir }), /max-chapters/);
    await fs.writeFile(path.join(dir, 'notes.txt'), 'hello');
    await fail(runChapters(path.join(dir, 'notes.txt')), /neither/);
    await fs.writeFile(path.join(dir, 'bad.json'), '{"words": 3}');
    await fail(runChapters(path.join(dir, 'bad.json')), /words/);
  });
});
