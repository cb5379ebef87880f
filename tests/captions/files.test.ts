import { describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { buildCaptionFiles } from '../../src/captions/index.js';
import type { SpeakerTurn, TimedWord } from '../../src/types.js';

/** Two turns of four words each, 0.4 s a word, a pause between them. */
function twoTurns(): { words: TimedWord[]; turns: SpeakerTurn[] } {
  const texts = ['Thank', 'you', 'Secretary', 'General.', 'Is', 'NATO', 'ready', 'now?'];
  const words = texts.map((text, i): TimedWord => {
    const start = i * 0.4 + (i >= 4 ? 2 : 0);
    return { index: i, text, start, end: start + 0.35, confidence: 0.9, sentence: i >= 4 ? 1 : 0, paragraph: i >= 4 ? 1 : 0, turn: i >= 4 ? 1 : 0, source: 'audio' };
  });
  const turns: SpeakerTurn[] = [
    { index: 0, label: 'Moderator', role: 'moderator', firstWord: 0, lastWord: 3 },
    { index: 1, label: 'Question', role: 'question', firstWord: 4, lastWord: 7 },
  ];
  return { words, turns };
}

describe('buildCaptionFiles', () => {
  it('with voice spans and names, the SRT keeps a named marker at each speaker change', () => {
    const { words, turns } = twoTurns();
    const files = buildCaptionFiles(words, turns, { speakerStyle: 'voice', speakerNames: true });
    const vtt = new WebVTTParser().parse(files.vtt, 'subtitles');
    expect(vtt.errors).toEqual([]);
    expect(files.vtt).toContain('<v Moderator>Thank you');
    expect(files.vtt).toContain('<v Question>Is NATO');
    expect(files.srt).toContain('>> Moderator: Thank you');
    expect(files.srt).toContain('>> Question: Is NATO');
    expect(files.srt).not.toContain('<v');
  });

  it('with voice spans alone, the SRT still marks each change', () => {
    const { words, turns } = twoTurns();
    const srt = buildCaptionFiles(words, turns, { speakerStyle: 'voice' }).srt;
    expect(srt.match(/^>> /gm)).toHaveLength(2);
    expect(srt).not.toContain('Moderator');
  });

  it('other styles write the same cues to both files', () => {
    const { words, turns } = twoTurns();
    const files = buildCaptionFiles(words, turns, { speakerStyle: '-', speakerNames: true });
    expect(files.srt).toContain('- Question: Is NATO');
    expect(files.vtt).toContain('- Question: Is NATO');
  });
});
