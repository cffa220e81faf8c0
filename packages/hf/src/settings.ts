import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the Hub is, who we are, and where files go. */
export interface HubSettings {
  /** `HF_ENDPOINT`, else https://huggingface.co (no trailing slash). */
  hubUrl: string;
  /** `HF_TOKEN` (or `HUGGING_FACE_HUB_TOKEN`, or the token file `huggingface-cli login` writes). */
  accessToken?: string;
  /** The Python `huggingface_hub` cache folder (`…/hub`). */
  cacheDir: string;
  /** `HF_HUB_OFFLINE=1`: use only what the cache holds. */
  offline?: boolean;
}

/** The Hub cache folder exactly as Python's `huggingface_hub` finds it. */
export function hfHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HUGGINGFACE_HUB_CACHE) return env.HUGGINGFACE_HUB_CACHE;
  return join(hfHome(env), 'hub');
}

function hfHome(env: NodeJS.ProcessEnv): string {
  if (env.HF_HOME) return env.HF_HOME;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huggingface');
}

/**
 * Reads the Hub settings from the environment. `@huggingface/hub` reads none
 * of these variables itself, so every call passes them explicitly.
 */
export function hubSettings(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const hubUrl = (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  let accessToken = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || undefined;
  if (!accessToken) {
    const tokenFile = env.HF_TOKEN_PATH || join(hfHome(env), 'token');
    if (existsSync(tokenFile)) accessToken = readFileSync(tokenFile, 'utf8').trim() || undefined;
  }
  const offline = ['1', 'true', 'yes', 'on'].includes((env.HF_HUB_OFFLINE ?? '').toLowerCase());
  return { hubUrl, accessToken, cacheDir: hfHubCacheDir(env), ...(offline ? { offline } : {}) };
}
