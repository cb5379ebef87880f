/**
 * The review page's script (bundled by esbuild into dist/review/app.js and inlined into each
 * `<stem>.review.html`). It reads the data capsync embedded, then wires the player, timeline,
 * transcript, review queue, editors and exports together.
 */
import './style.css';
import { setCueTimes } from '../model/edits.js';
import { captionsVtt, exportChapters } from '../model/exporting.js';
import type { EditState, ReviewData, ReviewSpot } from '../model/types.js';
import { ChaptersPanel } from './chapters.js';
import { Detail } from './detail.js';
import { byId, debounce, isTyping } from './dom.js';
import { CueEditor } from './editor.js';
import { ExportPanel } from './exportPanel.js';
import { Overview } from './overview.js';
import { Player } from './player.js';
import { Queue } from './queue.js';
import { Store } from './store.js';
import { TranscriptPanel } from './transcript.js';

/** Tracks and checks are redone this long after the last keystroke or drag. */
const RECHECK_MS = 250;

declare global {
  interface Window {
    /** For tests and the curious: the page's parts, once it is ready. */
    capsyncReview?: { data: ReviewData; store: Store; player: Player; queue: Queue; editor: CueEditor; exports: ExportPanel; ready: true; readyMs: number };
  }
}

function readData(): ReviewData {
  const element = byId('capsync-review-data');
  return JSON.parse(element.textContent ?? '') as ReviewData;
}

function setupTabs(onShow: (name: string) => void): (name: string) => void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const show = (name: string): void => {
    for (const tab of tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      byId(`panel-${tab.dataset.tab}`).hidden = !selected;
    }
    onShow(name);
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab.dataset.tab!));
    tab.addEventListener('keydown', (event) => {
      const i = tabs.indexOf(tab);
      const to = event.key === 'ArrowRight' ? i + 1 : event.key === 'ArrowLeft' ? i - 1 : null;
      if (to === null) return;
      event.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      show(next.dataset.tab!);
      next.focus();
    });
  }
  return show;
}

/** Where the start-up time goes (the benchmark reads these marks). */
function mark(name: string): void {
  performance.mark(`capsync:${name}`);
}

function main(): void {
  mark('script');
  const data = readData();
  mark('data');
  const original: EditState = { cues: data.cues, chapters: data.chapters, nextId: data.cues.length + data.chapters.length + 1 };
  const store = new Store(original, data.stem, data.fingerprint);
  const player = new Player(data);
  // The Export tab always shows the checks of the current edits, not of a moment ago.
  const showTab = setupTabs((name) => {
    if (name === 'export') {
      if (checked) recheckSoon.flush();
      else recheck();
    }
    if (name === 'cues') editor.showList();
  });
  const exports = new ExportPanel(data, store);
  const editor = new CueEditor(data, player, store);
  const overview = new Overview(data, player, store.state);
  mark('overview');
  const detail = new Detail(data, player);
  mark('waveform');
  const transcript = new TranscriptPanel(data, player);
  mark('transcript');
  const queue = new Queue(data, player, store);
  const chapters = new ChaptersPanel(data, player, store);
  mark('queue');

  const status = (): void => {
    const n = store.changes();
    const notes = [n === 0 ? 'No edits' : `${n} edit${n === 1 ? '' : 's'} (saved in this browser)`];
    if (store.restoredFrom) notes.push(`restored from ${new Date(store.restoredFrom).toLocaleString()}`);
    byId('edit-status').textContent = notes.join(' · ');
    byId('storage-note').textContent = [store.storageProblem, ...data.notes].filter(Boolean).join(' ');
    (byId('undo') as HTMLButtonElement).disabled = !store.canUndo();
    (byId('redo') as HTMLButtonElement).disabled = !store.canRedo();
    (byId('discard') as HTMLButtonElement).disabled = n === 0;
  };
  let checked = false;
  const recheck = (): void => {
    checked = true;
    const result = exports.check();
    player.setTracks(result.captions.problem ? 'WEBVTT\n' : result.captions.vtt, result.chapters.vtt);
    editor.setIssues(exports.issues());
    chapters.setProblems(result.chapters.problems);
  };
  const recheckSoon = debounce(recheck, RECHECK_MS);
  store.on('edit', () => {
    overview.setState(store.state);
    detail.setState(store.state);
    status();
    recheckSoon();
  });

  detail.listen(
    (id, start, end) => {
      editor.select(id);
      const error = store.apply((s) => setCueTimes(s, id, start, end, data.duration));
      byId('edit-error').textContent = error ?? '';
      // A refused drag puts the region back where the cue is.
      if (error) detail.setState(store.state);
    },
    (id) => editor.select(id),
  );
  editor.onSelect((id) => {
    detail.select(id);
    editor.scheduleList();
  });
  exports.listen((cueId) => {
    editor.select(cueId);
    const cue = store.state.cues.find((c) => c.id === cueId);
    if (cue) player.seek(cue.start);
    byId<HTMLTextAreaElement>('cue-text').focus();
  });
  queue.onSelect((spot: ReviewSpot | null) => {
    overview.setSpot(spot);
    transcript.mark(spot?.firstWord ?? null, spot?.lastWord ?? null);
    if (spot?.kind === 'chapters') showTab('chapters');
  });
  player.onChapter((title) => {
    byId('chapter-now').textContent = title ? `Chapter: ${title}` : '';
  });

  byId('undo').addEventListener('click', () => store.undo());
  byId('redo').addEventListener('click', () => store.redo());
  const discardDialog = byId<HTMLDialogElement>('discard-dialog');
  byId('discard').addEventListener('click', () => discardDialog.showModal());
  discardDialog.addEventListener('close', () => {
    if (discardDialog.returnValue === 'discard') store.discard();
  });
  const help = byId<HTMLDialogElement>('help');
  byId('help-open').addEventListener('click', () => help.showModal());

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented) return;
    const key = event.key;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key.toLowerCase() === 'z') {
      if (isTyping(event.target)) return; // the text box's own undo
      event.preventDefault();
      if (event.shiftKey) store.redo();
      else store.undo();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === 'y' && !isTyping(event.target)) {
      event.preventDefault();
      store.redo();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const target = event.target as HTMLElement;
    const onControl = target.closest('button, a, [role="slider"], video, [role="tab"]') !== null;
    const actions: Record<string, () => void> = {
      n: () => queue.step(1),
      p: () => queue.step(-1),
      r: () => queue.replay(),
      m: () => queue.toggleReviewed(),
      k: () => player.togglePlay(),
      j: () => player.skip(-5),
      l: () => player.skip(5),
      ',': () => editor.stepCue(-1),
      '.': () => editor.stepCue(1),
      e: () => editor.focusText(),
      '[': () => editor.setEdgeToPlayhead('start'),
      ']': () => editor.setEdgeToPlayhead('end'),
      '?': () => help.showModal(),
    };
    if (!onControl) {
      actions[' '] = () => player.togglePlay();
      actions.ArrowLeft = () => player.skip(-1);
      actions.ArrowRight = () => player.skip(1);
    }
    const action = actions[key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  status();
  // The tracks at once; capsync's checks (four parses of every cue) once the page is on screen.
  const context = { limits: data.limits, voiceSpans: data.voiceSpans, duration: data.duration, minChapterSeconds: data.minChapterSeconds };
  player.setTracks(captionsVtt(store.state, context), exportChapters(store.state, context).vtt);
  detail.setState(store.state);
  overview.setState(store.state);
  mark('built');
  // Ready once the first frame with everything built has been painted.
  requestAnimationFrame(() =>
    setTimeout(() => {
      mark('ready');
      window.capsyncReview = { data, store, player, queue, editor, exports, ready: true, readyMs: performance.now() };
      document.documentElement.dataset.ready = 'true';
      setTimeout(() => {
        if (!checked) recheck();
        mark('checked');
        document.documentElement.dataset.checked = 'true';
      }, 0);
    }, 0),
  );
}

main();
