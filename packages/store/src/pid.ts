import { hostname } from 'node:os';

/** Whether a process with this id exists on this machine (signal 0 probes without killing). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const thisHost = hostname();
