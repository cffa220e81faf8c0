import { describe, expect, it } from 'vitest';
import { checkInputPath, checkInputPathSync, readInputFile } from '../src/index.js';

describe('checkInputPath', () => {
  it('accepts regular files, and folders only when asked', async () => {
    expect((await checkInputPath(__filename)).isFile()).toBe(true);
    expect(checkInputPathSync(__dirname, { directory: true }).isDirectory()).toBe(true);
    await expect(checkInputPath(__dirname)).rejects.toThrow('this is a folder, not a regular file');
  });

  it('refuses a device before opening it, naming it at the given location', async () => {
    await expect(readInputFile('/dev/zero')).rejects.toMatchObject({
      code: 'NOT_A_FILE',
      message: 'this is a character device, not a regular file',
      location: { file: '/dev/zero' },
    });
    const location = {
      file: 'Modelfile',
      range: { start: { line: 2, column: 1, offset: 10 }, end: { line: 2, column: 9, offset: 18 } },
    };
    expect(() => checkInputPathSync('/dev/null', { directory: true, location })).toThrow(
      expect.objectContaining({
        message: '/dev/null is a character device, not a file or a folder',
        location,
      }),
    );
  });

  it('lets file-system errors through', async () => {
    await expect(checkInputPath('/no/such/file')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
