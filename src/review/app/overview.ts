/**
 * The timeline of the whole recording: loudness (from the envelope capsync embedded) above
 * lanes for what the transcript covers, passages not found, speech with no text, doubtful
 * words, the cues and the chapters. Clicking or dragging seeks; as a slider it also answers
 * the arrow keys.
 */
import type { EditState, ReviewData, ReviewSpot } from '../model/types.js';
import { byId, formatTime } from './dom.js';
import type { Player } from './player.js';

export const LANE_COLORS = {
  loudness: '#6b7785',
  covered: '#009e73',
  notFound: '#d55e00',
  noText: '#e69f00',
  lowConfidence: '#cc79a7',
  cues: '#0072b2',
  chapters: '#1b1f24',
  playhead: '#c00000',
  spot: 'rgba(240, 200, 0, 0.35)',
} as const;

const LOUDNESS_HEIGHT = 36;
const LANE_HEIGHT = 9;
const LANE_GAP = 2;
const LANES = ['covered', 'notFound', 'noText', 'lowConfidence', 'cues'] as const;
const TOTAL_HEIGHT = LOUDNESS_HEIGHT + 4 + LANES.length * (LANE_HEIGHT + LANE_GAP) + 2;

export class Overview {
  private readonly canvas: HTMLCanvasElement;
  private levels: Uint8Array | null = null;
  private columns: Float32Array = new Float32Array(0);
  private width = 0;
  private state: EditState;
  private spot: ReviewSpot | null = null;
  private time = 0;
  private weakTimes: number[];
  private dragging = false;

  constructor(private readonly data: ReviewData, private readonly player: Player, state: EditState) {
    this.canvas = byId<HTMLCanvasElement>('overview');
    this.state = state;
    if (data.envelope) {
      const binary = atob(data.envelope.levels);
      this.levels = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) this.levels[i] = binary.charCodeAt(i);
    }
    this.weakTimes = data.words.start.filter((s, i): s is number => s !== null && data.words.confidence[i] < data.lowConfidenceThreshold);
    this.canvas.style.height = `${TOTAL_HEIGHT}px`;
    new ResizeObserver(() => this.resize()).observe(this.canvas);
    const seekAt = (event: PointerEvent): void => {
      const box = this.canvas.getBoundingClientRect();
      this.player.seek(((event.clientX - box.left) / box.width) * this.duration);
    };
    this.canvas.addEventListener('pointerdown', (event) => {
      this.dragging = true;
      this.canvas.setPointerCapture(event.pointerId);
      seekAt(event);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      const box = this.canvas.getBoundingClientRect();
      byId('overview-hover').textContent = formatTime(((event.clientX - box.left) / box.width) * this.duration, 0);
      if (this.dragging) seekAt(event);
    });
    this.canvas.addEventListener('pointerup', () => {
      this.dragging = false;
    });
    this.canvas.addEventListener('pointerleave', () => {
      byId('overview-hover').textContent = '';
    });
    this.canvas.addEventListener('keydown', (event) => {
      const steps: Record<string, number> = { ArrowLeft: -5, ArrowRight: 5, ArrowDown: -5, ArrowUp: 5, PageDown: -60, PageUp: 60 };
      if (event.key in steps) this.player.skip(steps[event.key] * (event.shiftKey ? 6 : 1));
      else if (event.key === 'Home') this.player.seek(0);
      else if (event.key === 'End') this.player.seek(this.duration);
      else return;
      event.preventDefault();
      event.stopPropagation();
    });
    this.canvas.setAttribute('aria-valuemin', '0');
    this.canvas.setAttribute('aria-valuemax', String(Math.round(this.duration)));
    player.onTick((t) => {
      this.time = t;
      this.canvas.setAttribute('aria-valuenow', String(Math.round(t)));
      this.canvas.setAttribute('aria-valuetext', formatTime(t, 0));
      this.draw();
    });
  }

  private get duration(): number {
    return this.data.duration > 0 ? this.data.duration : this.player.duration || 1;
  }

  setState(state: EditState): void {
    this.state = state;
    this.draw();
  }

  setSpot(spot: ReviewSpot | null): void {
    this.spot = spot;
    this.draw();
  }

  private resize(): void {
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = this.canvas.clientWidth;
    this.width = Math.max(1, Math.round(cssWidth * ratio));
    this.canvas.width = this.width;
    this.canvas.height = Math.round(TOTAL_HEIGHT * ratio);
    // Loudness per pixel column: the loudest bin under it.
    this.columns = new Float32Array(this.width);
    if (this.levels && this.data.envelope) {
      const binsPerColumn = this.levels.length / this.width;
      for (let x = 0; x < this.width; x++) {
        const from = Math.floor(x * binsPerColumn);
        const to = Math.max(from + 1, Math.floor((x + 1) * binsPerColumn));
        let max = 0;
        for (let b = from; b < to && b < this.levels.length; b++) if (this.levels[b] > max) max = this.levels[b];
        this.columns[x] = max / 255;
      }
    }
    this.draw();
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.width === 0) return;
    const ratio = this.canvas.height / TOTAL_HEIGHT;
    const w = this.width;
    const x = (t: number): number => (t / this.duration) * w;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, this.canvas.height);
    ctx.scale(1, ratio);
    // Loudness, drawn up from a baseline.
    ctx.fillStyle = LANE_COLORS.loudness;
    for (let i = 0; i < this.columns.length; i++) {
      const hgt = this.columns[i] * LOUDNESS_HEIGHT;
      if (hgt > 0.5) ctx.fillRect(i, LOUDNESS_HEIGHT - hgt, 1, hgt);
    }
    const laneTop = (lane: (typeof LANES)[number]): number => LOUDNESS_HEIGHT + 4 + LANES.indexOf(lane) * (LANE_HEIGHT + LANE_GAP);
    const spans = (lane: (typeof LANES)[number], list: ReadonlyArray<{ start: number; end: number }>, color: string): void => {
      ctx.fillStyle = color;
      const top = laneTop(lane);
      for (const s of list) ctx.fillRect(x(s.start), top, Math.max(2, x(s.end) - x(s.start)), LANE_HEIGHT);
    };
    ctx.fillStyle = '#eef0f3';
    for (const lane of LANES) ctx.fillRect(0, laneTop(lane), w, LANE_HEIGHT);
    spans('covered', this.data.spans.covered, LANE_COLORS.covered);
    spans('notFound', this.data.spans.notFound, LANE_COLORS.notFound);
    spans('noText', this.data.spans.speechWithoutText, LANE_COLORS.noText);
    spans('lowConfidence', this.data.spans.lowConfidence, LANE_COLORS.lowConfidence);
    ctx.fillStyle = LANE_COLORS.lowConfidence;
    for (const t of this.weakTimes) ctx.fillRect(x(t) - 1, laneTop('lowConfidence') + 2, 2, LANE_HEIGHT - 4);
    spans('cues', this.state.cues, LANE_COLORS.cues);
    // Chapter marks across the whole height.
    ctx.fillStyle = LANE_COLORS.chapters;
    for (const chapter of this.state.chapters) ctx.fillRect(x(chapter.start), 0, Math.max(1, ratio), TOTAL_HEIGHT);
    if (this.spot && this.spot.start !== null && this.spot.end !== null) {
      ctx.fillStyle = LANE_COLORS.spot;
      ctx.fillRect(x(this.spot.start), 0, Math.max(3, x(this.spot.end) - x(this.spot.start)), TOTAL_HEIGHT);
    }
    ctx.fillStyle = LANE_COLORS.playhead;
    ctx.fillRect(x(this.time) - ratio, 0, 2 * ratio, TOTAL_HEIGHT);
  }
}
