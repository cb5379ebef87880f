/**
 * How far to trust the real clips' reference truth: aligns each clip with a second, unrelated
 * aligner (Echogarden 2.10.2, `dtw` on an eSpeak-NG reference, as bench/echogarden/align.mjs runs
 * it) and prints how far its word starts are from pocketsphinx's. Their disagreement bounds the
 * precision of the real-speech words' truth.
 *
 *   npx tsx bench/corpus/checkReal.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableClips, loadClip } from './real.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = resolve(HERE, '..', '.cache');

async function main(): Promise<void> {
  const all: number[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'capsync-real-'));
  try {
    for (const id of availableClips()) {
      const clip = await loadClip(id, CACHE);
      writeFileSync(join(tmp, 't.txt'), clip.tokens.join(' ') + '\n');
      execFileSync('node', [join(HERE, '..', 'echogarden', 'align.mjs'), clip.wavPath, join(tmp, 't.txt'), join(tmp, 'o.json')], { stdio: 'ignore' });
      const eg = JSON.parse(readFileSync(join(tmp, 'o.json'), 'utf8')) as { words: { text: string; start: number }[] };
      if (eg.words.length !== clip.tokens.length) {
        console.log(`${id}: Echogarden gave ${eg.words.length} words for ${clip.tokens.length}; skipped`);
        continue;
      }
      const d = clip.times.map((t, i) => Math.abs(t.start - eg.words[i].start));
      all.push(...d);
      const s = [...d].sort((a, b) => a - b);
      console.log(`${id}: ${d.length} words, |pocketsphinx − Echogarden| start median ${Math.round(s[s.length >> 1] * 1000)} ms, max ${Math.round(s[s.length - 1] * 1000)} ms`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const s = [...all].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 1000);
  console.log(`all: ${s.length} words, median ${q(0.5)} ms, p90 ${q(0.9)} ms, within 100 ms ${((100 * s.filter((x) => x <= 0.1).length) / s.length).toFixed(0)}%`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
