/**
 * Non-speech sounds for the recordings: music (chords, a melody and drum-like noise
 * bursts) and applause (layers of amplitude-modulated band-passed noise) synthesized
 * with sox, and steady room noise generated here. Sox outputs are cached by parameters.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './proc.js';
import { Rng } from './rng.js';
import { readWav } from './wav.js';

const SR = 16000;

async function sox(args: string[]): Promise<void> {
  // -R: fixed seeds for sox's noise generators, so every machine makes the same sounds.
  const { code, stderr } = await run('sox', ['-R', ...args]);
  if (code !== 0) throw new Error(`sox failed (${code}): ${stderr.slice(-800)}`);
}

function cachePath(cacheDir: string, kind: string, params: unknown): string {
  const dir = join(cacheDir, 'sounds');
  mkdirSync(dir, { recursive: true });
  const h = createHash('sha1').update(`${kind}-v3:${JSON.stringify(params)}`).digest('hex').slice(0, 16);
  return join(dir, `${kind}-${h}.wav`);
}

const PROGRESSIONS = [
  [['C3', 'E3', 'G3', 'C4'], ['A2', 'C3', 'E3', 'A3'], ['F2', 'A2', 'C3', 'F3'], ['G2', 'B2', 'D3', 'G3']],
  [['D3', 'F#3', 'A3', 'D4'], ['B2', 'D3', 'F#3', 'B3'], ['G2', 'B2', 'D3', 'G3'], ['A2', 'C#3', 'E3', 'A3']],
];
const SCALES = [
  ['C4', 'D4', 'E4', 'G4', 'A4', 'C5'],
  ['D4', 'E4', 'F#4', 'A4', 'B4', 'D5'],
];

/**
 * Music of `seconds` length: 2-second bars of a 4-chord progression (plucked strings),
 * a pentatonic melody in eighth/quarter notes, kick-like sine sweeps on beats and
 * hi-hat-like noise bursts on off-beats; fades in and out.
 */
export async function makeMusic(cacheDir: string, seconds: number, seed: string): Promise<Float32Array> {
  const out = cachePath(cacheDir, 'music', { seconds, seed });
  if (!existsSync(out)) {
    const r = new Rng(`music:${seed}`);
    const style = r.int(0, PROGRESSIONS.length - 1);
    const prog = PROGRESSIONS[style];
    const scale = SCALES[style];
    const bar = 2;
    const bars = Math.ceil(seconds / bar);
    const barFiles: string[] = [];
    for (let b = 0; b < bars; b++) {
      const inputs: string[] = [];
      const chord = prog[b % prog.length];
      for (const note of chord) inputs.push(`|sox -n -r ${SR} -c 1 -R -p synth ${bar} pluck ${note} vol 0.5`);
      // Melody: quarter or eighth notes.
      let t = 0;
      while (t < bar - 0.01) {
        const len = r.chance(0.6) ? 0.25 : 0.5;
        if (r.chance(0.85)) {
          inputs.push(`|sox -n -r ${SR} -c 1 -R -p synth ${len} pluck ${r.pick(scale)} fade 0 ${len} 0.05 vol 0.7 pad ${t.toFixed(3)}`);
        }
        t += len;
      }
      for (let beat = 0; beat < 4; beat++) {
        const bt = beat * 0.5;
        inputs.push(`|sox -n -r ${SR} -c 1 -R -p synth 0.18 sine 110-40 fade 0 0.18 0.16 vol 0.9 pad ${bt.toFixed(3)}`);
        inputs.push(`|sox -n -r ${SR} -c 1 -R -p synth 0.06 whitenoise highpass 5000 fade 0 0.06 0.05 vol 0.35 pad ${(bt + 0.25).toFixed(3)}`);
        if (beat === 2 || (beat === 0 && r.chance(0.3))) {
          inputs.push(`|sox -n -r ${SR} -c 1 -R -p synth 0.12 whitenoise band 1500 1200 fade 0 0.12 0.1 vol 0.6 pad ${bt.toFixed(3)}`);
        }
      }
      const bf = `${out}.bar${b}.wav`;
      await sox(['-m', ...inputs.flatMap((i) => ['-v', '1', i]), '-r', String(SR), '-c', '1', '-b', '16', bf, 'trim', '0', String(bar)]);
      barFiles.push(bf);
    }
    const fadeOut = Math.min(3, seconds / 4);
    const fadeIn = Math.min(1.5, seconds / 3);
    await sox([...barFiles, '-b', '16', `${out}.tmp.wav`, 'trim', '0', String(seconds), 'fade', 'q', String(fadeIn), String(seconds), String(fadeOut)]);
    renameSync(`${out}.tmp.wav`, out);
    for (const f of barFiles) await run('rm', ['-f', f]);
  }
  return readWav(out).samples;
}

/**
 * Applause of `seconds` length: three layers of band-passed white noise, each
 * amplitude-modulated at a different rate (a crowd's clapping never locks in step),
 * swelling in quickly and dying away slowly.
 */
export async function makeApplause(cacheDir: string, seconds: number, seed: string): Promise<Float32Array> {
  const out = cachePath(cacheDir, 'applause', { seconds, seed });
  if (!existsSync(out)) {
    const r = new Rng(`applause:${seed}`);
    // -R seeds every layer's noise alike: each layer skips a different stretch of it.
    const layers = [0, 1, 2].map((k) => {
      const f = r.int(1800, 3200);
      const skip = (0.37 * (k + 1)).toFixed(2);
      return `|sox -n -r ${SR} -c 1 -R -p synth ${seconds + 0.37 * (k + 1)} whitenoise trim ${skip} band ${f} ${r.int(1200, 2000)} tremolo ${r.range(9, 23).toFixed(2)} ${r.int(50, 90)} tremolo ${r.range(3, 8).toFixed(2)} ${r.int(20, 50)}`;
    });
    await sox([
      '-m', ...layers.flatMap((l) => ['-v', '1', l]),
      '-r', String(SR), '-c', '1', '-b', '16', `${out}.tmp.wav`,
      'fade', 'q', '0.3', String(seconds), String(Math.min(1.5, seconds / 3)),
    ]);
    renameSync(`${out}.tmp.wav`, out);
  }
  return readWav(out).samples;
}

/** Steady room noise: pink-ish noise (Voss-McCartney-like filter bank) low-passed, unit RMS. */
export function makeRoomNoise(n: number, seed: string): Float32Array {
  const r = new Rng(`noise:${seed}`);
  const out = new Float32Array(n);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  let lp = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const w = r.gauss();
    // Paul Kellet's pink filter.
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    const pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
    lp += 0.35 * (pink - lp);
    out[i] = lp;
    acc += lp * lp;
  }
  const rms = Math.sqrt(acc / Math.max(1, n)) || 1;
  for (let i = 0; i < n; i++) out[i] /= rms;
  return out;
}

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let acc = 0;
  for (let i = from; i < to; i++) acc += x[i] * x[i];
  return Math.sqrt(acc / Math.max(1, to - from));
}
