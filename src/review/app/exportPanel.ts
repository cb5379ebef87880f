/**
 * Checks and downloads. After every edit the files are written as capsync writes them and
 * judged by capsync's own linter and YouTube's chapter rules; a file with errors is not
 * offered for download until they are fixed, so what leaves the page passes `capsync lint`.
 */
import type { LintIssue } from '../../captions/lint.js';
import { exportCaptions, exportChapters, issuesByCue, type CaptionExport, type ChapterExport, type ExportContext } from '../model/exporting.js';
import type { ReviewData } from '../model/types.js';
import { byId, formatTime, h } from './dom.js';
import type { Store } from './store.js';

export interface ExportResult {
  captions: CaptionExport;
  chapters: ChapterExport;
}

export class ExportPanel {
  last: ExportResult | null = null;
  private readonly context: ExportContext;
  private onJump: (cueId: string) => void = () => undefined;

  constructor(private readonly data: ReviewData, private readonly store: Store) {
    this.context = { limits: data.limits, voiceSpans: data.voiceSpans, duration: data.duration, minChapterSeconds: data.minChapterSeconds };
    const download = (suffix: string, pick: (r: ExportResult) => string | null): void => {
      const result = this.check();
      const text = pick(result);
      if (text === null) return;
      const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })), download: `${data.stem}${suffix}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      byId('export-status').textContent = `Downloaded ${data.stem}${suffix}.`;
    };
    byId('export-vtt').addEventListener('click', () => download('.vtt', (r) => (this.captionsOk(r) ? r.captions.vtt : null)));
    byId('export-srt').addEventListener('click', () => download('.srt', (r) => (this.captionsOk(r) ? r.captions.srt : null)));
    byId('export-chapters').addEventListener('click', () => download('.chapters.txt', (r) => (r.chapters.problems.length === 0 ? r.chapters.txt : null)));
    byId('export-chapters-vtt').addEventListener('click', () => download('.chapters.vtt', (r) => (r.chapters.problems.length === 0 ? r.chapters.vtt : null)));
    byId('lint-list').addEventListener('click', (event) => {
      const cue = (event.target as HTMLElement).closest<HTMLElement>('[data-cue]')?.dataset.cue;
      if (cue) this.onJump(cue);
    });
  }

  listen(onJump: (cueId: string) => void): void {
    this.onJump = onJump;
  }

  /** Write and judge the files for the current state. */
  check(): ExportResult {
    const result = { captions: exportCaptions(this.store.state, this.context), chapters: exportChapters(this.store.state, this.context) };
    this.last = result;
    this.render(result);
    return result;
  }

  private captionsOk(result: ExportResult): boolean {
    return result.captions.problem === null && (result.captions.vttLint?.errors ?? 1) === 0 && (result.captions.srtLint?.errors ?? 1) === 0;
  }

  issues(): Map<string, LintIssue[]> {
    return this.last ? issuesByCue(this.last.captions) : new Map();
  }

  private render(result: ExportResult): void {
    const { captions, chapters } = result;
    const ok = this.captionsOk(result);
    const vtt = captions.vttLint;
    const summary = captions.problem
      ? `The captions cannot be written: ${captions.problem}`
      : `${vtt?.cues ?? 0} cues: ${vtt?.errors ?? 0} error${vtt?.errors === 1 ? '' : 's'}, ${vtt?.warnings ?? 0} warning${vtt?.warnings === 1 ? '' : 's'} (capsync lint)`;
    byId('lint-summary').textContent = summary;
    byId('lint-summary').className = ok ? 'ok' : 'bad';
    const issues = [...(vtt?.issues ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    const shown = issues.slice(0, 200);
    byId('lint-list').replaceChildren(
      ...shown.map((issue) => {
        const id = issue.cue === null ? null : (captions.cueIds[issue.cue - 1] ?? null);
        const label = `${issue.severity === 'error' ? 'Error' : 'Warning'} · cue ${issue.cue ?? '–'}${issue.time === null ? '' : ` at ${formatTime(issue.time, 1)}`}: ${issue.message} (${issue.rule})`;
        return h('li', { class: issue.severity }, id ? h('button', { type: 'button', 'data-cue': id, text: label }) : label);
      }),
      ...(issues.length > shown.length ? [h('li', { text: `… and ${issues.length - shown.length} more` })] : []),
    );
    for (const id of ['export-vtt', 'export-srt']) (byId(id) as HTMLButtonElement).disabled = !ok;
    const chaptersOk = chapters.problems.length === 0;
    for (const id of ['export-chapters', 'export-chapters-vtt']) (byId(id) as HTMLButtonElement).disabled = !chaptersOk;
    byId('export-hint').textContent = ok ? '' : 'Fix the errors above to download the captions.';
    byId('chapters-summary').textContent = chaptersOk
      ? `${this.store.state.chapters.length} chapters pass YouTube's rules.`
      : `YouTube would refuse these chapters: ${chapters.problems.join(' ')}`;
    byId('chapters-summary').className = chaptersOk ? 'ok' : 'bad';
    byId('chapters-preview').textContent = chapters.txt;
  }
}
