/**
 * What a batch shows on stderr. On a terminal: one bar per running item (its stage and share
 * done) under an overall bar, with a line printed above them as each item ends (cli-progress
 * MultiBar). Elsewhere (logs, CI, pipes): plain lines, one when an item starts and one when it
 * ends. Nothing at all when quiet. Plus the end-of-run summary table.
 */
import cliProgress from 'cli-progress';
import { GENERATE_STAGE_WEIGHTS } from '../../cli/progress.js';
import { clipText, formatClock } from '../format.js';
import type { BatchEvent, BatchItemResult, BatchReport } from './types.js';

export interface BatchDisplay {
  onEvent(event: BatchEvent): void;
  /** Remove the bars (call before printing anything else). */
  stop(): void;
}

export interface BatchDisplayOptions {
  stream?: NodeJS.WriteStream;
  quiet?: boolean;
  /** Force the terminal form on/off (default: when `stream` is a TTY). */
  tty?: boolean;
}

export function createBatchDisplay(options: BatchDisplayOptions = {}): BatchDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { onEvent() {}, stop() {} };
  return (options.tty ?? Boolean(stream.isTTY)) ? terminalDisplay(stream) : plainDisplay(stream);
}

/** Where a stage's progress lands on a 0..1 bar for the whole item (stages in generate's order). */
export function itemFraction(stage: string, fraction: number): number {
  const order = Object.keys(GENERATE_STAGE_WEIGHTS);
  const total = order.reduce((a, k) => a + GENERATE_STAGE_WEIGHTS[k], 0);
  let before = 0;
  for (const k of order) {
    if (k === stage) return Math.min(1, (before + Math.min(1, Math.max(0, fraction)) * GENERATE_STAGE_WEIGHTS[k]) / total);
    before += GENERATE_STAGE_WEIGHTS[k];
  }
  return 0;
}

/** `ok  name  3.1 s  51/51 words (100%), 0 low-confidence` — one finished item on one line. */
export function formatItemLine(result: BatchItemResult): string {
  switch (result.status) {
    case 'ok': {
      const o = result.outcome!;
      const pct = o.words.total ? Math.round((100 * o.words.placed) / o.words.total) : 0;
      return `ok       ${result.name}: ${formatClock(o.audioSeconds)} of audio in ${result.seconds.toFixed(1)} s, ${o.words.placed}/${o.words.total} words placed (${pct}%), ${o.lowConfidence.stretches} low-confidence stretch(es)`;
    }
    case 'skipped':
      return `skipped  ${result.name} (up to date)`;
    case 'failed':
      return `failed   ${result.name}: ${result.reason}`;
    case 'interrupted':
      return `stopped  ${result.name}: ${result.reason}`;
    default:
      return `not run  ${result.name}`;
  }
}

function plainDisplay(stream: NodeJS.WriteStream): BatchDisplay {
  let total = 0;
  const tag = (index: number): string => `[${index + 1}/${total}]`;
  return {
    onEvent(event) {
      switch (event.type) {
        case 'plan':
          total = event.items;
          stream.write(`capsync batch: ${event.items} item(s) → ${event.out} (up to ${event.jobs} at once, memory budget ${formatMb(event.memoryBudgetMb)})\n`);
          break;
        case 'start':
          stream.write(`${tag(event.index)} start    ${event.name}\n`);
          break;
        case 'finish':
          stream.write(`${tag(event.index)} ${formatItemLine(event.result)}\n`);
          break;
        case 'warning':
          stream.write(`warning: ${event.message}\n`);
          break;
        case 'stopping':
          stream.write(event.why === 'interrupt' ? 'interrupted: stopping the running items…\n' : '--fail-fast: an item failed, stopping the batch…\n');
          break;
        default:
          break;
      }
    },
    stop() {},
  };
}

function terminalDisplay(stream: NodeJS.WriteStream): BatchDisplay {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      barsize: 24,
      fps: 8,
      format: ' {name} |{bar}| {percentage}% {stage}',
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let overall: cliProgress.SingleBar | null = null;
  const bars = new Map<number, { bar: cliProgress.SingleBar; shown: number }>();
  let total = 0;
  let done = 0;
  let failed = 0;
  let nameWidth = 12;
  const overallPayload = () => ({ name: 'batch'.padEnd(nameWidth), stage: `${done}/${total} done · ${bars.size} running · ${failed} failed` });
  let stopped = false;
  // A line wider than the terminal wraps, and the bars' redraw (which counts lines) would overwrite its tail.
  const log = (line: string): void => {
    const width = Math.max(20, (stream.columns || 100) - 1);
    multi.log(`${line.length > width ? `${line.slice(0, width - 1)}…` : line}\n`);
  };

  return {
    onEvent(event) {
      if (stopped) return;
      switch (event.type) {
        case 'plan':
          total = event.items;
          log(`capsync batch: ${event.items} item(s) → ${event.out} (up to ${event.jobs} at once, memory budget ${formatMb(event.memoryBudgetMb)})`);
          overall = multi.create(total, 0, overallPayload());
          break;
        case 'start': {
          nameWidth = Math.min(28, Math.max(nameWidth, event.name.length));
          const bar = multi.create(1000, 0, { name: clipName(event.name, nameWidth), stage: 'starting' });
          bars.set(event.index, { bar, shown: 0 });
          overall?.update(done, overallPayload());
          break;
        }
        case 'progress': {
          const entry = bars.get(event.index);
          if (!entry) break;
          entry.shown = Math.max(entry.shown, itemFraction(event.stage, event.fraction));
          entry.bar.update(Math.round(entry.shown * 1000), { name: clipName(event.name, nameWidth), stage: event.stage });
          break;
        }
        case 'finish': {
          const entry = bars.get(event.index);
          if (entry) {
            multi.remove(entry.bar);
            bars.delete(event.index);
          }
          done++;
          if (event.result.status === 'failed') failed++;
          log(`[${event.index + 1}/${total}] ${formatItemLine(event.result)}`);
          overall?.update(done, overallPayload());
          break;
        }
        case 'warning':
          log(`warning: ${event.message}`);
          break;
        case 'stopping':
          log(event.why === 'interrupt' ? 'interrupted: stopping the running items…' : '--fail-fast: an item failed, stopping the batch…');
          break;
        default:
          break;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // Lines logged since the last frame wait in cli-progress's buffer: draw once more so they are not lost.
      multi.update();
      multi.stop();
    },
  };
}

function clipName(name: string, width: number): string {
  return name.length > width ? `${name.slice(0, width - 1)}…` : name.padEnd(width);
}

function formatMb(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`;
}

/** The end-of-run table (and the failed items' full reasons under it). */
export function formatBatchSummary(report: BatchReport, reportPath: string): string {
  const header = ['item', 'status', 'audio', 'time', 'words placed', 'coverage', 'low conf.'];
  const rows = report.items.map((i) => {
    const o = i.outcome;
    const placed = o ? `${o.words.placed}/${o.words.total}` : '—';
    const coverage = o ? `${formatClock(o.coverage.coveredSeconds)} of ${formatClock(o.audioSeconds)}` : '—';
    const status = i.status === 'skipped' ? 'up to date' : i.status;
    // Only items a worker ran have a time worth showing (not skips, nor items refused before starting).
    const time = i.estimate !== null && i.status !== 'skipped' ? `${i.seconds.toFixed(1)} s` : '—';
    return [i.name, status, o ? formatClock(o.audioSeconds) : '—', time, placed, coverage, o ? String(o.lowConfidence.stretches) : '—'];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const problems = report.items.filter((i) => i.reason && i.status !== 'skipped');
  if (problems.length) {
    out.push('');
    for (const i of problems) out.push(`${i.name}: ${clipText(i.reason!, 300)}`);
  }
  const c = report.counts;
  const parts = [`${c.ok} ok`, `${c.skipped} up to date`, `${c.failed} failed`];
  if (c.interrupted) parts.push(`${c.interrupted} interrupted`);
  if (c['not-run']) parts.push(`${c['not-run']} not run`);
  out.push('');
  out.push(`${report.items.length} item(s): ${parts.join(', ')} in ${report.seconds.toFixed(1)} s → ${reportPath}`);
  if (report.interrupted) out.push('interrupted: run the same command again to continue (finished items are kept and skipped)');
  return `${out.join('\n')}\n`;
}
