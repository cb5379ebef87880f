import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio, finishedWriting } from '../../src/media/decode.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'audio');

describe('finishedWriting', () => {
  it("recognises ffmpeg's final statistics line, and only that", () => {
    // The last line of a decode that fluent-ffmpeg reported as "Output stream closed" in CI.
    const done = ['size=    1100kB time=00:00:35.20 bitrate= 256.0kbits/s speed= 412x', 'video:0kB audio:1100kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 0.000000%'];
    expect(finishedWriting(done)).toBe(true);
    // Cut off mid-way: progress lines only.
    expect(finishedWriting(['size=     512kB time=00:00:16.38 bitrate= 256.0kbits/s speed= 300x'])).toBe(false);
    expect(finishedWriting([])).toBe(false);
  });
});

describe('decodeAudio', () => {
  it('decodes a bundled clip to 16 kHz mono with its container duration', async () => {
    const audio = await decodeAudio(path.join(FIXTURES, 'ked-applause-missing.m4a'));
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.duration).toBeGreaterThan(35);
    expect(audio.duration).toBeLessThan(35.5);
    expect(audio.containerDuration).not.toBeNull();
    expect(Math.abs(audio.duration - audio.containerDuration!)).toBeLessThan(0.1);
    // Real sound, not silence.
    let peak = 0;
    for (const s of audio.samples) peak = Math.max(peak, Math.abs(s));
    expect(peak).toBeGreaterThan(1000);
  });
});
