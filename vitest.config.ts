import { configDefaults, defineConfig } from 'vitest/config';

// The 3-node nats cluster test kills nodes -9 and waits for elections: it runs after every other file,
// alone, so a loaded machine does not starve the surviving nodes' elections (docs/nats.md, Tests).
const ALONE = ['test/nats/cluster.test.ts'];

export default defineConfig({
  test: {
    // CLI tests run the built command (bin/tumbleql.js → dist/); build once before the suite.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [...configDefaults.exclude, ...ALONE],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
