/**
 * The cue editor (text, times, split, merge, re-break, delete, add) and the list of all cues.
 * The editor shows the cue under the playhead until the reviewer works in it; typing into the
 * text box is one undo step per visit.
 */
import type { LintIssue } from '../../captions/lint.js';
import { addCue, deleteCue, mergeWithNext, rewrapLines, setCueText, setCueTimes, splitCue } from '../model/edits.js';
import type { ReviewCue, ReviewData } from '../model/types.js';
import { byId, formatTime, h, lastStartingBefore, parseTime } from './dom.js';
import type { Player } from './player.js';
import type { Store } from './store.js';

const NUDGE_SECONDS = 0.05;

export class CueEditor {
  selected: string | null = null;
  private issues = new Map<string, LintIssue[]>();
  private textAtFocus = '';
  private readonly text = byId<HTMLTextAreaElement>('cue-text');
  private readonly start = byId<HTMLInputElement>('cue-start');
  private readonly end = byId<HTMLInputElement>('cue-end');
  private readonly panel = byId('editor');
  private listeners: Array<(id: string | null) => void> = [];

  constructor(private readonly data: ReviewData, private readonly player: Player, private readonly store: Store) {
    this.text.addEventListener('focus', () => {
      this.textAtFocus = this.text.value;
      if (this.selected) store.checkpoint();
    });
    this.text.addEventListener('input', () => {
      const id = this.selected;
      if (id) store.amend((s) => setCueText(s, id, this.text.value));
    });
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        const id = this.selected;
        if (id && this.text.value !== this.textAtFocus) store.amend((s) => setCueText(s, id, this.textAtFocus));
        this.text.blur();
        event.stopPropagation();
      }
    });
    for (const [input, side] of [[this.start, 'start'], [this.end, 'end']] as const) {
      input.addEventListener('change', () => this.applyTime(side, parseTime(input.value)));
      input.addEventListener('keydown', (event) => {
        const cue = this.cue();
        if (!cue) return;
        if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
          event.preventDefault();
          const delta = (event.key === 'ArrowUp' ? 1 : -1) * NUDGE_SECONDS * (event.shiftKey ? 10 : 1);
          this.applyTime(side, (side === 'start' ? cue.start : cue.end) + delta);
        } else if (event.key === 'Enter') this.applyTime(side, parseTime(input.value));
      });
    }
    byId('cue-start-now').addEventListener('click', () => this.setEdgeToPlayhead('start'));
    byId('cue-end-now').addEventListener('click', () => this.setEdgeToPlayhead('end'));
    byId('cue-split').addEventListener('click', () => this.split());
    byId('cue-merge').addEventListener('click', () => this.edit((s, id) => mergeWithNext(s, id, data.limits)));
    byId('cue-rewrap').addEventListener('click', () => this.rewrap());
    byId('cue-delete').addEventListener('click', () => this.remove());
    byId('cue-add').addEventListener('click', () => this.add());
    byId('cue-prev').addEventListener('click', () => this.stepCue(-1));
    byId('cue-next').addEventListener('click', () => this.stepCue(1));
    byId('cue-list').addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('[data-cue]');
      if (!row?.dataset.cue) return;
      this.select(row.dataset.cue);
      const cue = this.cue();
      if (cue) player.seek(cue.start);
    });
    store.on('edit', () => {
      this.refresh();
      this.scheduleList();
    });
    player.onTick((t) => this.follow(t));
  }

  onSelect(listener: (id: string | null) => void): void {
    this.listeners.push(listener);
  }

  cue(): ReviewCue | null {
    return this.store.state.cues.find((c) => c.id === this.selected) ?? null;
  }

  /** While the reviewer is not working in the editor, it shows the cue under the playhead. */
  private follow(time: number): void {
    if (this.panel.contains(document.activeElement)) return;
    const cues = this.store.state.cues;
    const i = lastStartingBefore(cues.map((c) => c.start), time + 1e-3);
    if (i >= 0 && cues[i].end > time && cues[i].id !== this.selected) this.select(cues[i].id);
  }

  select(id: string | null): void {
    this.selected = id;
    this.refresh();
    for (const listener of this.listeners) listener(id);
  }

  focusText(): void {
    if (!this.selected) this.follow(this.player.time);
    this.text.focus();
  }

  setIssues(issues: Map<string, LintIssue[]>): void {
    this.issues = issues;
    this.renderIssues();
    this.scheduleList();
  }

  stepCue(direction: 1 | -1): void {
    const cues = this.store.state.cues;
    if (cues.length === 0) return;
    let i = cues.findIndex((c) => c.id === this.selected);
    if (i < 0) i = Math.max(0, lastStartingBefore(cues.map((c) => c.start), this.player.time));
    else i = Math.max(0, Math.min(cues.length - 1, i + direction));
    this.select(cues[i].id);
    this.player.seek(cues[i].start);
  }

  setEdgeToPlayhead(side: 'start' | 'end'): void {
    this.applyTime(side, this.player.time);
  }

  private applyTime(side: 'start' | 'end', value: number | null): void {
    const cue = this.cue();
    if (!cue) return;
    if (value === null) {
      this.error('Type a time such as 1:02.350 or 62.35');
      this.refresh();
      return;
    }
    this.edit((s, id) => setCueTimes(s, id, side === 'start' ? value : cue.start, side === 'end' ? value : cue.end, this.data.duration));
  }

  private edit(change: (state: typeof this.store.state, id: string) => typeof this.store.state): void {
    const id = this.selected;
    if (!id) return this.error('No cue is selected: play to one, or pick one in the Cues list.');
    this.error(this.store.apply((s) => change(s, id)));
  }

  private split(): void {
    const cue = this.cue();
    if (!cue) return this.error('No cue is selected.');
    const caret = document.activeElement === this.text || this.text.selectionStart > 0 ? this.text.selectionStart : Math.floor(this.text.value.length / 2);
    const at = this.splitTime(cue, caret);
    this.edit((s, id) => splitCue(s, id, caret, this.data.limits, at));
  }

  /**
   * The time between the two words the split falls between, when the cue's text still matches
   * the transcript words under it; undefined (share by characters) otherwise.
   */
  private splitTime(cue: ReviewCue, caret: number): number | undefined {
    const { words } = this.data;
    const under: number[] = [];
    for (let i = 0; i < words.text.length; i++) {
      const s = words.start[i];
      if (s !== null && s >= cue.start - 0.05 && s < cue.end) under.push(i);
    }
    const tokens = cue.lines.join(' ').split(' ').filter((t) => t !== '' && t !== '>>' && t !== '-');
    if (under.length !== tokens.length || under.length < 2) return undefined;
    const left = cue.lines.join(' ').slice(0, caret).split(' ').filter((t) => t !== '' && t !== '>>' && t !== '-').length;
    if (left <= 0 || left >= under.length) return undefined;
    const before = words.end[under[left - 1]];
    const after = words.start[under[left]];
    return before !== null && after !== null ? (before + after) / 2 : undefined;
  }

  private rewrap(): void {
    const cue = this.cue();
    if (!cue) return this.error('No cue is selected.');
    const lines = rewrapLines(cue.lines.join(' '), this.data.limits);
    if (!lines) return this.error(`This text does not fit ${this.data.limits.maxLines} lines of ${this.data.limits.maxLineLength} characters: split the cue.`);
    this.edit((s, id) => setCueText(s, id, lines.join('\n')));
  }

  private remove(): void {
    const cues = this.store.state.cues;
    const i = cues.findIndex((c) => c.id === this.selected);
    this.edit((s, id) => deleteCue(s, id));
    const next = this.store.state.cues[Math.min(i, this.store.state.cues.length - 1)];
    this.select(next ? next.id : null);
  }

  private add(): void {
    let created: string | null = null;
    this.error(
      this.store.apply((s) => {
        const result = addCue(s, this.player.time, this.data.duration, this.data.limits.gapMs);
        created = result.id;
        return result.state;
      }),
    );
    if (created) {
      this.select(created);
      this.text.focus();
    }
  }

  private error(message: string | null): void {
    byId('edit-error').textContent = message ?? '';
  }

  private refresh(): void {
    const cue = this.cue();
    const cues = this.store.state.cues;
    const disabled = !cue;
    for (const id of ['cue-text', 'cue-start', 'cue-end', 'cue-start-now', 'cue-end-now', 'cue-split', 'cue-merge', 'cue-rewrap', 'cue-delete']) {
      (byId(id) as HTMLInputElement).disabled = disabled;
    }
    byId('cue-number').textContent = cue ? `${cues.indexOf(cue) + 1} of ${cues.length}` : `none selected (${cues.length} cues)`;
    if (cue) {
      const text = cue.lines.join('\n');
      if (document.activeElement !== this.text && this.text.value !== text) this.text.value = text;
      if (document.activeElement !== this.start) this.start.value = formatTime(cue.start);
      if (document.activeElement !== this.end) this.end.value = formatTime(cue.end);
      const chars = cue.lines.reduce((n, l) => n + [...l].length, 0);
      const cps = chars / Math.max(0.001, cue.end - cue.start);
      byId('cue-measure').textContent = `${(cue.end - cue.start).toFixed(2)} s · ${cue.lines.map((l) => [...l].length).join(' + ') || 0} characters · ${cps.toFixed(1)} chars/s`;
    } else {
      this.text.value = '';
      this.start.value = '';
      this.end.value = '';
      byId('cue-measure').textContent = '';
    }
    this.renderIssues();
  }

  private renderIssues(): void {
    const list = this.selected ? (this.issues.get(this.selected) ?? []) : [];
    byId('cue-issues').replaceChildren(
      ...list.map((issue) => h('li', { class: issue.severity, text: `${issue.severity === 'error' ? 'Error' : 'Warning'}: ${issue.message}` })),
    );
  }

  private listFrame = 0;
  private listStale = true;

  /** The cue list is rendered when its tab is shown (a long recording has a thousand cues). */
  showList(): void {
    if (this.listStale) this.renderList();
  }

  /** Re-render the cue list once per frame at most (typing changes the state at every key). */
  scheduleList(): void {
    if (byId('panel-cues').hidden) {
      this.listStale = true;
      return;
    }
    if (this.listFrame) return;
    this.listFrame = requestAnimationFrame(() => {
      this.listFrame = 0;
      this.renderList();
    });
  }

  renderList(): void {
    this.listStale = false;
    const rows = this.store.state.cues.map((cue, i) => {
      const issues = this.issues.get(cue.id) ?? [];
      const errors = issues.filter((x) => x.severity === 'error').length;
      return h(
        'li',
        { class: `cue-row${cue.id === this.selected ? ' selected' : ''}${errors ? ' has-error' : issues.length ? ' has-warning' : ''}` },
        h('button', { type: 'button', 'data-cue': cue.id },
          h('span', { class: 'n', text: String(i + 1) }),
          h('span', { class: 'when', text: `${formatTime(cue.start, 1)}–${formatTime(cue.end, 1)}` }),
          h('span', { class: 'text', text: cue.lines.join(' / ') || '(no text)' }),
          issues.length ? h('span', { class: 'issues', text: `${errors ? `${errors} error${errors > 1 ? 's' : ''}` : `${issues.length} warning${issues.length > 1 ? 's' : ''}`}` }) : null,
        ),
      );
    });
    byId('cue-list').replaceChildren(...rows);
  }
}
