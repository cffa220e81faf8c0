import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formattedReference, referencePath } from '../reference-docs.js';

describe('docs/reference.md', () => {
  it('is what `pnpm docs:reference` generates from the reference table', async () => {
    const actual = readFileSync(referencePath, 'utf8');
    expect(actual).toBe(await formattedReference());
    expect(actual).toContain('| `temperature`');
    expect(actual).toContain('| `FROM`');
  });
});
