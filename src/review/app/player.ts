/**
 * The media element and its two text tracks. Captions and chapters are the files the page
 * would export right now, handed to the browser as blob URLs, so the browser's own WebVTT
 * rendering shows exactly what would be uploaded, edits included.
 */
import type { ReviewData } from '../model/types.js';
import { byId, formatTime } from './dom.js';

type TickListener = (time: number) => void;

export class Player {
  readonly media: HTMLVideoElement;
  private tickListeners: TickListener[] = [];
  private stopAt: number | null = null;
  private frame = 0;
  private captionTrack: HTMLTrackElement | null = null;
  private chapterTrack: HTMLTrackElement | null = null;
  private chapterListeners: Array<(title: string | null) => void> = [];

  constructor(private readonly data: ReviewData) {
    this.media = byId<HTMLVideoElement>('media');
    if (data.media.kind === 'audio') this.media.classList.add('audio-only');
    this.media.src = data.media.href;
    this.media.addEventListener('error', () => this.showMissing());
    this.media.addEventListener('timeupdate', () => this.tick());
    this.media.addEventListener('seeked', () => this.tick());
    this.media.addEventListener('play', () => this.loop());
    byId<HTMLInputElement>('media-file').addEventListener('change', (event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (!file) return;
      this.media.src = URL.createObjectURL(file);
      byId('media-missing').hidden = true;
    });
  }

  get time(): number {
    return this.media.currentTime;
  }

  get duration(): number {
    return Number.isFinite(this.media.duration) && this.media.duration > 0 ? this.media.duration : this.data.duration;
  }

  onTick(listener: TickListener): void {
    this.tickListeners.push(listener);
  }

  onChapter(listener: (title: string | null) => void): void {
    this.chapterListeners.push(listener);
  }

  seek(time: number): void {
    this.stopAt = null;
    this.media.currentTime = Math.max(0, Math.min(time, this.duration));
    this.tick();
  }

  /** Play [from, to] and pause at its end (a review spot), or just seek when `play` is false. */
  playSpan(from: number, to: number, play: boolean): void {
    this.seek(from);
    if (!play) return;
    this.stopAt = to;
    void this.media.play().catch(() => undefined);
  }

  togglePlay(): void {
    this.stopAt = null;
    if (this.media.paused) void this.media.play().catch(() => undefined);
    else this.media.pause();
  }

  skip(seconds: number): void {
    this.seek(this.media.currentTime + seconds);
  }

  /** Swap in new caption and chapter tracks (the text of the files as they would be exported). */
  setTracks(captionsVtt: string, chaptersVtt: string): void {
    this.captionTrack = this.replaceTrack(this.captionTrack, captionsVtt, 'captions', 'showing');
    this.chapterTrack = this.replaceTrack(this.chapterTrack, chaptersVtt, 'chapters', 'hidden');
    const track = this.chapterTrack.track;
    track.addEventListener('cuechange', () => {
      const cue = track.activeCues?.[0] as VTTCue | undefined;
      for (const listener of this.chapterListeners) listener(cue ? (cue.getCueAsHTML().textContent ?? cue.text) : null);
    });
  }

  private replaceTrack(old: HTMLTrackElement | null, vtt: string, kind: 'captions' | 'chapters', mode: TextTrackMode): HTMLTrackElement {
    const element = document.createElement('track');
    element.kind = kind;
    element.srclang = this.data.language;
    element.label = kind === 'captions' ? 'Captions (with your edits)' : 'Chapters';
    if (kind === 'captions') element.default = true;
    element.src = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
    element.dataset.kind = kind;
    this.media.append(element);
    element.track.mode = mode;
    if (old) {
      old.track.mode = 'disabled';
      URL.revokeObjectURL(old.src);
      old.remove();
    }
    return element;
  }

  private showMissing(): void {
    const box = byId('media-missing');
    byId('media-missing-path').textContent = decodeURI(this.data.media.href);
    box.hidden = false;
  }

  private loop(): void {
    cancelAnimationFrame(this.frame);
    const step = (): void => {
      this.tick();
      if (!this.media.paused) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  private tick(): void {
    const time = this.media.currentTime;
    if (this.stopAt !== null && time >= this.stopAt && !this.media.paused) {
      this.media.pause();
      this.stopAt = null;
    }
    byId('clock').textContent = `${formatTime(time, 1)} / ${formatTime(this.duration, 0)}`;
    for (const listener of this.tickListeners) listener(time);
  }
}
