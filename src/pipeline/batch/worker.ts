/**
 * Child-process entry of a batch item (forked by runItem): runs one `generate` and reports over
 * IPC. A process per item keeps the synchronous alignment off the batch's main thread, gives each
 * item its own heap, and lets a crash or an out-of-memory kill end that item only.
 *
 * Stopping: SIGTERM/SIGINT end the process at once, leaving the item's folder with its old set of
 * outputs or the new one whole (see util/outputSet.ts).
 */
import { generate } from '../generate.js';
import { isCapsyncError } from '../../util/errors.js';
import { settleOutputSetsSync } from '../../util/outputSet.js';
import { outcomeOf, WORKER_ENV, type WorkerMessage, type WorkerRequest } from './protocol.js';

/** Progress messages at most this often (a stage change is always sent). */
const PROGRESS_INTERVAL_MS = 200;

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** CPU time of this worker (user + system), seconds; ffmpeg's decoding is not included. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000) / 1000;
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });
}

let finished = false;

async function run(request: WorkerRequest): Promise<void> {
  // The item's output folder keeps its old set or gets the new one whole; no temp files, no lock.
  const stop = (): void => {
    settleOutputSetsSync();
    process.exit(130);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  let lastStage = '';
  let lastSent = 0;
  let message: WorkerMessage;
  try {
    const result = await generate({
      ...request.options,
      quiet: false,
      onProgress: (p) => {
        const now = Date.now();
        if (p.stage !== lastStage || now - lastSent >= PROGRESS_INTERVAL_MS || p.fraction >= 1) {
          lastStage = p.stage;
          lastSent = now;
          void send({ type: 'progress', stage: p.stage, fraction: p.fraction });
        }
      },
      // Warnings travel in the outcome (summary.warnings).
      onWarning: () => {},
    });
    message = { type: 'done', outcome: outcomeOf(result), peakRssMb: peakRssMb(), cpuSeconds: cpuSeconds() };
  } catch (error) {
    const capsync = isCapsyncError(error);
    const text = error instanceof Error ? error.message : String(error);
    message = {
      type: 'failed',
      code: capsync ? error.code : 'INTERNAL',
      message: capsync ? text : `internal error: ${text}`,
      peakRssMb: peakRssMb(),
      cpuSeconds: cpuSeconds(),
    };
  }
  finished = true;
  await send(message);
  process.disconnect?.();
}

if (process.env[WORKER_ENV] === '1' && process.send) {
  process.once('message', (request: WorkerRequest) => {
    if (request?.type === 'run') void run(request);
  });
  // The batch went away (killed): nobody is left to report to.
  process.on('disconnect', () => {
    if (!finished) {
      settleOutputSetsSync();
      process.exit(130);
    }
  });
}
