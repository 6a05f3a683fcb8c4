/**
 * Every streaming logic file runs three ways, all of which must give the same rows (Arroyo's smoke
 * tests): straight through in memory; with a SQLite state file and a checkpoint after every record;
 * and killed (no final checkpoint) and restored from the state file after every record.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { Engine } from '../../src/executor/api.js';
import { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { runSlt } from '../helpers/slt.js';

const DIR = import.meta.dirname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.slt')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'tumbleql-slt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('streaming logic files', () => {
  for (const f of files) {
    const text = readFileSync(join(DIR, f), 'utf8');
    it(`${f} straight through`, async () => {
      await runSlt(text, { create: () => createEngine() }, 'straight', f);
    });
    it(`${f} with a checkpoint after every record`, async () => {
      const statePath = join(tmp, `${f}.checkpoint.db`);
      await runSlt(text, { create: () => createEngine({ statePath, checkpointIntervalMs: 0 }) }, 'checkpoint', f);
    });
    it(`${f} killed and restored from the last checkpoint after every record`, async () => {
      const statePath = join(tmp, `${f}.restore.db`);
      const open = (): Engine => createEngine({ statePath, checkpointIntervalMs: 0 });
      await runSlt(
        text,
        {
          create: open,
          restart: (engine) => {
            (engine as TumbleEngine).crash();
            return open();
          },
        },
        'restore',
        f,
      );
    });
  }
});
