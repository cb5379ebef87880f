import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Write a file so that readers only ever see the old content or the complete new content:
 * write to a temp file beside the target, then rename over it (rename is atomic on one filesystem).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Write several files all-or-nothing as far as the filesystem allows: every temp file is
 * written first, and only when all succeeded are they renamed into place.
 */
export async function writeFilesAtomic(files: ReadonlyArray<{ path: string; data: string | Uint8Array }>): Promise<void> {
  const temps: Array<{ temp: string; target: string }> = [];
  try {
    for (const file of files) {
      await fs.mkdir(path.dirname(file.path), { recursive: true });
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.${Date.now()}.tmp`);
      temps.push({ temp, target: file.path });
      await fs.writeFile(temp, file.data);
    }
    for (const { temp, target } of temps) await fs.rename(temp, target);
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => fs.rm(temp, { force: true })));
    throw error;
  }
}
