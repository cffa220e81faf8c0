import { mkdir, readFile, readdir, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from '@mfc/diagnostics';
import { BlobStore } from './blobs.js';
import { sha256Digest, type Digest } from './digest.js';
import { StoreLayout, readOnlyStoreError } from './layout.js';
import {
  acquireLock,
  liveLocks,
  nameLockFile,
  STORE_LOCK_FILE,
  type AcquireOptions,
  type HeldLock,
} from './lock.js';
import { decodeManifest, encodeManifest, type Layer, type Manifest } from './manifest.js';
import {
  adoptExistingSpelling,
  displayFull,
  displayShortest,
  isValidName,
  parseModelName,
  sameNameIgnoringCase,
  type ModelName,
} from './name.js';
import { removeStaleTemps, staleTemps } from './tempfiles.js';
import { storeError } from './error-codes.js';

export interface StoredModel {
  name: ModelName;
  /** `DisplayShortest`, as `ollama list` prints it. */
  shortName: string;
  manifestPath: string;
  manifest: Manifest;
  /** sha256 of the manifest file's bytes; `ollama list` shows its first 12 hex digits as the ID. */
  digest: Digest;
  /** Config plus all layers, in bytes. */
  size: number;
  modified: Date;
}

export interface PruneResult {
  removed: { digest: Digest; size: number }[];
  /** Everything freed (or, in a dry run, that would be): blobs and partial files. */
  bytes: number;
  /** Partial files and work folders of killed builds (names in `.mfc/tmp`), deleted or not in a dry run. */
  partials: string[];
  /** Interrupted registry downloads (resumable until pruned) that were (or would be) deleted. */
  downloads: { name: string; size: number }[];
  /** Their bytes, counted the same way in a dry run and a real one. */
  partialBytes: number;
}

/** An Ollama models folder: blobs, manifests, and mfc's locks. */
export class Store {
  readonly layout: StoreLayout;
  readonly blobs: BlobStore;

  constructor(root: string) {
    this.layout = new StoreLayout(root);
    this.blobs = new BlobStore(this.layout);
  }

  get root(): string {
    return this.layout.root;
  }

  /** Creates the folders and removes partial files of dead processes. */
  async init(): Promise<void> {
    try {
      await mkdir(this.layout.blobsDir, { recursive: true });
      await mkdir(this.layout.manifestsDir, { recursive: true });
    } catch (err) {
      throw readOnlyStoreError(this.layout.root, err) ?? err;
    }
    removeStaleTemps(this.layout.tmpDir);
  }

  /** Every valid `manifests/<host>/<namespace>/<model>/<tag>` name (like Ollama's `Manifests`). */
  async names(): Promise<ModelName[]> {
    const out: ModelName[] = [];
    const list = async (dir: string) => {
      try {
        return (await readdir(dir, { withFileTypes: true })).filter((d) => !d.name.startsWith('.'));
      } catch {
        return [];
      }
    };
    for (const h of await list(this.layout.manifestsDir)) {
      if (!h.isDirectory()) continue;
      for (const n of await list(join(this.layout.manifestsDir, h.name))) {
        if (!n.isDirectory()) continue;
        for (const m of await list(join(this.layout.manifestsDir, h.name, n.name))) {
          if (!m.isDirectory()) continue;
          for (const t of await list(join(this.layout.manifestsDir, h.name, n.name, m.name))) {
            if (!t.isFile()) continue;
            const name = { host: h.name, namespace: n.name, model: m.name, tag: t.name };
            if (isValidName(name)) out.push(name);
          }
        }
      }
    }
    return out.sort((a, b) => displayFull(a).localeCompare(displayFull(b)));
  }

  /** The spelling a new manifest for `name` gets (Ollama reuses existing names case-insensitively). */
  async spellingFor(name: ModelName): Promise<ModelName> {
    return adoptExistingSpelling(name, await this.names());
  }

  /** Finds an existing model by name, case-insensitively. Throws `STORE_MODEL_NOT_FOUND`. */
  async find(text: string | ModelName): Promise<StoredModel> {
    const wanted = typeof text === 'string' ? parseModelName(text) : text;
    const names = await this.names();
    const exact = names.find((n) => displayFull(n) === displayFull(wanted));
    const match = exact ?? names.find((n) => sameNameIgnoringCase(n, wanted));
    if (!match) {
      throw storeError('STORE_MODEL_NOT_FOUND', `model '${displayShortest(wanted)}' not found`, {
        location: { file: this.layout.manifestPath(wanted) },
        hint: `run 'mfc list' to see the models in ${this.root}`,
      });
    }
    return this.load(match);
  }

  /** Reads one manifest. */
  async load(name: ModelName): Promise<StoredModel> {
    const manifestPath = this.layout.manifestPath(name);
    const bytes = await readFile(manifestPath);
    const manifest = decodeManifest(bytes.toString('utf8'), manifestPath);
    const st = await stat(manifestPath);
    return {
      name,
      shortName: displayShortest(name),
      manifestPath,
      manifest,
      digest: sha256Digest(bytes),
      size: manifest.config.size + manifest.layers.reduce((s, l) => s + l.size, 0),
      modified: st.mtime,
    };
  }

  /** All models; unreadable manifests are reported through `onError` and skipped. */
  async list(onError?: (name: ModelName, err: unknown) => void): Promise<StoredModel[]> {
    const out: StoredModel[] = [];
    for (const name of await this.names()) {
      try {
        out.push(await this.load(name));
      } catch (err) {
        onError?.(name, err);
      }
    }
    return out;
  }

  async readBlob(digest: Digest): Promise<Buffer> {
    try {
      return await readFile(this.blobs.path(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw storeError('STORE_MISSING_BLOB', `blob ${digest} is missing`, {
          location: { file: this.blobs.path(digest) },
          hint: 'the model is incomplete; rebuild it',
        });
      }
      throw err;
    }
  }

  async readBlobText(digest: Digest): Promise<string> {
    return (await this.readBlob(digest)).toString('utf8');
  }

  /**
   * Writes the manifest for `name` atomically (partial file + rename) after
   * checking that every blob it names exists with the right size. Returns the
   * manifest's digest and bytes.
   */
  async writeManifest(
    name: ModelName,
    config: Layer,
    layers: readonly Layer[],
  ): Promise<{ digest: Digest; text: string; path: string }> {
    for (const l of [config, ...layers]) {
      if (!(await this.blobs.has(l.digest, l.size))) {
        throw storeError(
          'STORE_MISSING_BLOB',
          `blob ${l.digest} (${l.mediaType}) is missing or has the wrong size`,
          {
            location: { file: this.blobs.path(l.digest) },
            hint: 'another process may have pruned the store during the build; build again',
          },
        );
      }
    }
    const text = encodeManifest(config, layers);
    const path = this.layout.manifestPath(name);
    await writeFileAtomic(path, text, { mode: 0o644, tmpDir: this.layout.tmpDir });
    return { digest: sha256Digest(text), text, path };
  }

  /**
   * Writes a manifest's exact bytes (an imported or pulled manifest: never
   * re-encoded, so its digest stays the one the registry or archive named),
   * after checking that every blob it names (`blobs`, else the decoded
   * manifest's) is present with the right size.
   */
  async writeManifestBytes(
    name: ModelName,
    bytes: Uint8Array,
    blobs?: readonly { digest: Digest; size: number; mediaType?: string }[],
  ): Promise<{ digest: Digest; path: string }> {
    const path = this.layout.manifestPath(name);
    if (!blobs) {
      const m = decodeManifest(Buffer.from(bytes).toString('utf8'), path);
      blobs = [m.config, ...m.layers];
    }
    for (const l of blobs) {
      if (!(await this.blobs.has(l.digest, l.size))) {
        throw storeError(
          'STORE_MISSING_BLOB',
          `blob ${l.digest}${l.mediaType ? ` (${l.mediaType})` : ''} is missing or has the wrong size`,
          { location: { file: this.blobs.path(l.digest) } },
        );
      }
    }
    await writeFileAtomic(path, bytes, { mode: 0o644, tmpDir: this.layout.tmpDir });
    return { digest: sha256Digest(bytes), path };
  }

  /** Interrupted downloads under `.mfc/downloads/`, with the bytes they hold on disk. */
  async partialDownloads(): Promise<{ name: string; size: number }[]> {
    let entries: string[];
    try {
      entries = (await readdir(this.layout.downloadsDir)).sort();
    } catch {
      return [];
    }
    const out: { name: string; size: number }[] = [];
    for (const name of entries) {
      let size = 0;
      try {
        for (const f of await readdir(join(this.layout.downloadsDir, name))) {
          const st = await stat(join(this.layout.downloadsDir, name, f));
          size += st.blocks !== undefined ? Math.min(st.size, st.blocks * 512) : st.size;
        }
      } catch {
        // not a folder: count it anyway
      }
      out.push({ name, size });
    }
    return out;
  }

  /** Deletes a manifest file and the folders it leaves empty. */
  private async deleteManifestFile(name: ModelName): Promise<void> {
    const path = this.layout.manifestPath(name);
    await unlink(path);
    let dir = join(path, '..');
    while (
      relative(this.layout.manifestsDir, dir) &&
      !relative(this.layout.manifestsDir, dir).startsWith('..')
    ) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
      dir = join(dir, '..');
    }
  }

  /** Every digest some manifest references (config and layers). */
  async referencedDigests(): Promise<Set<Digest>> {
    const used = new Set<Digest>();
    for (const name of await this.names()) {
      let m: StoredModel;
      try {
        m = await this.load(name);
      } catch {
        // An unreadable manifest cannot protect its blobs; refuse to guess.
        throw storeError(
          'STORE_BAD_MANIFEST',
          `cannot read the manifest of ${displayShortest(name)}`,
          {
            location: { file: this.layout.manifestPath(name) },
            hint: 'fix or remove it before deleting blobs',
          },
        );
      }
      used.add(m.manifest.config.digest);
      for (const l of m.manifest.layers) used.add(l.digest);
    }
    return used;
  }

  /** `acquireLock`, with a read-only models folder reported as such rather than as its lock file. */
  private async acquire(...args: Parameters<typeof acquireLock>): Promise<HeldLock> {
    try {
      return await acquireLock(...args);
    } catch (err) {
      throw readOnlyStoreError(this.layout.root, err) ?? err;
    }
  }

  /** Holds the per-name lock while `fn` runs (two builds of one name wait for each other). */
  async withNameLock<T>(
    name: ModelName,
    purpose: string,
    fn: (lock: HeldLock) => Promise<T>,
    options?: AcquireOptions,
  ): Promise<T> {
    const lock = await this.acquire(
      join(this.layout.locksDir, nameLockFile(displayFull(name))),
      purpose,
      options,
    );
    try {
      // A running prune holds the store lock; wait until it is done.
      const storeLock = await this.acquire(
        join(this.layout.locksDir, STORE_LOCK_FILE),
        purpose,
        options,
      );
      await storeLock.release();
      return await fn(lock);
    } finally {
      await lock.release();
    }
  }

  /**
   * Deletes the given blobs unless a manifest still references them. Blob
   * deletion only happens while no other build holds a name lock (a running
   * build may be about to reference a blob no manifest names yet); otherwise
   * nothing is deleted and `deferred` is true — `mfc prune` finishes the job.
   */
  async deleteUnreferenced(
    candidates: Iterable<Digest>,
    ownLock?: HeldLock,
  ): Promise<{ removed: Digest[]; deferred: boolean }> {
    const storeLock = await this.acquire(
      join(this.layout.locksDir, STORE_LOCK_FILE),
      'deleting blobs',
      { timeoutMs: 0 },
    ).catch(() => undefined);
    if (!storeLock) return { removed: [], deferred: true };
    try {
      if (
        (await liveLocks(this.layout.locksDir, ownLock?.path)).some(
          (o) => o.purpose !== 'deleting blobs',
        )
      ) {
        return { removed: [], deferred: true };
      }
      const used = await this.referencedDigests();
      const removed: Digest[] = [];
      for (const d of new Set(candidates)) {
        if (used.has(d)) continue;
        await this.blobs.remove(d);
        removed.push(d);
      }
      return { removed, deferred: false };
    } finally {
      await storeLock.release();
    }
  }

  /** `mfc rm`: deletes the manifest and the blobs only it used. */
  async remove(
    text: string,
  ): Promise<{ model: StoredModel; removedBlobs: Digest[]; deferred: boolean }> {
    const model = await this.find(text);
    return this.withNameLock(model.name, 'removing a model', async (lock) => {
      await this.deleteManifestFile(model.name);
      const digests = [model.manifest.config.digest, ...model.manifest.layers.map((l) => l.digest)];
      const { removed, deferred } = await this.deleteUnreferenced(digests, lock);
      return { model, removedBlobs: removed, deferred };
    });
  }

  /** `mfc cp`: the manifest's bytes under a new name (like `ollama cp`). */
  async copy(
    sourceText: string,
    destText: string,
  ): Promise<{ from: StoredModel; to: ModelName; digest: Digest }> {
    const from = await this.find(sourceText);
    const to = await this.spellingFor(parseModelName(destText));
    return this.withNameLock(to, 'copying a model', async () => {
      const { digest } = await this.writeManifest(to, from.manifest.config, from.manifest.layers);
      return { from, to, digest };
    });
  }

  /** `mfc prune`: removes blobs no manifest references, and partial files of dead processes. */
  async prune(options: { dryRun?: boolean } = {}): Promise<PruneResult> {
    const storeLock = await this.acquire(
      join(this.layout.locksDir, STORE_LOCK_FILE),
      'pruning the store',
      { timeoutMs: 0 },
    );
    try {
      const busy = await liveLocks(this.layout.locksDir, storeLock.path);
      if (busy.length > 0) {
        throw storeError(
          'STORE_BUSY',
          `cannot prune while ${busy[0].purpose} is in progress (pid ${busy[0].pid})`,
          {
            hint: 'run mfc prune again when it has finished',
          },
        );
      }
      const used = await this.referencedDigests();
      const removed: PruneResult['removed'] = [];
      let names: string[] = [];
      try {
        names = await readdir(this.layout.blobsDir);
      } catch {
        names = [];
      }
      for (const file of names.sort()) {
        const m = /^sha256[-:]([0-9a-f]{64})$/.exec(file);
        if (!m) continue;
        const digest: Digest = `sha256:${m[1]}`;
        if (used.has(digest)) continue;
        const st = await stat(join(this.layout.blobsDir, file));
        removed.push({ digest, size: st.size });
        if (!options.dryRun) await unlink(join(this.layout.blobsDir, file));
      }
      const partials = options.dryRun
        ? staleTemps(this.layout.tmpDir)
        : removeStaleTemps(this.layout.tmpDir);
      const partialBytes = partials.reduce((s, p) => s + p.size, 0);
      // Nobody holds a lock (checked above), so no pull is writing these.
      const downloads = await this.partialDownloads();
      if (!options.dryRun) {
        for (const d of downloads) {
          await rm(join(this.layout.downloadsDir, d.name), { recursive: true, force: true });
        }
      }
      return {
        removed,
        bytes:
          removed.reduce((s, r) => s + r.size, 0) +
          partialBytes +
          downloads.reduce((s, d) => s + d.size, 0),
        partials: partials.map((p) => p.path.split(sep).pop()!),
        partialBytes,
        downloads,
      };
    } finally {
      await storeLock.release();
    }
  }
}

/** Opens (and creates) the store at `root`. */
export async function openStore(root: string): Promise<Store> {
  const store = new Store(root);
  await store.init();
  return store;
}
