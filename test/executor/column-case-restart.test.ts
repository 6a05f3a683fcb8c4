/**
 * Column and view names keep their case as written (`userId`, `"Score"`, `PerUser`). A state file written
 * by a run of such a script restores: the same script run again over it (as `tumbleql run` does on every
 * start) resumes its views, whether the run was killed or closed, and gives the rows of a run never
 * stopped; a spelling of a name in another case is another definition (its output keys differ).
 */
import { describe, expect, it } from 'vitest';
import type { TumbleEngine } from '../../src/executor/engine.js';
import { createEngine } from '../../src/index.js';
import { collect, durable, sqlError, statePathPerTest } from './helpers.js';

const SCRIPT = `
CREATE SOURCE Clicks (userId BIGINT, "Score" DOUBLE, eventTs TIMESTAMP(3), WATERMARK FOR eventTs AS eventTs);
CREATE VIEW PerUser AS SELECT userId, window_start, COUNT(*) AS clickCount, SUM("Score") AS "TotalScore"
  FROM TABLE(TUMBLE(TABLE Clicks, DESCRIPTOR(eventTs), INTERVAL '5' SECOND)) GROUP BY userId, window_start, window_end;
CREATE VIEW Totals AS SELECT userId, COUNT(*) AS n, MAX("Score") AS "Top" FROM Clicks GROUP BY userId;`;

const BATCHES: Record<string, unknown>[][] = [
  [{ userId: 1, Score: 1.5, eventTs: 1000 }, { userId: 2, Score: 0.5, eventTs: 2000 }],
  // keys match without regard to case; the bad row makes the batch logged as its JSON text
  [{ USERID: 1, score: 2, EVENTTS: 3000 }, { userId: 'x', Score: 1, eventTs: 3500 }],
  [{ userId: 2, Score: 4, eventTs: 6000 }],
  [{ userId: 1, Score: 3, eventTs: 7000 }],
];

const statePath = statePathPerTest();

/** Every committed row of each view, as `seq op json`. */
function logOf(e: TumbleEngine): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of ['PerUser', 'Totals']) out[v] = e.readLog(v, 1, 1000).map((r) => `${r.seq} ${r.op} ${JSON.stringify(r.row)}`);
  return out;
}

function uninterrupted(): Record<string, string[]> {
  const path = statePath();
  const e = durable(path);
  e.execute(SCRIPT);
  for (const b of BATCHES) e.push('Clicks', b);
  e.flush();
  e.checkpoint();
  const out = logOf(e);
  void e.close();
  return out;
}

describe('names in mixed case across a restart', () => {
  it('keep their case in the rows', () => {
    const e = createEngine();
    e.execute(SCRIPT);
    const rows = collect(e, 'PerUser');
    e.push('Clicks', BATCHES[0]!);
    e.flush();
    expect(rows[0]).toBe('+I {"userId":1,"window_start":"1970-01-01T00:00:00.000Z","clickCount":1,"TotalScore":1.5}');
    void e.close();
  });

  for (const stop of ['killed', 'closed'] as const) {
    it(`resume when the same script runs again after the engine was ${stop} after each batch`, async () => {
      const ref = uninterrupted();
      expect(ref['PerUser']).toHaveLength(4);
      const path = statePath();
      let e = durable(path);
      e.execute(SCRIPT);
      for (const b of BATCHES) {
        e.push('Clicks', b);
        e.checkpoint();
        if (stop === 'killed') e.crash();
        else await e.close();
        e = durable(path);
        expect(e.views().map((v) => v.name).sort()).toEqual(['PerUser', 'Totals']);
        e.execute(SCRIPT); // the restored definitions: a no-op
      }
      e.flush();
      e.checkpoint();
      expect(logOf(e)).toEqual(ref);
      await e.close();
    });
  }

  it('in another case is another definition: STATE_MISMATCH, not the saved state reused', async () => {
    const path = statePath();
    const one = durable(path);
    one.execute(SCRIPT);
    one.push('Clicks', BATCHES[0]!);
    await one.close();
    const two = durable(path);
    expect(sqlError(() => two.execute(SCRIPT.replace('COUNT(*) AS clickCount', 'COUNT(*) AS clickcount'))).code).toBe('STATE_MISMATCH');
    await two.close();
  });
});
