import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** True when `dir` is a folder with a config.json and safetensors weights (a Hugging Face model folder). */
export function isHfModelDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'config.json'))) return false;
    return readdirSync(dir).some(
      (n) => n.endsWith('.safetensors') || n === 'model.safetensors.index.json',
    );
  } catch {
    return false;
  }
}
