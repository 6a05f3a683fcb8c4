/**
 * Streaming logic files (DataFusion's sqllogictest, adapted to streams). Records, separated by blank lines:
 *
 *   statement ok                      SQL that must succeed (one or more statements)
 *   statement error <CODE> [text]     SQL that must fail with that diagnostic code (and message text)
 *   insert <source>                   JSON lines pushed as one batch
 *   reject <source> <n>               the last insert rejected n rows
 *   watermark <source> <ISO or ms>    advance the source's watermark explicitly
 *   flush                             end of input: every open window fires
 *   rows <view>                       the rows <view> emitted since the last `rows <view>`, in order:
 *   +I {"k": 1, ...}                  one per line: op, then the row as JSON
 *   rows <view> rowsort               the same, compared as sorted lists (where order is not the contract)
 *   explain                           EXPLAIN of the query that follows, then `----`, then the expected
 *   SELECT ...                        plan text line by line (plan changes show up in review)
 *   ----
 *   View (ad-hoc query) ...
 *   late <view> <n>                   the number of late rows <view> has seen
 *   # comment
 *
 * `runSlt(text, mode)` runs a file straight through, or with a checkpoint after every record, or
 * additionally "killed and restored" from the last checkpoint after every record; all three must give
 * the same rows (Arroyo's smoke tests).
 */
import type { Engine, OutputRow } from '../../src/executor/api.js';
import { SqlError } from '../../src/executor/api.js';

export type SltMode = 'straight' | 'checkpoint' | 'restore';

export interface SltRecord {
  readonly line: number;
  readonly kind: string;
  readonly args: string[];
  readonly body: string[];
}

export function parseSlt(text: string): SltRecord[] {
  const records: SltRecord[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!.trim();
    if (l === '' || l.startsWith('#')) {
      i++;
      continue;
    }
    const [kind, ...args] = l.split(/\s+/);
    const start = i + 1;
    i++;
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') {
      if (!lines[i]!.trim().startsWith('#')) body.push(lines[i]!);
      i++;
    }
    records.push({ line: start, kind: kind!, args, body });
  }
  return records;
}

export interface EngineFactory {
  /** A fresh engine (mode straight/checkpoint) or one reopened on the same state (mode restore). */
  create(): Engine;
  /** Simulates a crash and restart: drops the engine without a final checkpoint, reopens from the last one. */
  restart?(engine: Engine): Engine;
}

function parseTime(s: string): number {
  return /^-?\d+$/.test(s) ? Number(s) : Date.parse(s);
}

export async function runSlt(text: string, factory: EngineFactory, mode: SltMode, file = 'slt'): Promise<void> {
  let engine = factory.create();
  /** Rows received and not yet checked, per view; and the last seq received (to resume after a restart). */
  const seen = new Map<string, OutputRow[]>();
  const lastSeq = new Map<string, number>();
  const listen = (view: string, from: number): void => {
    engine.subscribe(
      view,
      (rows) => {
        for (const row of rows) {
          const last = lastSeq.get(view) ?? 0;
          if (row.seq !== last + 1) throw new Error(`${file}: ${view} delivered seq ${row.seq} after ${last} (${mode})`);
          lastSeq.set(view, row.seq);
          seen.get(view)!.push(row);
        }
      },
      { from },
    );
  };
  const subscribe = (view: string): void => {
    if (seen.has(view)) return;
    seen.set(view, []);
    listen(view, 1);
  };
  const resubscribe = (): void => {
    const live = new Set(engine.views().map((v) => v.name));
    for (const view of [...seen.keys()]) {
      if (live.has(view)) listen(view, (lastSeq.get(view) ?? 0) + 1);
      else seen.delete(view);
    }
  };
  const where = (r: SltRecord) => `${file}:${r.line}`;
  let lastRejected = 0;

  for (const r of parseSlt(text)) {
    switch (r.kind) {
      case 'statement': {
        const sql = r.body.join('\n');
        if (r.args[0] === 'ok') {
          try {
            engine.execute(sql);
          } catch (e) {
            throw new Error(`${where(r)}: statement failed: ${(e as Error).message}`);
          }
          for (const v of engine.views()) if (!v.adhoc) subscribe(v.name);
        } else {
          const code = r.args[1];
          const text = r.args.slice(2).join(' ');
          let err: unknown = null;
          try {
            engine.execute(sql);
          } catch (e) {
            err = e;
          }
          if (!(err instanceof SqlError)) throw new Error(`${where(r)}: expected error ${code}, got ${err ? String(err) : 'success'}`);
          if (code && err.code !== code) throw new Error(`${where(r)}: expected ${code}, got ${err.code}: ${err.message}`);
          if (text && !err.message.includes(text)) throw new Error(`${where(r)}: expected message containing '${text}', got: ${err.message}`);
        }
        break;
      }
      case 'insert': {
        const rows = r.body.map((l) => JSON.parse(l) as unknown);
        lastRejected = engine.push(r.args[0]!, rows).rejected.length;
        break;
      }
      case 'reject':
        if (lastRejected !== Number(r.args[1])) throw new Error(`${where(r)}: expected ${r.args[1]} rejected rows, got ${lastRejected}`);
        break;
      case 'watermark':
        engine.advanceWatermark(r.args[0]!, parseTime(r.args[1]!));
        break;
      case 'flush':
        engine.flush();
        break;
      case 'rows': {
        const view = r.args[0]!;
        subscribe(view);
        const got = seen.get(view)!;
        const actual = got.map((x) => `${x.op} ${JSON.stringify(x.row)}`);
        const expected = r.body.map((l) => {
          const m = /^\s*([+-][IUD])\s+(.*)$/.exec(l);
          if (!m) throw new Error(`${where(r)}: bad expected row '${l}'`);
          return `${m[1]} ${JSON.stringify(JSON.parse(m[2]!))}`;
        });
        if (r.args[1] === 'rowsort') {
          actual.sort();
          expected.sort();
        } else if (r.args[1] !== undefined) throw new Error(`${where(r)}: unknown rows option '${r.args[1]}' (expected rowsort)`);
        if (actual.join('\n') !== expected.join('\n')) {
          throw new Error(`${where(r)}: rows of ${view} (${mode})\nexpected:\n${expected.join('\n')}\nactual:\n${actual.join('\n')}`);
        }
        got.length = 0;
        break;
      }
      case 'explain': {
        const sep = r.body.findIndex((l) => l.trim() === '----');
        if (sep < 0) throw new Error(`${where(r)}: explain needs the query, a '----' line, then the expected plan`);
        const result = engine.execute(`EXPLAIN ${r.body.slice(0, sep).join('\n')}`)[0];
        const actual = result?.kind === 'explain' ? result.text.split('\n').map((l) => l.trimEnd()) : [];
        const expected = r.body.slice(sep + 1).map((l) => l.trimEnd());
        if (actual.join('\n') !== expected.join('\n')) {
          throw new Error(`${where(r)}: EXPLAIN (${mode})\nexpected:\n${expected.join('\n')}\nactual:\n${actual.join('\n')}`);
        }
        break;
      }
      case 'late': {
        const view = r.args[0]!;
        const n = engine.stats().views.find((v) => v.view === view)?.lateRows;
        if (n !== Number(r.args[1])) throw new Error(`${where(r)}: expected ${r.args[1]} late rows in ${view}, got ${n}`);
        break;
      }
      default:
        throw new Error(`${where(r)}: unknown record '${r.kind}'`);
    }
    if (mode !== 'straight') engine.checkpoint();
    if (mode === 'restore' && factory.restart) {
      engine = factory.restart(engine);
      resubscribe();
    }
  }
  await engine.close();
}
