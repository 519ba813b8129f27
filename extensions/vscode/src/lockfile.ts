// The lock file through which pair finds this window: <pair config dir>/ide/<port>.json, private
// to the user (0600 in a 0700 directory), removed when the extension deactivates.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LockInfo {
  pid: number;
  workspaceFolders: string[];
  token: string;
  protocolVersion: number;
  ideName: string;
  transport: 'http';
}

/** pair's configuration directory: $XDG_CONFIG_HOME/pair, else ~/.config/pair. */
export function pairConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'pair');
  return path.join(env.HOME || os.homedir(), '.config', 'pair');
}

export function lockDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(pairConfigDir(env), 'ide');
}

export function lockPath(dir: string, port: number): string {
  return path.join(dir, `${port}.json`);
}

/** Whether a process with this pid exists (EPERM: it does, but belongs to someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the lock atomically (a private temporary file renamed into place). */
export function writeLock(dir: string, port: number, info: LockInfo): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = lockPath(dir, port);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // the umask may have narrowed it further, never widened; be exact
  fs.renameSync(tmp, file);
  return file;
}

/** Removes our lock; a lock that another process wrote since (same port) is left alone. */
export function removeLock(dir: string, port: number, pid: number = process.pid): void {
  const file = lockPath(dir, port);
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (info.pid !== pid) return;
    fs.unlinkSync(file);
  } catch {
    // already gone, or not ours to judge
  }
}

/** Removes locks whose process is gone (a window that crashed). Returns the files removed. */
export function removeStaleLocks(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
      if (typeof info.pid === 'number' && !isAlive(info.pid)) {
        fs.unlinkSync(file);
        removed.push(file);
      }
    } catch {
      // unreadable or half-written by someone else: not ours to remove
    }
  }
  return removed;
}
