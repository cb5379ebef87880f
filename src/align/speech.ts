/** Where the recording has sound worth captioning, from frame energy (10 ms frames). */
export interface SpeechMask {
  /** 1 where the frame is above the silence threshold. */
  speech: Uint8Array;
  thresholdDb: number;
  hop: number;
}

function percentile(values: Float32Array, p: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))];
}

/**
 * Silence threshold between the recording's noise floor and its speech level, so it adapts to
 * room noise: a quarter of the way up from the floor, and at least 6 dB above it.
 */
export function speechMask(energyDb: Float32Array, hop = 0.01): SpeechMask {
  if (energyDb.length === 0) return { speech: new Uint8Array(0), thresholdDb: 0, hop };
  const floor = percentile(energyDb, 0.05);
  const loud = percentile(energyDb, 0.95);
  const thresholdDb = floor + Math.max(6, 0.25 * (loud - floor));
  const speech = new Uint8Array(energyDb.length);
  for (let f = 0; f < energyDb.length; f++) speech[f] = energyDb[f] > thresholdDb ? 1 : 0;
  // Close 50 ms holes (stop closures) so words are not split inside.
  for (let f = 1; f < speech.length - 5; f++) {
    if (speech[f - 1] && !speech[f]) {
      let g = f;
      while (g < speech.length && g < f + 5 && !speech[g]) g++;
      if (g < speech.length && speech[g] && g - f < 5) speech.fill(1, f, g);
    }
  }
  return { speech, thresholdDb, hop };
}

/**
 * Pull a word's edges in from silence: DTW stretches some frame over every pause, so a word often
 * comes out with a pause glued to one side. At most 85% of the word is trimmed; a word with no
 * sound at all is left as the path placed it.
 */
export function trimToSpeech(start: number, end: number, mask: SpeechMask): [number, number] {
  const { speech, hop } = mask;
  let a = Math.max(0, Math.round(start / hop));
  let b = Math.min(speech.length, Math.round(end / hop));
  if (b <= a) return [start, end];
  let any = false;
  for (let f = a; f < b; f++) if (speech[f]) any = true;
  if (!any) return [start, end];
  const maxTrim = Math.floor((b - a) * 0.85);
  let trimmed = 0;
  while (a < b - 1 && !speech[a] && trimmed < maxTrim) {
    a++;
    trimmed++;
  }
  while (b > a + 1 && !speech[b - 1] && trimmed < maxTrim) {
    b--;
    trimmed++;
  }
  return [a * hop, b * hop];
}
