/**
 * Shared fan-out: one engine subscription per view, however many clients follow it.
 *
 *   engine.subscribe(v, 'latest') ──► Channel(v) ──► Follower(client 1)      live: one serialized batch
 *                                               ├─► Follower(client 2)            written to every follower
 *   engine.readLog(v, seq, page) ──► Follower(client 3, catching up) ──┘ joins the channel once caught up
 *
 * A follower that starts from 'earliest' or a seq first pages through the engine's output log, then
 * switches to the shared channel (follower.ts explains the hand-over). Ad-hoc queries are channels too,
 * keyed by normalized SQL so identical text shares one pipeline; the last follower leaving cancels it.
 */
import type { ParseResult } from '../../parser/parse.js';
import type { Engine, OutputRow, StartupMode, Subscription, TextBatch } from '../api.js';
import type { Logger } from '../../util/log.js';
import { Follower, ROWS_PER_MESSAGE, type FollowerSink, type LiveChunk } from './follower.js';
import { normalizeSql } from './protocol.js';
import { rowKey, type RowFilter } from './row-filter.js';

export class Channel {
  /** Live followers that take every row. */
  readonly followers = new Set<Follower>();
  /** Live followers with a row filter: per column set (joined names), wanted values → followers. */
  readonly filtered = new Map<string, { readonly columns: readonly string[]; readonly byKey: Map<string, Set<Follower>> }>();
  /** Followers in any state (live or catching up); the channel lives while this is > 0. */
  users = 0;
  /**
   * Last seq seen on the live stream, for `subscribed` replies to 'latest'. Seeded from the engine's
   * `lastSeq` for the view (exact across restarts), then moved by every live batch.
   */
  lastSeq: number;
  sub: Subscription | null = null;

  constructor(
    readonly view: string,
    readonly adhocKey: string | null,
    seedSeq: number,
  ) {
    this.lastSeq = seedSeq;
  }

  /** The engine's callback: runs synchronously inside the engine, so it must never throw or block. */
  onLive(rows: readonly OutputRow[], rowsJson?: readonly string[]): void {
    if (rows.length === 0) return;
    const text: LiveText | null = rowsJson === undefined ? null : { firstSeq: rows[0]!.seq, ops: rows.map((r) => r.op), rowsJson };
    const view = this.view;
    this.deliver(
      rows[0]!.seq,
      rows.length,
      (from, end) => Buffer.from(text !== null ? framedText(view, text, from, end) : encodeRows(view, from === 0 && end === rows.length ? rows : rows.slice(from, end))),
      () => rows,
    );
  }

  /** The same for a text batch (Engine.subscribeText): no object per row unless a follower needs values. */
  onLiveText(batch: TextBatch): void {
    const n = batch.count;
    if (n === 0) return;
    const prefix = rowsPrefix(this.view);
    this.deliver(batch.firstSeq, n, (from, end) => asBuffer(batch.json(from, end, prefix, ROWS_SUFFIX)), () => batch.rows());
  }

  /**
   * Rows firstSeq .. firstSeq + n − 1 in messages of ROWS_PER_MESSAGE rows (follower.ts; bounds frame size
   * and lets a slow client be detected mid-batch), `frame` giving the bytes
   * of one. Seqs of a batch are contiguous (the view's output log).
   */
  private deliver(firstSeq: number, n: number, frame: (from: number, end: number) => Buffer, objects: () => readonly OutputRow[]): void {
    this.lastSeq = Math.max(this.lastSeq, firstSeq + n - 1);
    for (let i = 0; i < n; i += ROWS_PER_MESSAGE) {
      const end = Math.min(n, i + ROWS_PER_MESSAGE);
      const from = i;
      const chunk = (): readonly OutputRow[] => {
        const all = objects();
        return from === 0 && end === all.length ? all : all.slice(from, end);
      };
      // Serialized and UTF-8 encoded once, shared by every follower that wants all of it: with 100
      // followers, per-follower string → Buffer conversion inside ws.send would dominate the fan-out.
      if (this.followers.size > 0) {
        let encoded: Buffer | null = null;
        const encode = (): Buffer => (encoded ??= frame(from, end));
        const live: LiveChunk = { firstSeq: firstSeq + from, lastSeq: firstSeq + end - 1, count: end - from, encode, rows: chunk };
        for (const f of [...this.followers]) f.deliverLive(live);
      }
      if (this.filtered.size > 0) this.deliverFiltered(chunk());
    }
  }

  /** One lookup per row and column set; each matching group is encoded once for all of its followers. */
  private deliverFiltered(chunk: readonly OutputRow[]): void {
    for (const { columns, byKey } of this.filtered.values()) {
      const groups = new Map<string, OutputRow[]>();
      for (const r of chunk) {
        const key = rowKey(r.row, columns);
        if (!byKey.has(key)) continue;
        const g = groups.get(key);
        if (g) g.push(r);
        else groups.set(key, [r]);
      }
      for (const [key, rows] of groups) {
        let encoded: Buffer | null = null;
        const encode = (): Buffer => (encoded ??= Buffer.from(encodeRows(this.view, rows)));
        const live: LiveChunk = { firstSeq: rows[0]!.seq, lastSeq: rows[rows.length - 1]!.seq, count: rows.length, encode, rows: () => rows };
        for (const f of [...(byKey.get(key) ?? [])]) f.deliverLive(live);
      }
    }
  }

  join(f: Follower): void {
    const filter = f.filter;
    if (filter === null) {
      this.followers.add(f);
      return;
    }
    const id = filter.columns.join('\u001f');
    let index = this.filtered.get(id);
    if (!index) this.filtered.set(id, (index = { columns: filter.columns, byKey: new Map() }));
    let set = index.byKey.get(filter.key);
    if (!set) index.byKey.set(filter.key, (set = new Set()));
    set.add(f);
  }

  leave(f: Follower): void {
    const filter = f.filter;
    if (filter === null) {
      this.followers.delete(f);
      return;
    }
    const id = filter.columns.join('\u001f');
    const index = this.filtered.get(id);
    const set = index?.byKey.get(filter.key);
    if (!index || !set) return;
    set.delete(f);
    if (set.size === 0) index.byKey.delete(filter.key);
    if (index.byKey.size === 0) this.filtered.delete(id);
  }
}

export function encodeRows(view: string, rows: readonly OutputRow[]): string {
  return JSON.stringify({ type: 'rows', view, rows });
}

/** What an object batch that came with its rows' text gives a channel. */
type LiveText = Pick<TextBatch, 'firstSeq' | 'ops' | 'rowsJson'>;

/** A `rows` message up to its first row, and after its last: `TextBatch.json` writes the rows between. */
export function rowsPrefix(view: string): string {
  return `{"type":"rows","view":${JSON.stringify(view)},"rows":[`;
}
export const ROWS_SUFFIX = ']}';

/** A `rows` message of rows from..end−1 of a text batch, as the channel sends it (benchmarks frame as the server does). */
export function framedBytes(view: string, batch: TextBatch, from: number, end: number): Buffer {
  return asBuffer(batch.json(from, end, rowsPrefix(view), ROWS_SUFFIX));
}

/** The engine's bytes are a Buffer already; anything else is viewed as one (no copy). */
function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * The same text as `encodeRows` of rows from..end−1 of a batch, from each row's JSON text: the keys are
 * written in the order JSON.stringify writes them, seq a number and op one of +I/-U/+U/-D, which need
 * no escaping.
 */
export function framedText(view: string, batch: LiveText, from: number, end: number): string {
  const { firstSeq, ops, rowsJson } = batch;
  let text = rowsPrefix(view);
  // Two loops rather than a test per row (an insert-only batch has no ops): ~12 % less time per row.
  if (ops === null) {
    for (let i = from; i < end; i++) text += (i === from ? '{"seq":' : ',{"seq":') + (firstSeq + i) + ',"op":"+I","row":' + rowsJson[i]! + '}';
  } else {
    for (let i = from; i < end; i++) text += (i === from ? '{"seq":' : ',{"seq":') + (firstSeq + i) + ',"op":"' + ops[i]! + '","row":' + rowsJson[i]! + '}';
  }
  return text + ROWS_SUFFIX;
}

export class Hub {
  private readonly channels = new Map<string, Channel>();
  private readonly adhoc = new Map<string, string>(); // normalized SQL → view name

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /** Resolves a client's spelling of a view: exact name first, then a unique case-insensitive match. */
  resolveView(name: string): string | null {
    const views = this.engine.views();
    if (views.some((v) => v.name === name)) return name;
    const lower = name.toLowerCase();
    const hits = views.filter((v) => v.name.toLowerCase() === lower);
    return hits.length === 1 ? hits[0]!.name : null;
  }

  /** Starts following `view` (already resolved). Throws what engine.subscribe throws (e.g. unknown view). */
  follow(view: string, from: 'latest' | 'earliest' | number, sink: FollowerSink, filter: RowFilter | null = null): Follower {
    const ch = this.channel(view, null);
    const f = new Follower(ch, sink, this.engine, from, () => this.release(ch), filter);
    ch.users++;
    try {
      f.start();
    } catch (e) {
      f.stop();
      throw e;
    }
    return f;
  }

  /**
   * Opens (or joins) the ad-hoc query for `sql`. Returns the generated view name; the caller then follows it.
   * Throws SqlError from engine.execute.
   */
  /** An ad-hoc query, shared by identical SQL with the same start position (`startup`: scan.startup.mode). */
  openQuery(sql: string, parsed?: ParseResult, startup?: StartupMode): { view: string; created: boolean } {
    const key = `${startup ?? ''}:${normalizeSql(sql)}`;
    const existing = this.adhoc.get(key);
    if (existing !== undefined && this.channels.has(existing)) return { view: existing, created: false };
    const results = this.engine.execute(sql, parsed, startup ? { startupMode: startup } : {});
    const q = results.find((r) => r.kind === 'query');
    if (!q || q.kind !== 'query') throw new Error('query did not start a continuous query');
    this.adhoc.set(key, q.view);
    this.channel(q.view, key);
    return { view: q.view, created: true };
  }

  isAdhoc(view: string): boolean {
    return this.channels.get(view)?.adhocKey != null;
  }

  /** Followers per view, for /views and the subscribers gauge. */
  subscriberCounts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [v, ch] of this.channels) out.set(v, ch.users);
    return out;
  }

  lastSeq(view: string): number | null {
    return this.channels.get(view)?.lastSeq ?? null;
  }

  /** Drops every engine subscription and ad-hoc query (server shutdown). */
  closeAll(): void {
    for (const ch of [...this.channels.values()]) this.dispose(ch);
  }

  private channel(view: string, adhocKey: string | null): Channel {
    let ch = this.channels.get(view);
    if (ch) return ch;
    ch = new Channel(view, adhocKey, this.seedSeq(view));
    const c = ch;
    c.sub = this.engine.subscribeText
      ? this.engine.subscribeText(view, (batch) => c.onLiveText(batch))
      : this.engine.subscribe(view, (rows, json) => c.onLive(rows, json), { from: 'latest' });
    this.channels.set(view, c);
    return c;
  }

  /** A view's last seq before any live row is seen: the engine's `lastSeq`, which survives restarts. */
  private seedSeq(view: string): number {
    try {
      return this.engine.stats().views.find((v) => v.view === view)?.lastSeq ?? 0;
    } catch {
      return 0;
    }
  }

  private release(ch: Channel): void {
    ch.users--;
    if (ch.users <= 0) this.dispose(ch);
  }

  private dispose(ch: Channel): void {
    if (this.channels.get(ch.view) !== ch) return;
    this.channels.delete(ch.view);
    for (const f of [...ch.followers]) f.stop();
    for (const index of [...ch.filtered.values()]) for (const set of [...index.byKey.values()]) for (const f of [...set]) f.stop();
    try {
      ch.sub?.unsubscribe();
    } catch (e) {
      this.log.warn('unsubscribe failed', { view: ch.view, err: e });
    }
    ch.sub = null;
    if (ch.adhocKey !== null) {
      this.adhoc.delete(ch.adhocKey);
      // The generated view exists only for its followers; the last one leaving ends the query.
      try {
        this.engine.cancel(ch.view);
      } catch (e) {
        this.log.debug('dropping ad-hoc view failed', { view: ch.view, err: e });
      }
    }
  }
}
