import { type Command, InvalidArgumentError } from 'commander';
import { writeReviewPage } from '../../review/index.js';
import { createStageProgress } from '../progress.js';

interface ReviewFlags {
  media?: string;
  minChapter?: number;
  quiet?: boolean;
}

const seconds = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of seconds ≥ 0');
  return n;
};

/** `capsync review <out-dir | stem>`: write `<stem>.review.html` beside a run's outputs. */
export function registerReview(program: Command): void {
  program
    .command('review')
    .description(
      'Write <stem>.review.html beside the outputs of "capsync generate": a self-contained page that plays the media with the captions and ' +
        'chapters, leads to every doubtful spot of the report, and exports corrected .vtt, .srt and chapters.txt',
    )
    .argument('<target>', 'an output folder (with one <stem>.report.json), or <dir>/<stem>, or one of the output files')
    .option('--media <file>', 'the recording, when it is not where report.json says')
    .option('--min-chapter <seconds>', 'shortest chapter the page accepts (default 10, YouTube\'s minimum)', seconds)
    .option('--quiet', 'print nothing but errors')
    .action(async (target: string, flags: ReviewFlags) => {
      const bar = createStageProgress({ quiet: flags.quiet, weights: { decode: 1 } });
      let result;
      try {
        result = await writeReviewPage(target, { media: flags.media, minChapterSeconds: flags.minChapter, onProgress: (f) => bar.update('decode', f) });
      } finally {
        bar.stop();
      }
      if (!flags.quiet) {
        const spots = result.data.spots.length;
        process.stderr.write(`${result.page}: ${result.data.cues.length} cues, ${result.data.chapters.length} chapters, ${spots} doubtful spot${spots === 1 ? '' : 's'} to review\n`);
      }
    });
}
