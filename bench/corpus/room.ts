/**
 * What the room and the broadcast chain do to the speech: a telephone band for a remote
 * question, reverberation (sox), steady noise (room tone, mains hum, babble made from other
 * speech), and chatter of people waiting (speech that no transcript holds). None of these
 * moves a word in time: the band filter runs forwards and backwards (zero phase), and sox's
 * reverb passes the dry signal through undelayed (pre-delay 0), so the truth stays exact.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './proc.js';
import { Rng } from './rng.js';
import { makeRoomNoise } from './sounds.js';
import { encodeWav, readWav } from './wav.js';

const SR = 16000;

/** One second-order section (RBJ cookbook), applied in place. */
function biquad(x: Float32Array, b0: number, b1: number, b2: number, a1: number, a2: number): void {
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    const y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x0;
    y2 = y1;
    y1 = y0;
    x[i] = y0;
  }
}

function butterworth(x: Float32Array, kind: 'low' | 'high', hz: number): void {
  const w = (2 * Math.PI * hz) / SR;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b = kind === 'low' ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  biquad(x, b[0] / a0, b[1] / a0, b[2] / a0, (-2 * cos) / a0, (1 - alpha) / a0);
}

/**
 * A telephone line, 300–3,400 Hz: Butterworth high- and low-pass run forwards, then over the
 * reversed signal, so the phase shifts cancel (no delay) and the slopes double.
 */
export function telephoneBand(x: Float32Array): Float32Array {
  const y = Float32Array.from(x);
  for (let pass = 0; pass < 2; pass++) {
    butterworth(y, 'high', 300);
    butterworth(y, 'high', 300);
    butterworth(y, 'low', 3400);
    butterworth(y, 'low', 3400);
    y.reverse();
  }
  return y;
}

export interface ReverbSpec {
  /** sox reverb's reverberance (%), HF damping (%) and room scale (%). */
  reverberance: number;
  damping: number;
  roomScale: number;
  /** Wet gain (dB): how loud the reverberant field is against the direct sound. */
  wetDb: number;
}

/** Reverberates a signal with sox (dry + wet, pre-delay 0); same length out. */
export async function reverberate(x: Float32Array, spec: ReverbSpec): Promise<Float32Array> {
  const dir = mkdtempSync(join(tmpdir(), 'capsync-reverb-'));
  try {
    // Headroom: the wet field adds energy; scale down, then back.
    const scale = 0.5;
    const pre = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) pre[i] = x[i] * scale;
    writeFileSync(join(dir, 'in.wav'), encodeWav(pre));
    const args = [
      '-R', join(dir, 'in.wav'), join(dir, 'out.wav'),
      'reverb', String(spec.reverberance), String(spec.damping), String(spec.roomScale), '100', '0', String(spec.wetDb),
      'trim', '0', `${x.length}s`,
    ];
    const { code, stderr } = await run('sox', args);
    if (code !== 0) throw new Error(`sox reverb failed: ${stderr.slice(-500)}`);
    const out = readWav(join(dir, 'out.wav')).samples;
    const y = new Float32Array(x.length);
    for (let i = 0; i < y.length && i < out.length; i++) y[i] = out[i] / scale;
    return y;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mains hum: 50 or 60 Hz and its odd harmonics, slowly wavering, with a little hiss; unit RMS. */
export function makeHum(n: number, seed: string, mainsHz: 50 | 60): Float32Array {
  const r = new Rng(`hum:${seed}`);
  const amps = [1, 0.5, 0.6, 0.3, 0.25, 0.12].map((a) => a * r.range(0.7, 1.3));
  const phases = amps.map(() => r.range(0, 2 * Math.PI));
  const hiss = makeRoomNoise(n, `hum-hiss:${seed}`);
  const out = new Float32Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const waver = 1 + 0.1 * Math.sin(2 * Math.PI * 0.13 * t);
    let v = 0;
    for (let k = 0; k < amps.length; k++) v += amps[k] * Math.sin(2 * Math.PI * mainsHz * (2 * k + 1) * t + phases[k]);
    out[i] = v * waver + 0.15 * hiss[i];
    acc += out[i] * out[i];
  }
  const rms = Math.sqrt(acc / Math.max(1, n)) || 1;
  for (let i = 0; i < n; i++) out[i] /= rms;
  return out;
}

/** One synthesized chatter sentence: its samples (16 kHz) trimmed to its words. */
export interface ChatterClip {
  samples: Float32Array;
}

/**
 * Overlapping conversations: `streams` independent talkers, each saying random clips from the
 * bank with pauses of 0.3–2.5 s, each at its own level (−4 to −14 dB); the sum is scaled to
 * unit RMS over the active part. Used for chatter (near, intelligible) and babble (many streams,
 * far: noise).
 */
export function mixChatter(n: number, bank: ChatterClip[], streams: number, seed: string): Float32Array {
  const r = new Rng(`chatter:${seed}`);
  const out = new Float32Array(n);
  if (!bank.length || n === 0) return out;
  for (let s = 0; s < streams; s++) {
    const gain = 10 ** (-r.range(4, 14) / 20);
    let t = Math.floor(r.range(0, 2) * SR);
    while (t < n) {
      const clip = r.pick(bank).samples;
      for (let i = 0; i < clip.length && t + i < n; i++) out[t + i] += clip[i] * gain;
      t += clip.length + Math.floor(r.range(0.3, 2.5) * SR);
    }
  }
  let acc = 0;
  for (let i = 0; i < n; i++) acc += out[i] * out[i];
  const rms = Math.sqrt(acc / n) || 1;
  for (let i = 0; i < n; i++) out[i] /= rms;
  // Fade the edges so a chatter span does not start or stop with a click.
  const fade = Math.min(n >> 2, Math.floor(0.3 * SR));
  for (let i = 0; i < fade; i++) {
    out[i] *= i / fade;
    out[n - 1 - i] *= i / fade;
  }
  return out;
}
