import { spawnSync } from 'node:child_process';

/**
 * A Python that has jinja2: `python3` on PATH, else the system's (Debian's
 * python3-jinja2, which CI installs, goes to /usr/bin/python3 while PATH may
 * hold a pyenv or venv Python without it). Undefined when there is none.
 */
export const jinja2Python: string | undefined = ['python3', '/usr/bin/python3'].find(
  (python) => spawnSync(python, ['-c', 'import jinja2']).status === 0,
);
