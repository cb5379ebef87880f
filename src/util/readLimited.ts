/**
 * Read a whole file, but never more than a limit: the size is checked before reading (regular
 * files) and while reading (devices, pipes, files that grow), so memory stays bounded whatever
 * the path points at.
 */
import { promises as fs } from 'node:fs';
import { CapsyncError } from './errors.js';

/** Read size: large enough that reaching a 64 MiB limit takes a few dozen reads. */
const CHUNK_BYTES = 1 << 20;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The file's bytes. Throws CapsyncError INPUT_TOO_LARGE past `maxBytes` (naming `what` and the
 * limit); other failures (missing, a directory, no permission) are the filesystem's errors, with
 * their `code`, for the caller to word.
 */
export async function readFileLimited(file: string, maxBytes: number, what: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    const tooLarge = (): CapsyncError =>
      new CapsyncError('INPUT_TOO_LARGE', `the ${what} ${file} is larger than ${size(maxBytes)}, far more than any real ${what}: is it the right file?`);
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge();
      chunks.push(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
