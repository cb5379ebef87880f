/** Minimal PCM16 WAV reading and writing (all corpus audio is 16-bit PCM). */
import { readFileSync } from 'node:fs';

export interface Wav {
  sampleRate: number;
  /** Mono samples in [-1, 1) (channels are averaged). */
  samples: Float32Array;
}

export function parseWav(buf: Buffer): Wav {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let pos = 12;
  let channels = 1;
  let sampleRate = 0;
  let bits = 0;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    let size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      const format = buf.readUInt16LE(body);
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
      if ((format !== 1 && format !== 0xfffe) || bits !== 16) throw new Error(`unsupported WAV format ${format}/${bits}`);
    } else if (id === 'data') {
      // Streams written to a pipe leave the size unset; take the rest of the file.
      if (size === 0 || size === 0xffffffff || body + size > buf.length) size = buf.length - body;
      const frames = Math.floor(size / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let acc = 0;
        for (let c = 0; c < channels; c++) acc += buf.readInt16LE(body + 2 * (i * channels + c));
        samples[i] = acc / channels / 32768;
      }
      return { sampleRate, samples };
    }
    pos = body + size + (size & 1);
  }
  throw new Error('WAV has no data chunk');
}

export function readWav(path: string): Wav {
  return parseWav(readFileSync(path));
}

/** 16 kHz (or given rate) mono s16 WAV; samples are clipped to [-1, 1]. */
export function encodeWav(samples: Float32Array, sampleRate = 16000): Buffer {
  const n = samples.length;
  const buf = Buffer.alloc(44 + 2 * n);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + 2 * n, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(2 * n, 40);
  const pcm = new Int16Array(buf.buffer, buf.byteOffset + 44, n);
  for (let i = 0; i < n; i++) {
    const v = Math.round(samples[i] * 32767);
    pcm[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return buf;
}
