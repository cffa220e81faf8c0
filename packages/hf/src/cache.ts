import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, readlink, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { withTempPath, writeFileAtomic } from '@mfc/diagnostics';

/**
 * The Python `huggingface_hub` cache layout for one model repository:
 * `models--org--repo/{blobs/<etag>, snapshots/<commit>/<path> → ../../blobs/<etag>, refs/<branch>}`.
 */
export class RepoCache {
  readonly root: string;

  constructor(
    readonly cacheDir: string,
    readonly repo: string,
  ) {
    this.root = join(cacheDir, `models--${repo.replace(/\//g, '--')}`);
  }

  blobPath(etag: string): string {
    return join(this.root, 'blobs', etag);
  }

  /** Where an unfinished download of a blob is kept (resumed with a Range request). */
  incompletePath(etag: string): string {
    return `${this.blobPath(etag)}.incomplete`;
  }

  snapshotDir(commit: string): string {
    return join(this.root, 'snapshots', commit);
  }

  snapshotPath(commit: string, path: string): string {
    return join(this.snapshotDir(commit), ...path.split('/'));
  }

  /** The commit a branch or tag pointed to when last resolved, if recorded. */
  readRef(revision: string): string | undefined {
    if (/^[0-9a-f]{40}$/.test(revision)) return revision;
    const file = join(this.root, 'refs', ...revision.split('/'));
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  }

  async writeRef(revision: string, commit: string): Promise<void> {
    if (revision === commit) return;
    const file = join(this.root, 'refs', ...revision.split('/'));
    await writeFileAtomic(file, commit);
  }

  /** Points `snapshots/<commit>/<path>` at the blob with a relative symlink, as Python does. */
  async linkSnapshot(commit: string, path: string, etag: string): Promise<string> {
    const link = this.snapshotPath(commit, path);
    const target = relative(dirname(link), this.blobPath(etag));
    await mkdir(dirname(link), { recursive: true });
    try {
      if ((await readlink(link)) === target) return link;
    } catch {
      // missing: create it below
    }
    // Replaced atomically: a reader finds the old link or the new one.
    await withTempPath(link, (tmp) => symlink(target, tmp), { sync: false });
    return link;
  }

  /**
   * The files a cached snapshot holds (for offline use): path, size and the
   * blob name each link points to.
   */
  listSnapshot(commit: string): { path: string; size: number; etag: string }[] {
    const root = this.snapshotDir(commit);
    const out: { path: string; size: number; etag: string }[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(full, rel);
        else if (entry.isSymbolicLink() || entry.isFile()) {
          if (!existsSync(full)) continue; // a dangling link: its blob was removed
          const etag = entry.isSymbolicLink() ? basename(readlinkSync(full)) : entry.name;
          out.push({ path: rel, size: statSync(full).size, etag });
        }
      }
    };
    if (existsSync(root)) walk(root, '');
    return out;
  }
}
