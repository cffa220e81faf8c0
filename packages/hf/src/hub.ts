import { HubApiError, listFiles, modelInfo } from '@huggingface/hub';
import { MfcError } from '@mfc/diagnostics';
import { hfError } from './error-codes.js';
import type { HubSettings } from './settings.js';

/** One file of a repository at a commit, as the Hub's tree API lists it. */
export interface RepoFile {
  path: string;
  size: number;
  /** The name its blob gets in the cache: the LFS sha256, else the git blob id. */
  etag: string;
  /** Set for LFS files: their sha256, checked after download. */
  sha256?: string;
  /** Set for plain git files: their git blob id (sha1 of `blob <size>\0…`), checked after download. */
  gitOid?: string;
}

export interface RepoSnapshot {
  repo: string;
  revision: string;
  commit: string;
  gated: false | 'auto' | 'manual';
  files: RepoFile[];
}

/**
 * A `fetch` for the library that remembers the Hub's `X-Error-Code` header
 * (RepoNotFound, GatedRepo, RevisionNotFound, …), which the library drops.
 */
function recordingFetch(): { fetch: typeof fetch; lastErrorCode: () => string | undefined } {
  let code: string | undefined;
  const wrapped: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!res.ok) code = res.headers.get('x-error-code') ?? undefined;
    return res;
  };
  return { fetch: wrapped, lastErrorCode: () => code };
}

/** Turns a Hub API failure into a clear `MfcError`. */
export function hubError(
  err: unknown,
  repo: string,
  revision: string,
  errorCode: string | undefined,
  hasToken: boolean,
): MfcError {
  if (err instanceof MfcError) return err;
  if (err instanceof HubApiError) {
    const status = err.statusCode;
    if (errorCode === 'GatedRepo' || (status === 403 && /gated/i.test(err.message))) {
      return hfError(
        'HF_GATED',
        `hf.co/${repo} is gated: you must accept its conditions on the Hub first`,
        {
          hint: hasToken
            ? `visit https://huggingface.co/${repo} with the account of your HF_TOKEN and request access`
            : `request access at https://huggingface.co/${repo}, then set HF_TOKEN to a token of that account`,
          cause: err,
        },
      );
    }
    if (errorCode === 'RevisionNotFound') {
      return hfError('HF_REVISION_NOT_FOUND', `hf.co/${repo} has no revision "${revision}"`, {
        cause: err,
      });
    }
    if (errorCode === 'RepoNotFound' || status === 404 || status === 401) {
      return hfError(
        'HF_REPO_NOT_FOUND',
        `repository hf.co/${repo} was not found, or it is private`,
        {
          hint: hasToken
            ? 'check the name and that your HF_TOKEN can read it'
            : 'check the name; for a private repository set HF_TOKEN',
          cause: err,
        },
      );
    }
    if (status === 403) {
      return hfError('HF_FORBIDDEN', `access to hf.co/${repo} was refused (HTTP 403)`, {
        hint: 'check that your HF_TOKEN has read permission',
        cause: err,
      });
    }
    return hfError(
      'HF_API_ERROR',
      `the Hub answered HTTP ${status} for hf.co/${repo}: ${err.message}`,
      { cause: err },
    );
  }
  if (err instanceof TypeError && /access token/i.test(err.message)) {
    return hfError('HF_BAD_TOKEN', 'HF_TOKEN must be a Hugging Face token starting with "hf_"', {
      cause: err,
      kind: 'usage',
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return hfError('HF_NETWORK', `could not reach the Hub for hf.co/${repo}: ${message}`, {
    hint: 'check your network connection, or HF_ENDPOINT if you use a mirror',
    cause: err,
  });
}

/**
 * Resolves a revision to a commit and lists every file in the repository
 * (recursively), through `@huggingface/hub`'s `modelInfo` and `listFiles`.
 */
export async function fetchRepoSnapshot(
  repo: string,
  revision: string,
  settings: HubSettings,
): Promise<RepoSnapshot> {
  const rec = recordingFetch();
  const common = { hubUrl: settings.hubUrl, accessToken: settings.accessToken, fetch: rec.fetch };
  try {
    const info = await modelInfo({ ...common, name: repo, revision, additionalFields: ['sha'] });
    const commit = (info as { sha?: string }).sha;
    if (!commit)
      throw hfError(
        'HF_API_ERROR',
        `the Hub did not report a commit for hf.co/${repo}@${revision}`,
      );
    const files: RepoFile[] = [];
    for await (const entry of listFiles({
      ...common,
      repo: { type: 'model', name: repo },
      revision: commit,
      recursive: true,
    })) {
      if (entry.type !== 'file') continue;
      const sha256 = entry.lfs?.oid;
      const etag = sha256 ?? entry.oid;
      if (!etag) continue;
      files.push({
        path: entry.path,
        size: entry.lfs?.size ?? entry.size,
        etag,
        sha256,
        gitOid: sha256 ? undefined : entry.oid,
      });
    }
    return { repo, revision, commit, gated: info.gated ?? false, files };
  } catch (err) {
    throw hubError(err, repo, revision, rec.lastErrorCode(), settings.accessToken !== undefined);
  }
}
