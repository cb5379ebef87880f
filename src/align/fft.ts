import initPffft from '@echogarden/pffft-wasm/simd';

/**
 * Real-input FFT on PFFFT compiled to WebAssembly with SIMD: about four times faster than the best
 * pure-JavaScript FFT here, and the MFCCs of an hour of recording plus its reference are the
 * largest single cost of a run. The module is instantiated once per thread (workers included).
 */
interface PffftModule {
  HEAPF32: Float32Array;
  _pffft_new_setup(size: number, transform: number): number;
  _pffft_destroy_setup(setup: number): void;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_aligned_free(pointer: number): void;
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
}

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

const pffft = (await initPffft()) as PffftModule;

export class RealFft {
  readonly size: number;
  private readonly setup: number;
  private views: { input: Float32Array; output: Float32Array } | null = null;
  private readonly pointers: [number, number, number];

  constructor(size: number) {
    if (size < 32 || size % 32 !== 0) throw new RangeError(`FFT size ${size} is not a multiple of 32`);
    this.size = size;
    this.setup = pffft._pffft_new_setup(size, PFFFT_REAL);
    this.pointers = [0, 0, 0].map(() => pffft._pffft_aligned_malloc(size * 4)) as [number, number, number];
  }

  /** Write the frame here before `transform()` (a view on WebAssembly memory). */
  get input(): Float32Array {
    return this.currentViews().input;
  }

  /**
   * After `transform()`: `[re0, reN/2, re1, im1, re2, im2, …]`, PFFFT's ordered real layout (bin 0
   * and the Nyquist bin are real and share the first pair).
   */
  get output(): Float32Array {
    return this.currentViews().output;
  }

  /** Views on the heap, renewed if another allocation grew (and so replaced) the heap's buffer. */
  private currentViews(): { input: Float32Array; output: Float32Array } {
    const heap = pffft.HEAPF32;
    if (!this.views || this.views.input.buffer !== heap.buffer) {
      const [input, output] = this.pointers;
      this.views = {
        input: heap.subarray(input >> 2, (input >> 2) + this.size),
        output: heap.subarray(output >> 2, (output >> 2) + this.size),
      };
    }
    return this.views;
  }

  transform(): void {
    pffft._pffft_transform_ordered(this.setup, this.pointers[0], this.pointers[1], this.pointers[2], PFFFT_FORWARD);
  }

  /** Power per bin, 0..size/2, into `power`. */
  powerSpectrum(power: Float64Array): void {
    const out = this.output;
    const half = this.size / 2;
    power[0] = out[0] * out[0];
    power[half] = out[1] * out[1];
    for (let k = 1; k < half; k++) {
      const re = out[2 * k];
      const im = out[2 * k + 1];
      power[k] = re * re + im * im;
    }
  }

  dispose(): void {
    for (const pointer of this.pointers) pffft._pffft_aligned_free(pointer);
    pffft._pffft_destroy_setup(this.setup);
  }
}
