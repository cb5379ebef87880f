/**
 * `<stem>.review.html`: one self-contained page (markup, the data, and the bundled script and
 * styles inline) that works from the output folder with no server and no network. The media
 * is referenced by a relative URL; the captions and chapters are made into tracks in the page.
 */
import type { ReviewData } from './model/types.js';

export interface ReviewAssets {
  script: string;
  style: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that cannot end its <script> element early (`</script>`, `<!--`) or break on U+2028/9. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</gu, '\\u003c').replace(/\u2028/gu, '\\u2028').replace(/\u2029/gu, '\\u2029');
}

/** Inline code may not contain `</script` or `</style` (it would close the element). */
function inlineSafe(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'giu'), '<\\/$1');
}

const LEGEND: ReadonlyArray<[string, string]> = [
  ['var(--covered)', 'covered by the transcript'],
  ['var(--not-found)', 'passage not found'],
  ['var(--no-text)', 'speech with no text'],
  ['var(--low)', 'low confidence'],
  ['var(--cue)', 'cues'],
  ['#1b1f24', 'chapter start'],
];

export function renderReviewPage(data: ReviewData, assets: ReviewAssets): string {
  const title = escapeHtml(data.title);
  const legend = LEGEND.map(([color, label]) => `<li style="--c:${color}">${label}</li>`).join('');
  return `<!doctype html>
<html lang="${escapeHtml(data.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="capsync review">
<title>Review: ${title}</title>
<style>${inlineSafe(assets.style, 'style')}</style>
</head>
<body>
<a class="skip" href="#panel-queue">Skip to the review queue</a>
<header class="top">
  <h1><span class="brand">capsync review</span><span id="title">${title}</span></h1>
  <p id="coverage">${escapeHtml(data.coverageNote)}</p>
  <div class="top-actions">
    <span id="edit-status" role="status" aria-live="polite"></span>
    <button id="undo" type="button" aria-keyshortcuts="Control+Z">Undo</button>
    <button id="redo" type="button" aria-keyshortcuts="Control+Shift+Z">Redo</button>
    <button id="discard" type="button">Discard edits</button>
    <button id="help-open" type="button" aria-keyshortcuts="?">Keys</button>
  </div>
</header>
<p id="storage-note" role="status"></p>
<main class="layout">
  <section class="player-area panel" aria-label="Player">
    <div class="video-box"><video id="media" controls preload="auto" playsinline></video></div>
    <div class="now"><span id="clock" aria-label="Playback time">0:00</span><span id="chapter-now"></span></div>
    <p id="media-missing" hidden>The media was not found at <code id="media-missing-path"></code> (relative to this page; it is
      <code>${escapeHtml(data.media.name)}</code>). Keep the page in the output folder, or open the file here:
      <input id="media-file" type="file" accept="video/*,audio/*" aria-label="Open the media file"></p>
  </section>

  <section class="editor panel" id="editor" aria-labelledby="editor-title">
    <h2 id="editor-title">Cue <span id="cue-number" class="sub"></span> <span id="cue-measure" class="sub"></span></h2>
    <label for="cue-text" class="sr-only">Cue text (one line per line)</label>
    <textarea id="cue-text" rows="2" spellcheck="true" aria-describedby="cue-text-help"></textarea>
    <span id="cue-text-help" class="sr-only">Each line of the box is a caption line. Escape undoes the typing and leaves the box.</span>
    <div class="row">
      <label>Start <input id="cue-start" inputmode="decimal" aria-describedby="time-help"></label>
      <button id="cue-start-now" type="button" aria-label="Set the start to the playhead" aria-keyshortcuts="[">= playhead</button>
      <label>End <input id="cue-end" inputmode="decimal" aria-describedby="time-help"></label>
      <button id="cue-end-now" type="button" aria-label="Set the end to the playhead" aria-keyshortcuts="]">= playhead</button>
      <span id="time-help" class="sr-only">Minutes:seconds.milliseconds; arrow keys nudge by 50 ms, with Shift by half a second.</span>
    </div>
    <div class="row">
      <button id="cue-prev" type="button" aria-keyshortcuts="," aria-label="Previous cue" title="Previous cue (,)">◀</button>
      <button id="cue-next" type="button" aria-keyshortcuts="." aria-label="Next cue" title="Next cue (.)">▶</button>
      <button id="cue-split" type="button" title="Split the cue where the caret is in the text">Split</button>
      <button id="cue-merge" type="button" title="Merge this cue with the next one">Merge next</button>
      <button id="cue-rewrap" type="button" title="Break the text into balanced lines">Re-break</button>
      <button id="cue-delete" type="button" title="Delete this cue">Delete</button>
      <button id="cue-add" type="button" title="Add an empty cue at the playhead">New cue</button>
    </div>
    <p id="edit-error" role="alert"></p>
    <ul id="cue-issues" aria-label="Checks on this cue"></ul>
  </section>

  <section class="side panel" aria-label="Review">
    <div class="tabs" role="tablist" aria-label="Review panels">
      <button role="tab" type="button" id="tab-queue" data-tab="queue" aria-controls="panel-queue" aria-selected="true">Queue (<span id="queue-count">0</span>)</button>
      <button role="tab" type="button" id="tab-cues" data-tab="cues" aria-controls="panel-cues" aria-selected="false" tabindex="-1">Cues</button>
      <button role="tab" type="button" id="tab-chapters" data-tab="chapters" aria-controls="panel-chapters" aria-selected="false" tabindex="-1">Chapters</button>
      <button role="tab" type="button" id="tab-export" data-tab="export" aria-controls="panel-export" aria-selected="false" tabindex="-1">Export</button>
    </div>
    <div class="tabpanel" role="tabpanel" id="panel-queue" aria-labelledby="tab-queue" tabindex="-1">
      <div class="queue-tools">
        <button id="queue-prev" type="button" aria-keyshortcuts="p">◀ Previous (p)</button>
        <button id="queue-next" type="button" class="primary" aria-keyshortcuts="n">Next spot (n) ▶</button>
        <label><input id="queue-autoplay" type="checkbox" checked> Play each spot</label>
        <label>Order <select id="queue-order"><option value="importance">by importance</option><option value="time">by time</option></select></label>
      </div>
      <p id="queue-progress" role="status"></p>
      <ol id="queue-list" aria-label="Doubtful spots"></ol>
    </div>
    <div class="tabpanel" role="tabpanel" id="panel-cues" aria-labelledby="tab-cues" tabindex="-1" hidden>
      <ol id="cue-list" aria-label="All cues"></ol>
    </div>
    <div class="tabpanel" role="tabpanel" id="panel-chapters" aria-labelledby="tab-chapters" tabindex="-1" hidden>
      <p id="chapter-ok" class="ok">These chapters pass YouTube's rules.</p>
      <ul id="chapter-problems" class="bad"></ul>
      <ol id="chapter-list" aria-label="Chapters"></ol>
      <p id="chapter-error" role="alert"></p>
      <button id="chapter-add" type="button">Add a chapter at the playhead</button>
    </div>
    <div class="tabpanel" role="tabpanel" id="panel-export" aria-labelledby="tab-export" tabindex="-1" hidden>
      <h2>Captions</h2>
      <p id="lint-summary" role="status"></p>
      <ul id="lint-list" aria-label="Caption checks"></ul>
      <div class="downloads">
        <button id="export-vtt" type="button" class="primary">Download ${escapeHtml(data.stem)}.vtt</button>
        <button id="export-srt" type="button">Download ${escapeHtml(data.stem)}.srt</button>
      </div>
      <p id="export-hint" class="bad"></p>
      <h2>Chapters</h2>
      <p id="chapters-summary" role="status"></p>
      <div class="downloads">
        <button id="export-chapters" type="button" class="primary">Download ${escapeHtml(data.stem)}.chapters.txt</button>
        <button id="export-chapters-vtt" type="button">Download ${escapeHtml(data.stem)}.chapters.vtt</button>
      </div>
      <pre id="chapters-preview" aria-label="chapters.txt as it would be exported"></pre>
      <p id="export-status" role="status"></p>
      <p class="sub">Files go to the browser's download folder: put them in place of the ones in the output folder.</p>
    </div>
  </section>

  <section class="transcript-area panel" aria-labelledby="transcript-title">
    <div class="transcript-head">
      <h2 id="transcript-title">Transcript</h2>
      <ul class="shade-legend" aria-label="Word shading">
        <li><span class="w high">high</span></li><li><span class="w mid">medium</span></li>
        <li><span class="w low">low confidence</span></li><li><span class="w unplaced">not placed</span></li>
      </ul>
      <label><input id="follow" type="checkbox" checked> Follow playback</label>
    </div>
    <p id="transcript-status" aria-live="polite"></p>
    <div id="transcript-scroll">
      <div id="transcript" tabindex="0" aria-label="Transcript words: arrow keys move, Enter plays from the word" aria-describedby="transcript-status"></div>
    </div>
  </section>

  <section class="timeline panel" aria-label="Timeline">
    <div class="timeline-head">
      <h2>Timeline</h2>
      <ul class="legend">${legend}</ul>
      <span id="overview-hover" aria-hidden="true"></span>
      <span class="zoom"><button id="zoom-out" type="button" aria-label="Zoom the waveform out">−</button><button id="zoom-in" type="button" aria-label="Zoom the waveform in">+</button></span>
    </div>
    <canvas id="overview" tabindex="0" role="slider" aria-label="Whole recording: arrow keys move 5 seconds, Page keys a minute"></canvas>
    <div id="detail" aria-label="Waveform around the playhead; drag a cue's edges to change its times"></div>
  </section>
</main>

<dialog id="help" aria-labelledby="help-title">
  <h2 id="help-title">Keys</h2>
  <table>
    <tr><td><kbd>n</kbd> / <kbd>p</kbd></td><td>next / previous doubtful spot (plays it)</td></tr>
    <tr><td><kbd>r</kbd></td><td>play the spot again</td></tr>
    <tr><td><kbd>m</kbd></td><td>mark the spot reviewed</td></tr>
    <tr><td><kbd>k</kbd> or <kbd>Space</kbd></td><td>play / pause</td></tr>
    <tr><td><kbd>j</kbd> / <kbd>l</kbd>, <kbd>←</kbd> / <kbd>→</kbd></td><td>back / forward 5 s, 1 s</td></tr>
    <tr><td><kbd>,</kbd> / <kbd>.</kbd></td><td>previous / next cue</td></tr>
    <tr><td><kbd>e</kbd></td><td>edit the cue's text (<kbd>Esc</kbd> leaves the box)</td></tr>
    <tr><td><kbd>[</kbd> / <kbd>]</kbd></td><td>cue start / end = playhead</td></tr>
    <tr><td><kbd>Ctrl</kbd>+<kbd>Z</kbd>, <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd></td><td>undo, redo</td></tr>
    <tr><td><kbd>?</kbd></td><td>this list</td></tr>
  </table>
  <form method="dialog"><button value="close" type="submit">Close</button></form>
</dialog>
<dialog id="discard-dialog" aria-labelledby="discard-title">
  <h2 id="discard-title">Discard every edit?</h2>
  <p>The captions and chapters go back to what capsync generated. This can be undone until the page is closed.</p>
  <form method="dialog"><button value="discard" type="submit" id="discard-confirm">Discard edits</button> <button value="cancel" type="submit">Keep them</button></form>
</dialog>
<script type="application/json" id="capsync-review-data">${jsonForScript(data)}</script>
<script>${inlineSafe(assets.script, 'script')}</script>
</body>
</html>
`;
}
