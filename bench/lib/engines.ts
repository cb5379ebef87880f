/**
 * The aligners the benchmarks run, as whole processes: capsync through its built CLI (any
 * build, any extra arguments) and Echogarden 2.10.2 through bench/echogarden/align.mjs. Each
 * engine says whether it can run here, the command for one recording, and how to read what it
 * wrote. Shared by bench/align.ts (the fixed cases) and bench/sets.ts (the randomized sets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { type CaptionCue, type CaseTruth, type EngineWord, parseVtt } from './metrics.js';

export interface CaseFiles {
  name: string;
  /** Hash of truth.json: results are tied to one version of the case. */
  hash: string;
  /** The media file capsync is given (a WAV, or the encoded m4a/mp3/ogg of a randomized case). */
  media: string;
  /** The same audio as 16 kHz WAV (decoded from `media` by ffmpeg), for engines that read WAV only. */
  wav: string;
  transcript: string;
  truth: CaseTruth;
  /** Spoken language (default en): capsync gets `--language`, Echogarden its `language` option. */
  language?: string;
}

export interface EngineOutput {
  words: EngineWord[];
  cues: CaptionCue[] | null;
  vttErrors: string[];
  report: unknown | null;
  mapping: 'index' | 'text';
  extra?: Record<string, unknown>;
}

export interface EngineSpec {
  /** Why it cannot run here, or null. */
  unavailable(): string | null;
  command(c: CaseFiles, dir: string): string[];
  read(c: CaseFiles, dir: string, tokens: number, stdout: string): EngineOutput;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** capsync's `--json` summary on stdout, kept with the results; null when absent or not JSON. */
export function parseSummary(stdout: string): unknown {
  try {
    return stdout.trim() ? JSON.parse(stdout) : null;
  } catch {
    return null;
  }
}

export interface CapsyncOptions {
  root: string;
  /** Absolute path of the built CLI (dist/bin/capsync.js of this or another checkout). */
  cli: string;
  /** Extra arguments for `capsync generate`, e.g. ["--engine", "dtw"]. */
  extraArgs?: string[];
}

export function capsyncEngine(o: CapsyncOptions): EngineSpec {
  return {
    unavailable: () => (existsSync(o.cli) ? null : `${relative(o.root, o.cli)} missing: run \`npm run build\``),
    command: (c, dir) => [
      'node', o.cli, 'generate', c.media, '--transcript', c.transcript, '--out', dir, '--json', '--quiet',
      ...(c.language && c.language !== 'en' ? ['--language', c.language] : []),
      ...(o.extraArgs ?? []),
    ],
    read: (c, dir, tokens, stdout) => {
      const stem = basename(c.media, extname(c.media));
      const wj = readJson(join(dir, `${stem}.words.json`)) as { words: EngineWord[] };
      const vttPath = join(dir, `${stem}.vtt`);
      const vtt = existsSync(vttPath) ? parseVtt(readFileSync(vttPath, 'utf8')) : null;
      const reportPath = join(dir, `${stem}.report.json`);
      // capsync's words are 1:1 with the transcript; if that contract breaks, say so and fall back to text.
      const byIndex = wj.words.length === tokens;
      if (!byIndex) console.warn(`  ! capsync wrote ${wj.words.length} words for ${tokens} transcript tokens; mapping by text`);
      return {
        words: wj.words,
        cues: vtt?.cues ?? null,
        vttErrors: vtt ? vtt.errors : ['no VTT written'],
        report: existsSync(reportPath) ? readJson(reportPath) : null,
        mapping: byIndex ? 'index' : 'text',
        extra: { summary: parseSummary(stdout) },
      };
    },
  };
}

export function echogardenEngine(bench: string): EngineSpec {
  return {
    unavailable: () =>
      existsSync(join(bench, 'echogarden/node_modules/echogarden/package.json')) ? null : 'not installed: run bench/echogarden/setup.sh',
    command: (c, dir) => ['node', join(bench, 'echogarden/align.mjs'), c.wav, c.transcript, join(dir, 'echogarden.json'), c.language ?? 'en'],
    read: (_c, dir) => {
      const o = readJson(join(dir, 'echogarden.json')) as {
        words: EngineWord[];
        subtitlesVtt?: string;
        passes?: unknown;
        costMatrixMB?: unknown;
        alignSeconds?: number;
      };
      const vtt = o.subtitlesVtt != null ? parseVtt(o.subtitlesVtt) : null;
      return {
        words: o.words,
        cues: vtt?.cues ?? null,
        vttErrors: vtt ? vtt.errors : ['no VTT written'],
        report: null,
        mapping: 'text',
        extra: { passes: o.passes, costMatrixMB: o.costMatrixMB, alignSeconds: o.alignSeconds },
      };
    },
  };
}
