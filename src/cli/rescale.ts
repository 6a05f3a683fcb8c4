/**
 * `tumbleql state rescale --from w0.db,w1.db --to n0.db,n1.db,n2.db`: the state of N stopped workers
 * made into the state of N' workers, moved by key group (docs/nats.md, Rescaling).
 *
 *   operator state   each keyed entry goes to the new worker that owns its key's partition
 *                    (rescale-keys.ts reads the key); operator-wide values merge (watermarks: the
 *                    minimum; counters: the maximum; the next window to fire: must be equal)
 *   source offsets   each partition's split (offset + watermark) goes to its new owner; a single-split
 *                    source (read by worker 0 alone) stays with worker 0
 *   catalog          copied to every new file (all workers run the same SQL)
 *   output logs      not copied: the new files start their own seqs, and their INSERT jobs get new
 *                    message ids (a new state file's tag), so nothing is taken for a duplicate
 *
 * Refused, with nothing written, unless the old files are at a consistent point: every old file given,
 * in worker order, none in use (the lock), the same catalog, every committed row of every INSERT job
 * published (its sidecar says so: the output logs are not carried over), and operators that fire
 * windows in order (HOP, CUMULATE) at the same window on the old workers whose partitions a new worker
 * takes (all of them unless the new count is a multiple of the old). The old files are only read.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createEngine } from '../index.js';
import { TumbleEngine } from '../executor/engine.js';
import { StateStore, type CatalogEntry } from '../executor/state/index.js';
import { anyCodec } from '../executor/state/value-codec.js';
import { parseNatsOptions } from '../executor/connectors/nats/options.js';
import { partitionsOfWorker, workerOfPartition } from '../executor/connectors/nats/partitioning.js';
import type { StoredSplit } from '../executor/runtime/splits.js';
import { STATELESS, locatorsOf, partitionOfValue, type Locator, type Merge } from './rescale-keys.js';

/** A reason the old files cannot be rescaled; nothing was written. */
export class RescaleRefused extends Error {}

type Entry = [string, string];

export function rescaleState(from: readonly string[], to: readonly string[]): string[] {
  checkPaths(from, to);
  const olds: StateStore[] = [];
  try {
    for (const path of from) olds.push(openOld(path));
    return rescaleOpen(olds, from, to);
  } finally {
    for (const s of olds) s.close();
  }
}

function rescaleOpen(olds: readonly StateStore[], from: readonly string[], to: readonly string[]): string[] {
  const n = olds.length;
  const m = to.length;
  const catalog = sameCatalog(olds, from);
  const engine = bindCatalog(catalog, m);
  const cat = engine.catalog;
  const locators = new Map<string, Locator>();
  for (const v of cat.allViews()) for (const [id, loc] of locatorsOf(v.name, v.plan, cat, m)) locators.set(id, loc);
  const partitioned = new Map<string, number>();
  for (const s of cat.allSources()) {
    if (String(s.options['connector'] ?? '').toLowerCase() !== 'nats') continue;
    const p = parseNatsOptions(s.options).partitions;
    if (p !== null) partitioned.set(s.name, p);
  }
  void engine.close();

  // Offsets: which old worker holds which partition (and so, that --from is in worker order).
  const oldSplits = olds.map((store, i) => {
    const out = new Map<string, Record<string, StoredSplit>>();
    for (const [source, value] of Object.entries(store.offsets())) {
      const parts = partitioned.get(source);
      if (parts === undefined || typeof value !== 'string') continue;
      const splits = (JSON.parse(value) as { splits?: Record<string, StoredSplit> }).splits ?? {};
      for (const id of Object.keys(splits)) {
        const owner = workerOfPartition(Number(id), parts, n);
        if (owner !== i) {
          throw new RescaleRefused(`${from[i]} holds partition ${id} of '${source}', which is worker ${owner}'s of ${n}: give --from in worker order (the file of --worker 0/${n} first)`);
        }
      }
      out.set(source, splits);
    }
    return out;
  });
  checkSinksDrained(olds, from, cat.allViews().filter((v) => v.sink !== undefined).map((v) => v.name), n);

  // Operator state, placed by key group.
  const views = cat.allViews().map((v) => v.name);
  const placed = to.map(() => new Map<string, Entry[]>());
  const shared = new Map<string, { merge: Merge; partitions: number | null; values: { worker: number; file: string; text: string }[] }>();
  const opIds = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    for (const view of views) {
      const ids = olds[i]!.operatorIds(view);
      if (!opIds.has(view)) opIds.set(view, ids);
      for (const id of ids) {
        const loc = locators.get(id) ?? STATELESS;
        for (const [k, v] of olds[i]!.loadOperatorStateText(id)) {
          const merge = loc.values.get(k);
          if (merge !== undefined) {
            const key = `${id}\u0000${k}`;
            const e = shared.get(key) ?? { merge, partitions: loc.partitions, values: [] };
            e.values.push({ worker: i, file: from[i]!, text: v });
            shared.set(key, e);
            continue;
          }
          const colon = k.indexOf(':');
          const read = colon > 0 ? loc.tables.get(k.slice(0, colon)) : undefined;
          if (read === undefined) {
            throw new RescaleRefused(`${from[i]}: the state of ${loc.kind} operator '${id}' (entry '${k.slice(0, 40)}') cannot be placed by key group; this operator's state cannot be rescaled yet`);
          }
          const p = partitionOfValue(loc, read(k.slice(colon + 1)));
          if (loc.partitions !== null && workerOfPartition(p, loc.partitions, n) !== i) {
            throw new RescaleRefused(`${from[i]}: operator '${id}' holds a key of partition ${p}, which is not this worker's: the file was not written by worker ${i} of ${n}`);
          }
          const j = loc.partitions === null ? 0 : workerOfPartition(p, loc.partitions, m);
          const list = placed[j]!.get(id) ?? [];
          list.push([k, v]);
          placed[j]!.set(id, list);
        }
      }
    }
  }
  // Operator-wide values of each new worker. Watermarks and counters merge over every old worker; the
  // next window to fire (HOP, CUMULATE) over the old workers whose partitions the new one takes: it
  // holds only their keys, so only their progress must agree (2 → 4 workers always does).
  const merged = to.map((_, j) => {
    const out = new Map<string, Entry[]>();
    for (const [key, e] of shared) {
      const [id, k] = key.split('\u0000') as [string, string];
      const from = e.merge === 'equal' && e.partitions !== null ? contributors(j, m, n, e.partitions) : null;
      const values = from === null ? e.values : e.values.filter((v) => from.has(v.worker));
      if (values.length === 0) continue;
      const list = out.get(id) ?? [];
      list.push([k, mergeValues(id, k, e.merge, values, from === null ? null : `${to[j]} (worker ${j}/${m})`)]);
      out.set(id, list);
    }
    return out;
  });

  // Write the new files; on any failure, remove what was written.
  const lines: string[] = [];
  try {
    for (let j = 0; j < m; j++) {
      const store = StateStore.open(to[j]!);
      try {
        for (const e of catalog) store.putCatalog({ kind: e.kind, name: e.name, sql: e.sql, fingerprint: e.fingerprint, createdAt: e.createdAt });
        for (const view of views) {
          const fp = olds[0]!.viewFingerprint(view);
          if (fp !== undefined) store.setViewFingerprint(view, fp, opIds.get(view) ?? []);
        }
        const ids = new Set([...placed[j]!.keys(), ...merged[j]!.keys()]);
        const operators = [...ids].map((id) => ({ id, upserts: [...(placed[j]!.get(id) ?? []), ...(merged[j]!.get(id) ?? [])], encoded: true }));
        const offsets = offsetsOf(j, m, n, olds, oldSplits, partitioned);
        store.commit({ operators, offsets });
        const keyed = [...placed[j]!.values()].reduce((a, l) => a + l.length, 0);
        const parts = [...partitioned].map(([s, p]) => `'${s}' partitions ${range(partitionsOfWorker({ index: j, count: m }, p))}`);
        lines.push(`${to[j]}: worker ${j}/${m}: ${keyed} keyed state entries${parts.length > 0 ? `; ${parts.join(', ')}` : ''}`);
      } finally {
        store.close();
      }
    }
  } catch (e) {
    for (const path of to) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    throw e;
  }
  return lines;
}

function checkPaths(from: readonly string[], to: readonly string[]): void {
  if (from.length === 0 || to.length === 0) throw new RescaleRefused('--from and --to each need at least one state file');
  const all = [...from, ...to];
  const dup = all.find((p, i) => all.indexOf(p) !== i);
  if (dup !== undefined) throw new RescaleRefused(`'${dup}' is given twice`);
  for (const p of from) if (!existsSync(p)) throw new RescaleRefused(`no state file at ${p}`);
  for (const p of to) {
    if (existsSync(p) || existsSync(`${p}.sinks.json`)) throw new RescaleRefused(`${p} exists: the new workers' state files must be new`);
  }
}

function openOld(path: string): StateStore {
  try {
    return StateStore.open(path);
  } catch (e) {
    throw new RescaleRefused(`${path}: ${(e as Error).message} (a worker still running on it must be stopped first, with SIGTERM)`);
  }
}

function sameCatalog(olds: readonly StateStore[], from: readonly string[]): CatalogEntry[] {
  const text = (c: CatalogEntry[]) => c.map((e) => `${e.kind} ${e.name}\n${e.sql}`).join('\n;\n');
  const first = olds[0]!.listCatalog();
  for (let i = 1; i < olds.length; i++) {
    if (text(olds[i]!.listCatalog()) !== text(first)) {
      throw new RescaleRefused(`${from[i]} and ${from[0]} hold different sources or views: the workers of one job run the same SQL`);
    }
  }
  if (first.length === 0) throw new RescaleRefused(`${from[0]} holds no sources or views`);
  return first;
}

/** The catalog bound as the new workers would: this also checks that the job runs on `m` workers. */
function bindCatalog(catalog: readonly CatalogEntry[], m: number): TumbleEngine {
  const engine = createEngine({ runConnectors: false, worker: { index: 0, count: m } });
  if (!(engine instanceof TumbleEngine)) throw new Error('invariant: createEngine makes a TumbleEngine');
  for (const e of catalog) {
    try {
      engine.execute(e.sql);
    } catch (err) {
      void engine.close();
      throw new RescaleRefused(`${e.kind} '${e.name}' cannot run on ${m} workers: ${(err as Error).message}`);
    }
  }
  return engine;
}

/** Every committed row of every INSERT job is published: the new files do not carry the output logs. */
function checkSinksDrained(olds: readonly StateStore[], from: readonly string[], jobs: readonly string[], n: number): void {
  olds.forEach((store, i) => {
    const path = from[i]!;
    let sidecar: { jobs?: Record<string, { published: number; pending: [number, number][] }> } = {};
    if (existsSync(`${path}.sinks.json`)) sidecar = JSON.parse(readFileSync(`${path}.sinks.json`, 'utf8')) as typeof sidecar;
    for (const job of jobs) {
      const last = store.lastSeq(job);
      if (last === 0) continue;
      const prefix = `${job}${n > 1 ? `@w${i}` : ''}.`;
      const progress = Object.entries(sidecar.jobs ?? {}).find(([id]) => id.startsWith(prefix))?.[1];
      const published = progress?.published ?? 0;
      if (published < last || (progress?.pending.length ?? 0) > 0) {
        throw new RescaleRefused(
          `${path}: INSERT job '${job}' has committed rows through ${last} but published only through ${published}; ` +
            'start that worker again and stop it with SIGTERM (it stops once they are written), then rescale',
        );
      }
    }
  });
}

/** The old workers whose partitions new worker `j` of `m` takes (of `n` old workers). */
function contributors(j: number, m: number, n: number, partitions: number): Set<number> {
  return new Set(partitionsOfWorker({ index: j, count: m }, partitions).map((p) => workerOfPartition(p, partitions, n)));
}

function mergeValues(id: string, key: string, merge: Merge, values: readonly { file: string; text: string }[], into: string | null): string {
  if (merge === 'equal') {
    const other = values.find((v) => v.text !== values[0]!.text);
    if (other) {
      throw new RescaleRefused(
        `operator '${id}' fires windows in order and has reached different windows (${key.replace(/:$/, '')} ${values[0]!.text} in ${values[0]!.file}, ${other.text} in ${other.file}): ` +
          'the workers are not at a consistent point' + (into === null ? '' : ` for ${into}, which takes partitions of both`) +
          '; let every worker read up to the same event time (stop the producers, wait until the workers have read everything, stop them with SIGTERM), then rescale' +
          (into === null ? '' : ', or rescale to a multiple of the old worker count (each new worker then takes partitions of one old worker)'),
      );
    }
    return values[0]!.text;
  }
  const pick = (a: number, b: number) => (merge === 'min' ? Math.min(a, b) : Math.max(a, b));
  const nums = values.map((v) => anyCodec.decode(v.text));
  if (nums.every((x) => typeof x === 'number')) return anyCodec.encode((nums as number[]).reduce(pick));
  if (nums.every((x) => Array.isArray(x))) {
    const arrays = nums as (number | null)[][];
    const out = arrays[0]!.map((_, k) => arrays.map((a) => a[k] ?? -Infinity).reduce(pick));
    return anyCodec.encode(out.map((x) => (Number.isFinite(x) ? x : null)));
  }
  throw new RescaleRefused(`operator '${id}': value '${key}' cannot be merged`);
}

function offsetsOf(
  j: number,
  m: number,
  n: number,
  olds: readonly StateStore[],
  oldSplits: readonly Map<string, Record<string, StoredSplit>>[],
  partitioned: ReadonlyMap<string, number>,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [source, value] of Object.entries(olds[0]!.offsets())) {
    const base = source.endsWith('@wm') ? source.slice(0, -3) : source;
    if (partitioned.has(base)) continue;
    if (j === 0) out[source] = value; // a single-split source is worker 0's
  }
  for (const [source, parts] of partitioned) {
    if (!oldSplits.some((s) => s.has(source))) continue;
    const splits: Record<string, StoredSplit> = {};
    for (const p of partitionsOfWorker({ index: j, count: m }, parts)) {
      const s = oldSplits[workerOfPartition(p, parts, n)]!.get(source)?.[String(p)];
      if (s !== undefined) splits[String(p)] = s;
    }
    out[source] = JSON.stringify({ offset: 0, input: 0, splits });
    // The source watermark: the lowest of the old workers that held these partitions. A restore raises
    // every split to it, so it must not exceed what each split's old worker would have raised it to.
    const from = new Set(partitionsOfWorker({ index: j, count: m }, parts).map((p) => workerOfPartition(p, parts, n)));
    const wms = [...from].map((i) => olds[i]!.offset(`${source}@wm`));
    if (wms.length > 0 && wms.every((w) => typeof w === 'number')) out[`${source}@wm`] = Math.min(...(wms as number[]));
  }
  return out;
}

function range(ps: readonly number[]): string {
  return ps.length === 0 ? 'none' : ps.length === 1 ? String(ps[0]) : `${ps[0]}-${ps[ps.length - 1]}`;
}
