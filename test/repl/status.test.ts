/** The status line counts the running query's own rows and its own sources' events and rejects. */
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../repl/backend.js';
import { Session, sourcesRead } from '../../repl/session.js';
import { computeStatus } from '../../repl/status.js';
import { createEngine } from '../../src/index.js';

const DDL = `CREATE SOURCE bids (auction BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE SOURCE clicks (user_id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
CREATE VIEW busy AS SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction;`;

describe('status line of the running query', () => {
  it('finds the sources a query reads, through views', () => {
    const catalog = {
      sources: [{ name: 'bids' }, { name: 'clicks' }] as never[],
      views: [{ name: 'busy', sql: 'CREATE VIEW busy AS SELECT auction FROM bids' }] as never[],
    };
    expect(sourcesRead('SELECT * FROM busy', catalog)).toEqual(['bids']);
    expect(sourcesRead('SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL 1 SECOND))', catalog)).toEqual(['clicks']);
    expect(sourcesRead('SELECT 1', catalog)).toBeNull();
  });

  it("counts this query's rows and its sources' events and rejects, not the engine's", async () => {
    const engine = createEngine();
    engine.execute(DDL);
    const session = new Session(new EmbeddedBackend(engine), { output: () => undefined, liveChanged: () => undefined, exit: () => undefined });
    await session.refreshCatalog();
    // Traffic and rejects on the source the query does not read, and rows the view made before the query.
    engine.push('clicks', [{ user_id: 1, ts: 1 }, { user_id: 'x', ts: 2 }, { user_id: 'y', ts: 3 }]);
    engine.push('bids', [{ auction: 1, ts: 1 }]);
    await session.submit('\\subscribe busy');
    const query = session.live!;
    engine.push('bids', [{ auction: 2, ts: 2 }, { auction: 'bad', ts: 3 }]);
    const { info } = computeStatus(query, engine.stats(), { at: 0, eventsIn: 1 }, 1000);
    expect(info).toMatchObject({ rowsOut: 1, rejected: 1, eventsPerSec: 1 });
    expect(engine.stats().sources.reduce((n, s) => n + s.rejected, 0)).toBe(3);
    await session.close();
  });
});
