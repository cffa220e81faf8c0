import { defineConfig } from 'vitest/config';

// Two lanes (docs/CONTRIBUTING.md):
// - unit: `*.test.ts`, in process — no llama.cpp, no Python, no external
//   programs, no network servers; `pnpm test:unit` is the fast loop.
// - integration: `*.int.test.ts`, anything that spawns `mfc`, llama.cpp,
//   python3, skopeo, docker-registry, nvim or starts an HTTP server.
// Only the integration lane needs the bundled CLI, so only it builds it.
const unitInclude = ['packages/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'];
const integrationInclude = [
  'packages/*/test/**/*.int.test.ts',
  'editors/*/test/**/*.int.test.ts',
  'scripts/test/**/*.int.test.ts',
];

export default defineConfig({
  // Handlebars templates (.hbs) are imported as text; scripts/build.mjs does the same with
  // esbuild's text loader, so the bundle carries them inline.
  plugins: [
    {
      name: 'mfc-text-templates',
      transform(code: string, id: string) {
        if (id.endsWith('.hbs'))
          return { code: `export default ${JSON.stringify(code)};`, map: null };
        return undefined;
      },
    },
  ],
  test: {
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Unit tests are in process and keep no global state (no process.env
          // or cwd changes, no module mocks), so the files of a worker share one
          // module graph: each file no longer re-imports the packages, which was
          // two thirds of the lane's CPU time (100 s → 33 s on 2 cores).
          isolate: false,
          include: unitInclude,
          exclude: ['**/node_modules/**', ...integrationInclude],
          globalSetup: ['./scripts/vitest-fixtures-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integrationInclude,
          globalSetup: ['./scripts/vitest-global-setup.ts'],
        },
      },
    ],
  },
});
