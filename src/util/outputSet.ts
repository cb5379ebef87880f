/**
 * A run's outputs as one set: `<dir>/<stem>.*` appear together or not at all, one run at a time
 * per stem, and nothing is left behind by a failure or Ctrl-C.
 *
 * - **Lock.** `.<stem>.capsync.lock` (created exclusively, holding the pid) is taken before any
 *   expensive work; creating it is also what proves the folder writable. A lock whose process is
 *   gone (killed) is taken over.
 * - **Stage.** Every file is written into `.<stem>.capsync-staging/` beside the targets (same
 *   filesystem, so renames are atomic). Old outputs are untouched until everything is written.
 * - **Commit.** The record `.<stem>.capsync.json` is switched to `committing` (a temp file renamed
 *   over it): from then on the new set wins. Each staged file is renamed into place, files of the
 *   previous set that this run did not write (a `.description.txt` from a run with `--description`)
 *   are removed, and the record says `done` with the new list.
 * - **Recovery.** A run killed before the commit point leaves a staging folder, which the next run
 *   (or the signal handler, at once) removes: the old set stands. One killed after it leaves a
 *   `committing` record, and the next run (or the signal handler) finishes the renames.
 *
 * A file of the previous set is only removed when it is not one of this run's inputs (by device
 * and inode), so an input is never lost whatever the record says.
 */
import { promises as fs, mkdirSync, renameSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CapsyncError } from './errors.js';
import { isOtherLiveProcess } from './process.js';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

/** Identity of a file on disk: the same (dev, ino) is the same file, whatever the path. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

interface SetRecord {
  version: 1;
  state: 'committing' | 'done';
  /** Basenames of the set's files. */
  files: string[];
  /** Basenames of the previous set's files that the commit removes. */
  remove: string[];
}

const names = (dir: string, stem: string) => ({
  lock: path.join(dir, `.${stem}.capsync.lock`),
  staging: path.join(dir, `.${stem}.capsync-staging`),
  record: path.join(dir, `.${stem}.capsync.json`),
  recordTemp: path.join(dir, `.${stem}.capsync.json.tmp`),
});

/** Files and folders of the set machinery for `stem` (what a folder listing should ignore). */
export function outputSetInternals(stem: string): string[] {
  return [`.${stem}.capsync.lock`, `.${stem}.capsync-staging`, `.${stem}.capsync.json`, `.${stem}.capsync.json.tmp`];
}

/** Turn a filesystem error on the output folder into a message the user can act on. */
export function outputFolderError(dir: string, error: unknown): CapsyncError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = (error as Error)?.message ?? String(error);
  if (code === 'EACCES' || code === 'EPERM') return new CapsyncError('OUTPUT_NOT_WRITABLE', `cannot write to the output folder ${dir}: permission denied; pass another --out`);
  if (code === 'EROFS') return new CapsyncError('OUTPUT_NOT_WRITABLE', `cannot write to the output folder ${dir}: the file system is read-only; pass another --out`);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CapsyncError('OUTPUT_NO_SPACE', `no space (or no free inodes) left for the outputs in ${dir}; free some or pass another --out`);
  if (code === 'ENOTDIR' || code === 'EEXIST') return new CapsyncError('OUT_NOT_DIRECTORY', `the output path is not a directory (or lies under a file): ${dir}`);
  if (code === 'ENAMETOOLONG') return new CapsyncError('OUTPUT_NAME_TOO_LONG', `an output name in ${dir} is too long for the file system`);
  return new CapsyncError('OUTPUT_WRITE', `cannot write the outputs to ${dir}: ${message}`);
}

/** A set being written; `settleSync` is what a signal handler calls. */
interface ActiveSet {
  settleSync(): void;
}
const active = new Set<ActiveSet>();
/** Lock files this process holds (a second set on one stem in one process is refused too). */
const heldLocks = new Set<string>();
/**
 * Lock files being created: between the exclusive open and the set's registration a signal can
 * arrive, and the file is then ours (our pid, or still empty) though no set holds it yet.
 */
const pendingLocks = new Set<string>();

/**
 * Bring every set this process is writing to a consistent state at once (synchronously, for a
 * signal handler): before the commit point the staging folder goes, after it the renames are
 * finished; then the locks are released.
 */
export function settleOutputSetsSync(): void {
  for (const set of [...active]) set.settleSync();
  for (const lock of pendingLocks) {
    let content: string | null;
    try {
      content = readFileSync(lock, 'utf8').trim();
    } catch {
      content = null;
    }
    if (content === '' || content === String(process.pid)) rmSync(lock, { force: true });
  }
  pendingLocks.clear();
}

export class OutputSet {
  private readonly paths: ReturnType<typeof names>;
  private phase: 'locked' | 'staging' | 'committing' | 'released' = 'locked';
  private commitRecord: SetRecord | null = null;
  private readonly handle: ActiveSet;

  private constructor(
    readonly dir: string,
    readonly stem: string,
    private readonly createdDir: string | null,
  ) {
    this.paths = names(dir, stem);
    this.handle = { settleSync: () => this.settleSync() };
    active.add(this.handle);
  }

  /**
   * Take the lock for `<dir>/<stem>.*` (creating `dir` when needed), and finish or undo whatever
   * a killed run left. Throws OUTPUT_LOCKED while another live run holds it, and a user error
   * naming the folder when it cannot be written.
   */
  static async open(dir: string, stem: string): Promise<OutputSet> {
    let createdDir: string | null = null;
    try {
      createdDir = (await fs.mkdir(dir, { recursive: true })) ?? null;
    } catch (error) {
      throw outputFolderError(dir, error);
    }
    const lock = names(dir, stem).lock;
    pendingLocks.add(path.resolve(lock));
    try {
      return await OutputSet.lockAndOpen(dir, stem, lock, createdDir);
    } finally {
      pendingLocks.delete(path.resolve(lock));
    }
  }

  private static async lockAndOpen(dir: string, stem: string, lock: string, createdDir: string | null): Promise<OutputSet> {
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
          if (createdDir) await fs.rmdir(createdDir).catch(() => undefined);
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw lockedError(dir, stem, lock);
          throw outputFolderError(dir, error);
        }
        const pid = Number((await fs.readFile(lock, 'utf8').catch(() => '')).trim());
        if (heldLocks.has(path.resolve(lock))) throw lockedError(dir, stem, lock, process.pid);
        if (isOtherLiveProcess(pid)) throw lockedError(dir, stem, lock, pid);
        // Left by a run that was killed: take it over.
        await fs.rm(lock, { force: true });
      }
    }
    heldLocks.add(path.resolve(lock));
    const set = new OutputSet(dir, stem, createdDir);
    try {
      await set.recover();
    } catch (error) {
      await set.release();
      throw outputFolderError(dir, error);
    }
    return set;
  }

  /** The record of the set now in place, or null. */
  private async readRecord(): Promise<SetRecord | null> {
    try {
      const record = JSON.parse(await fs.readFile(this.paths.record, 'utf8')) as SetRecord;
      return record && record.version === 1 && Array.isArray(record.files) ? record : null;
    } catch {
      return null;
    }
  }

  /** Finish a commit a killed run started; drop a staging folder it never committed. */
  private async recover(): Promise<void> {
    const record = await this.readRecord();
    if (record?.state === 'committing') {
      this.commitRecord = record;
      this.finishCommitSync();
    }
    await fs.rm(this.paths.staging, { recursive: true, force: true });
    await fs.rm(this.paths.recordTemp, { force: true });
  }

  /**
   * Write `files` (all in this set's folder) as the new set: staged, committed, then the previous
   * set's leftovers removed unless they are `inputs`.
   */
  async commit(files: readonly OutputFile[], inputs: readonly FileIdentity[] = []): Promise<void> {
    if (this.phase !== 'locked') throw new Error('an output set can be committed once');
    for (const f of files) {
      if (path.resolve(path.dirname(f.path)) !== path.resolve(this.dir)) throw new Error(`output ${f.path} is outside ${this.dir}`);
    }
    const previous = await this.readRecord();
    this.phase = 'staging';
    // Staging and the record are written synchronously: a signal handler runs between JavaScript
    // tasks, and an asynchronous write still in flight on the thread pool would land after the
    // handler had cleaned up, leaving a staging folder or a temp record behind. The files are small.
    try {
      rmSync(this.paths.staging, { recursive: true, force: true });
      mkdirSync(this.paths.staging);
      for (const f of files) writeFileSync(path.join(this.paths.staging, path.basename(f.path)), f.data);
    } catch (error) {
      this.undoStagingSync();
      this.phase = 'locked';
      throw outputFolderError(this.dir, error);
    }
    const fileNames = files.map((f) => path.basename(f.path));
    const remove: string[] = [];
    for (const name of previous?.state === 'done' ? previous.files : []) {
      if (fileNames.includes(name) || !isOwnOutputName(name, this.stem)) continue;
      // Never an input, whatever the record says.
      const stat = await fs.stat(path.join(this.dir, name)).catch(() => null);
      if (stat && inputs.some((i) => i.dev === stat.dev && i.ino === stat.ino)) continue;
      remove.push(name);
    }
    const record: SetRecord = { version: 1, state: 'committing', files: fileNames, remove };
    try {
      writeFileSync(this.paths.recordTemp, JSON.stringify(record));
      renameSync(this.paths.recordTemp, this.paths.record);
    } catch (error) {
      this.undoStagingSync();
      this.phase = 'locked';
      throw outputFolderError(this.dir, error);
    }
    // The commit point is passed: from here the new set is finished, even by a signal handler.
    this.commitRecord = record;
    this.phase = 'committing';
    this.finishCommitSync();
    this.phase = 'locked';
  }

  /** Renames, removals and the `done` record; every step is idempotent, so a rerun may repeat it. */
  private finishCommitSync(): void {
    const record = this.commitRecord;
    if (!record) return;
    for (const name of record.files) {
      const staged = path.join(this.paths.staging, name);
      if (existsSync(staged)) renameSync(staged, path.join(this.dir, name));
    }
    for (const name of record.remove) rmSync(path.join(this.dir, name), { force: true });
    rmSync(this.paths.staging, { recursive: true, force: true });
    writeFileSync(this.paths.recordTemp, JSON.stringify({ ...record, state: 'done', remove: [] } satisfies SetRecord));
    renameSync(this.paths.recordTemp, this.paths.record);
    this.commitRecord = null;
  }

  private undoStagingSync(): void {
    rmSync(this.paths.staging, { recursive: true, force: true });
    rmSync(this.paths.recordTemp, { force: true });
  }

  /** What a signal handler does: a consistent folder, then the lock released. */
  private settleSync(): void {
    if (this.phase === 'released') return;
    try {
      if (this.commitRecord) this.finishCommitSync();
      else this.undoStagingSync();
    } finally {
      this.releaseSync();
    }
  }

  private releaseSync(): void {
    if (this.phase === 'released') return;
    this.phase = 'released';
    active.delete(this.handle);
    heldLocks.delete(path.resolve(this.paths.lock));
    try {
      const pid = Number(readFileSync(this.paths.lock, 'utf8').trim());
      if (pid === process.pid) rmSync(this.paths.lock, { force: true });
    } catch {
      // Already gone.
    }
  }

  /** Release the lock; when the run failed, a folder this run created and left empty goes too. */
  async release(options: { failed?: boolean } = {}): Promise<void> {
    if (this.phase === 'released') return;
    this.undoStagingSync();
    this.releaseSync();
    if (options.failed && this.createdDir) {
      // rmdir only removes empty folders: nothing of anyone else's is touched.
      await fs.rmdir(this.createdDir).catch(() => undefined);
    }
  }
}

function lockedError(dir: string, stem: string, lock: string, pid?: number): CapsyncError {
  return new CapsyncError(
    'OUTPUT_LOCKED',
    `another capsync run${pid ? ` (pid ${pid})` : ''} is writing ${stem}.* in ${dir}; wait for it, or pass another --out (a lock left by a crash: remove ${lock})`,
  );
}

/** Only capsync's own output names for this stem are ever removed as stale. */
function isOwnOutputName(name: string, stem: string): boolean {
  return name.startsWith(`${stem}.`) && /\.(?:vtt|srt|words\.json|report\.json|chapters\.txt|chapters\.vtt|metadata\.json|description\.txt|review\.html)$/.test(name);
}
