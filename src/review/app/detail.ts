/**
 * The zoomed waveform under the player (wavesurfer.js, drawn from capsync's loudness envelope:
 * it never fetches or decodes the media). Each cue is a region whose edges can be dragged to
 * change its times; the view scrolls with playback and clicking seeks.
 */
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/plugins/regions';
import type { EditState, ReviewCue, ReviewData } from '../model/types.js';
import { byId } from './dom.js';
import type { Player } from './player.js';

/**
 * Regions exist only for cues within this many seconds of the view's centre: the regions plugin
 * keeps a DOM element per region, and a long recording has a thousand cues.
 */
const REGION_WINDOW_SECONDS = 90;
/** Pixels per second at zoom 1: about 12 s of a laptop-wide strip, enough to see word gaps. */
const BASE_PX_PER_SEC = 100;
const ZOOM_STEPS = [0.25, 0.5, 1, 2, 4];
const CUE_COLOR = 'rgba(0, 114, 178, 0.16)';
const SELECTED_COLOR = 'rgba(230, 159, 0, 0.32)';

export class Detail {
  private readonly wavesurfer: WaveSurfer | null = null;
  private readonly regions: ReturnType<typeof RegionsPlugin.create> | null = null;
  private byId = new Map<string, Region>();
  private selected: string | null = null;
  private zoom = 2;
  /** Regions can be placed once wavesurfer knows the duration; until then the latest state waits here. */
  private ready = false;
  private cues: readonly ReviewCue[] = [];
  private center = 0;
  private onTimes: (id: string, start: number, end: number) => void = () => undefined;
  private onSelect: (id: string) => void = () => undefined;

  constructor(private readonly data: ReviewData, player: Player) {
    const container = byId('detail');
    if (!data.envelope) {
      container.textContent = 'No loudness data in this page.';
      return;
    }
    const binary = atob(data.envelope.levels);
    const peaks = new Float32Array(binary.length);
    for (let i = 0; i < binary.length; i++) peaks[i] = binary.charCodeAt(i) / 255;
    this.regions = RegionsPlugin.create();
    this.wavesurfer = WaveSurfer.create({
      container,
      media: player.media,
      peaks: [peaks],
      duration: data.duration,
      height: 64,
      minPxPerSec: BASE_PX_PER_SEC,
      waveColor: '#8a96a3',
      progressColor: '#4d5965',
      cursorColor: '#c00000',
      cursorWidth: 2,
      normalize: false,
      autoScroll: true,
      autoCenter: true,
      interact: true,
      plugins: [this.regions],
    });
    this.wavesurfer.on('ready', () => {
      this.ready = true;
      this.sync();
    });
    this.wavesurfer.on('scroll', (visibleStart: number, visibleEnd: number) => this.follow((visibleStart + visibleEnd) / 2));
    player.onTick((t) => this.follow(t));
    this.regions.on('region-updated', (region) => this.onTimes(region.id, region.start, region.end));
    this.regions.on('region-clicked', (region, event) => {
      event.stopPropagation();
      this.onSelect(region.id);
    });
    byId('zoom-in').addEventListener('click', () => this.setZoom(this.zoom + 1));
    byId('zoom-out').addEventListener('click', () => this.setZoom(this.zoom - 1));
  }

  /** Called when a cue's edges were dragged, and when a cue region is clicked. */
  listen(onTimes: (id: string, start: number, end: number) => void, onSelect: (id: string) => void): void {
    this.onTimes = onTimes;
    this.onSelect = onSelect;
  }

  setZoom(step: number): void {
    this.zoom = Math.max(0, Math.min(ZOOM_STEPS.length - 1, step));
    this.wavesurfer?.zoom(BASE_PX_PER_SEC * ZOOM_STEPS[this.zoom]);
  }

  setState(state: EditState): void {
    this.cues = state.cues;
    this.sync();
  }

  /** Move the window of regions when the view has moved a third of the way out of it. */
  private follow(time: number): void {
    if (Math.abs(time - this.center) < REGION_WINDOW_SECONDS / 3) return;
    this.center = time;
    this.sync();
  }

  /** Bring the regions near the view in line with the cues (added, removed, moved, retexted). */
  private sync(): void {
    if (!this.regions || !this.ready) return;
    const from = this.center - REGION_WINDOW_SECONDS;
    const to = this.center + REGION_WINDOW_SECONDS;
    const seen = new Set<string>();
    for (const cue of this.cues) {
      if (cue.end < from || cue.start > to) continue;
      seen.add(cue.id);
      const region = this.byId.get(cue.id);
      const content = this.label(cue);
      if (!region) {
        this.byId.set(cue.id, this.regions.addRegion({ id: cue.id, start: cue.start, end: cue.end, color: this.color(cue.id), content, drag: false, resize: true, minLength: 0.1 }));
      } else if (region.start !== cue.start || region.end !== cue.end || region.content?.textContent !== content.textContent) {
        region.setOptions({ start: cue.start, end: cue.end, content });
      }
    }
    for (const [id, region] of this.byId) {
      if (!seen.has(id)) {
        region.remove();
        this.byId.delete(id);
      }
    }
  }

  select(id: string | null): void {
    if (this.selected === id) return;
    const before = this.selected ? this.byId.get(this.selected) : undefined;
    before?.setOptions({ color: CUE_COLOR });
    this.selected = id;
    const region = id ? this.byId.get(id) : undefined;
    region?.setOptions({ color: SELECTED_COLOR });
  }

  private color(id: string): string {
    return id === this.selected ? SELECTED_COLOR : CUE_COLOR;
  }

  private label(cue: ReviewCue): HTMLElement {
    const span = document.createElement('span');
    span.className = 'region-text';
    span.textContent = cue.lines.join(' ');
    return span;
  }
}
