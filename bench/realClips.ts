/**
 * Real speech, each clip on its own: the JFK inaugural excerpt (samples/jfk) and the LibriVox
 * clips of Debian's `pocketsphinx-testdata`, aligned by capsync's acoustic engine (the library's
 * alignTranscript, as generate runs it) and compared word by word with the reference aligner's
 * times (pocketsphinx forced alignment, bench/corpus/real.ts). The issue's target: no word more
 * than 250 ms from the reference.
 *
 *   npx tsx bench/realClips.ts            # needs bench/corpus/setup.sh (pocketsphinx, its test data)
 *
 * The reference is an HMM aligner of the same model family as capsync's (the CMU en-us model), not
 * a human labeller, so agreement here is optimistic; bench/corpus/checkReal.ts measures how far a
 * second, unrelated aligner (Echogarden) is from it.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableClips, loadClip } from './corpus/real.js';
import { parseTranscript } from '../src/text/parse.js';
import { alignTranscript } from '../src/align/index.js';
import { decodeAudio } from '../src/media/decode.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = resolve(HERE, '.cache');
const FAR_SECONDS = 0.25;

const ms = (seconds: number) => Math.round(seconds * 1000);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const clips = availableClips();
  if (!clips.length) throw new Error('no real clips found: run bench/corpus/setup.sh');
  const all: number[] = [];
  let unplaced = 0;
  console.log('| clip | s | words | placed | start error vs reference: median / p90 / max (ms) | > 250 ms | wall s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const id of clips) {
    const clip = await loadClip(id, CACHE);
    const audio = await decodeAudio(clip.wavPath);
    const transcript = parseTranscript(clip.tokens.join(' '));
    if (transcript.words.length !== clip.tokens.length) {
      console.log(`| ${id} | – | ${clip.tokens.length} | – | parsed into ${transcript.words.length} words, not compared | – | – |`);
      continue;
    }
    const started = performance.now();
    const result = await alignTranscript(audio.samples, audio.sampleRate, transcript, { engine: 'acoustic' });
    const wall = (performance.now() - started) / 1000;
    const errors: number[] = [];
    let placed = 0;
    result.words.forEach((word, i) => {
      if (word.start === null) return;
      placed++;
      errors.push(Math.abs(word.start - clip.times[i].start));
    });
    unplaced += clip.tokens.length - placed;
    all.push(...errors);
    const sorted = [...errors].sort((a, b) => a - b);
    const far = errors.filter((e) => e > FAR_SECONDS).length + (clip.tokens.length - placed);
    console.log(
      `| ${id} | ${audio.duration.toFixed(1)} | ${clip.tokens.length} | ${placed} | ` +
        `${sorted.length ? `${ms(quantile(sorted, 0.5))} / ${ms(quantile(sorted, 0.9))} / ${ms(sorted[sorted.length - 1])}` : '–'} | ${far} | ${wall.toFixed(1)} |`,
    );
  }
  const sorted = [...all].sort((a, b) => a - b);
  const far = all.filter((e) => e > FAR_SECONDS).length + unplaced;
  console.log(
    `| all | | ${all.length + unplaced} | ${all.length} | ${ms(quantile(sorted, 0.5))} / ${ms(quantile(sorted, 0.9))} / ${ms(sorted[sorted.length - 1])} | ${far} | |`,
  );
  console.log(`\nwithin 100 ms: ${((100 * all.filter((e) => e <= 0.1).length) / (all.length + unplaced)).toFixed(1)}% of ${all.length + unplaced} words; more than 250 ms off or unplaced: ${far}`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
