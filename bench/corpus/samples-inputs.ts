/**
 * Builds the two committed samples of the inputs users have (small files, regenerated only on
 * demand):
 *
 *   npx tsx bench/corpus/samples-inputs.ts [--only ytdlp,french]
 *
 * - samples/ytdlp/: a folder as `yt-dlp --write-description --write-info-json --write-auto-subs`
 *   leaves it: `<title> [<id>].webm` (the audio of tests/fixtures/audio/slt-ked-turns.ogg,
 *   remuxed, not re-encoded), its `.description`, `.info.json` and `.en.vtt` auto-captions in
 *   YouTube's word-timed layout, made from the clip's word truth.
 * - samples/french/: a short French press point spoken by Debian's SVOX Pico (`pico2wave -l
 *   fr-FR`, package libttspico-utils; never eSpeak-NG, capsync's own reference voice), one
 *   paragraph at a time with set pauses, the moderator and the journalist pitched apart with
 *   ffmpeg; its labelled transcript and a French description with a chapters block.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const FFMPEG = join(ROOT, 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : ['ytdlp', 'french'];

function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

function ts(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** YouTube's auto-captions layout: lower-case words without punctuation, each with its start time. */
function autoCaptions(words: ReadonlyArray<{ text: string; start: number; end: number }>): string {
  const said = words.map((w) => ({ ...w, text: w.text.toLowerCase().replace(/[^\p{L}\p{N}'%.-]/gu, '').replace(/\.$/, '') })).filter((w) => w.text);
  let vtt = 'WEBVTT\nKind: captions\nLanguage: en\n\n';
  for (let i = 0; i < said.length; i += 8) {
    const cue = said.slice(i, i + 8);
    const end = said[i + 8]?.start ?? cue[cue.length - 1]!.end;
    vtt += `${ts(cue[0]!.start)} --> ${ts(end)} align:start position:0%\n`;
    vtt += `${cue.map((w, k) => (k === 0 ? w.text : `<${ts(w.start)}><c> ${w.text}</c>`)).join('')}\n\n`;
  }
  return vtt;
}

function ytdlp(): void {
  const dir = join(ROOT, 'samples', 'ytdlp');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stem = 'NATO Defence Ministers – press conference Q&A [sLtKeD0002]';
  const audio = join(ROOT, 'tests', 'fixtures', 'audio');
  ffmpeg(['-i', join(audio, 'slt-ked-turns.ogg'), '-c', 'copy', join(dir, `${stem}.webm`)]);
  const truth = JSON.parse(readFileSync(join(audio, 'slt-ked-turns.truth.json'), 'utf8')) as { words: Array<{ text: string; start: number; end: number }> };
  writeFileSync(join(dir, `${stem}.en.vtt`), autoCaptions(truth.words));
  const transcript = readFileSync(join(audio, 'slt-ked-turns.txt'), 'utf8').replace(/^Moderator:\n/, '');
  const description =
    'NATO Defence Ministers – press conference Q&A, 5 JUN 2025\n' +
    'Questions from the press after the meeting of NATO Ministers of Defence in Brussels, 5 June 2025.\n' +
    `🗣 | Moderator:\n${transcript}` +
    'Transcript continues: https://www.nato.int/cps/en/natohq/opinions_235000.htm\n' +
    '▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬\n' +
    'SUBSCRIBE to this channel https://bit.ly/NATOsubscribe\n' +
    'Follow @NATO on X/TWITTER: https://bit.ly/NATOtwitter\n' +
    '#NATO #DefMin\n';
  writeFileSync(join(dir, `${stem}.description`), description);
  const info = {
    id: 'sLtKeD0002',
    title: 'NATO Defence Ministers – press conference Q&A',
    fulltitle: 'NATO Defence Ministers – press conference Q&A',
    description,
    upload_date: '20250605',
    uploader: 'NATO',
    channel: 'NATO',
    duration: 25,
    webpage_url: 'https://www.youtube.com/watch?v=sLtKeD0002',
    original_url: 'https://www.youtube.com/watch?v=sLtKeD0002',
    extractor: 'youtube',
    extractor_key: 'Youtube',
    language: 'en',
    chapters: null,
    tags: ['NATO', 'Defence Ministers'],
    ext: 'webm',
    _type: 'video',
    _note: 'Made by bench/corpus/samples-inputs.ts in the shape of yt-dlp --write-info-json (fields capsync reads, and a few others).',
  };
  writeFileSync(join(dir, `${stem}.info.json`), `${JSON.stringify(info, null, 1)}\n`);
}

interface Part {
  speaker: 'host' | 'moderator' | 'question';
  /** What Pico says (numbers written out where Pico would read them otherwise). */
  say: string;
  /** Pause after, seconds. */
  pause: number;
}

/** The press point as spoken; the transcript below is the same text as an official transcript writes it. */
const FRENCH: Part[] = [
  { speaker: 'host', say: 'Bonjour à toutes et à tous.', pause: 0.8 },
  { speaker: 'host', say: "Les ministres de la Défense se sont réunis aujourd'hui à Bruxelles pour préparer le sommet de La Haye.", pause: 0.7 },
  { speaker: 'host', say: 'Nous sommes convenus que deux pour cent du PIB sont un plancher, et non un plafond.', pause: 1.2 },
  { speaker: 'host', say: "Je voudrais dire ceci : notre soutien à l'Ukraine se poursuivra aussi longtemps qu'il le faudra.", pause: 1.5 },
  { speaker: 'moderator', say: 'Merci, Monsieur le Secrétaire général. Nous avons le temps pour une question. Reuters, s’il vous plaît.', pause: 0.8 },
  { speaker: 'question', say: "Anna Kowalska, Reuters. Les Alliés atteindront-ils trois pour cent du PIB d'ici deux mille trente ?", pause: 1.0 },
  { speaker: 'host', say: 'Oui ! Je m’attends à ce que tous les Alliés présentent des plans crédibles avant le sommet.', pause: 0.6 },
  { speaker: 'host', say: 'Nos industries doivent produire davantage, et plus vite. Merci.', pause: 1.0 },
];

const FRENCH_TRANSCRIPT = `Secrétaire général de l'OTAN :
Bonjour à toutes et à tous.
Les ministres de la Défense se sont réunis aujourd'hui à Bruxelles pour préparer le sommet de La Haye.
Nous sommes convenus que 2 % du PIB sont un plancher, et non un plafond.
Je voudrais dire ceci : notre soutien à l'Ukraine se poursuivra aussi longtemps qu'il le faudra.

Modérateur :
Merci, Monsieur le Secrétaire général. Nous avons le temps pour une question. Reuters, s’il vous plaît.

Question :
Anna Kowalska, Reuters. Les Alliés atteindront-ils 3 % du PIB d'ici 2030 ?

Secrétaire général de l'OTAN :
Oui ! Je m’attends à ce que tous les Alliés présentent des plans crédibles avant le sommet.
Nos industries doivent produire davantage, et plus vite. Merci.
`;

function french(): void {
  const dir = join(ROOT, 'samples', 'french');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'capsync-fr-'));
  try {
    // Pitch per speaker (Pico has one French voice): the sample rate is scaled and restored, tempo kept.
    const pitch: Record<Part['speaker'], number> = { host: 0.86, moderator: 1.0, question: 0.93 };
    const list: string[] = [];
    FRENCH.forEach((part, i) => {
      const raw = join(tmp, `raw-${i}.wav`);
      execFileSync('pico2wave', ['-l', 'fr-FR', '-w', raw, part.say]);
      const p = pitch[part.speaker];
      const voiced = join(tmp, `part-${i}.wav`);
      ffmpeg(['-i', raw, '-af', `asetrate=16000*${p},aresample=16000,atempo=${(1 / p).toFixed(4)},apad=pad_len=${Math.round(part.pause * 16000)}`, '-ac', '1', '-ar', '16000', voiced]);
      list.push(`file '${voiced}'`);
    });
    const lead = join(tmp, 'lead.wav');
    ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '1.5', lead]);
    writeFileSync(join(tmp, 'list.txt'), [`file '${lead}'`, ...list].join('\n'));
    ffmpeg(['-f', 'concat', '-safe', '0', '-i', join(tmp, 'list.txt'), '-c:a', 'aac', '-b:a', '48k', join(dir, 'point-de-presse.m4a')]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(join(dir, 'point-de-presse.transcript.txt'), FRENCH_TRANSCRIPT);
  writeFileSync(
    join(dir, 'point-de-presse.description.txt'),
    "Point de presse du Secrétaire général de l'OTAN, 5 juin 2025\n" +
      "Point de presse du Secrétaire général de l'OTAN à l'issue de la réunion des ministres de la Défense à Bruxelles, le 5 juin 2025.\n" +
      "🗣 | Secrétaire général de l'OTAN :\n" +
      FRENCH_TRANSCRIPT.split('\n\n')[0]!.replace(/^Secrétaire général de l'OTAN :\n/, '') +
      '\nLa transcription se poursuit : https://www.nato.int/cps/fr/natohq/opinions_235000.htm\n\n' +
      'Chapitres :\n0:00 Réunion des ministres de la Défense\n0:10 Dépenses de défense\n0:22 Questions-réponses\n\n' +
      '▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬▬\n' +
      'ABONNEZ-VOUS à cette chaîne https://bit.ly/OTANabonnement\n' +
      "Suivez l'OTAN sur Facebook : https://bit.ly/OTANfacebook\n" +
      '#OTAN #Défense\n',
  );
}

if (only.includes('ytdlp')) ytdlp();
if (only.includes('french')) french();
