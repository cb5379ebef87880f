/**
 * Is `pid` another process that is still running? Lock files record their holder's pid; a lock
 * whose holder is gone (killed, crashed) may be taken over. EPERM means the process exists but
 * belongs to another user: still alive.
 */
export function isOtherLiveProcess(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
