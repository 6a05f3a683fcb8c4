/**
 * Runs every streaming logic file straight through; durable-state modes (checkpoint after every record,
 * killed and restored) are added by test/state once the engine has a state file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { runSlt } from '../helpers/slt.js';

const DIR = import.meta.dirname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.slt')).sort();

describe('streaming logic files', () => {
  for (const f of files) {
    it(`${f} straight through`, async () => {
      await runSlt(readFileSync(join(DIR, f), 'utf8'), { create: () => createEngine() }, 'straight', f);
    });
  }
});
