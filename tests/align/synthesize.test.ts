import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synthesizeReference } from '../../src/align/synthesize.js';
import { computeMfcc } from '../../src/align/features.js';
import { parseTranscript } from '../../src/text/index.js';

// The seed's opening statement, twice over: long enough (> 4000 characters) that synthesis is
// split across worker threads, which also compute the reference features slice by slice.
const SEED = readFileSync(new URL('../fixtures/descriptions/nato-defmin-2025-02-13.description.txt', import.meta.url), 'utf8');
const body = SEED.split('NATO Secretary General:')[1].split('Transcript continues')[0];
const transcript = parseTranscript(`NATO Secretary General:\n${body}\n${body}`, { language: 'en' });

describe('reference synthesis in worker threads', () => {
  it('places every spoken word and matches features computed in one piece', async () => {
    const reference = await synthesizeReference(transcript);
    expect(reference.features, 'the worker path ran (features came back with the audio)').toBeDefined();
    const spoken = transcript.words.filter((w) => w.spoken !== '');
    expect(spoken.every((w) => reference.wordSpans[w.index] !== null)).toBe(true);
    // Word spans are in order and inside the reference.
    let last = 0;
    for (const w of spoken) {
      const span = reference.wordSpans[w.index]!;
      expect(span.start).toBeGreaterThanOrEqual(last - 1e-9);
      expect(span.end).toBeLessThanOrEqual(reference.duration + 1e-9);
      last = span.start;
    }
    // The slices' features join on the same 10 ms grid as one pass over the whole reference.
    // The dither runs from each slice's own start, so values differ a little where the voice has
    // no energy (high bands); a slip of one frame would differ far more than that.
    const whole = computeMfcc(reference.samples, reference.sampleRate);
    const joined = reference.features!;
    expect(Math.abs(joined.frames - whole.frames)).toBeLessThanOrEqual(3);
    const frames = Math.min(joined.frames, whole.frames) - 1;
    const distance = (f: number, g: number) => {
      let sum = 0;
      for (let d = 0; d < joined.dims; d++) sum += (joined.data[f * joined.dims + d] - whole.data[g * whole.dims + d]) ** 2;
      return Math.sqrt(sum);
    };
    const aligned: number[] = [];
    const slipped: number[] = [];
    for (let f = Math.floor(frames / 2); f < frames; f++) {
      if (whole.energyDb[f] < -35) continue;
      aligned.push(distance(f, f));
      slipped.push(distance(f, f + 1));
    }
    const median = (values: number[]) => values.sort((x, y) => x - y)[values.length >> 1];
    expect(aligned.length).toBeGreaterThan(1000);
    expect(median(aligned)).toBeLessThan(median(slipped) / 4);
  });
});
