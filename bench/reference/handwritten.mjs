// Hand-written JavaScript for each bench case: what a plain loop over the generated bid rows costs, and
// the expected result for checking the engine. Input rows are NEXMARK_SCHEMAS.bid arrays:
//   [auction, bidder, price, channel, url, date_time (epoch ms), extra]
// Output rows are arrays in the case's column order (../cases.mjs), passed to `emit`.
//
// Window rule (Flink): watermark = max date_time seen − 4000 ms, advanced after each row; a window
// [start, end) fires once watermark >= end − 1; a row whose window already fired is late (dropped,
// counted). HOP keeps one partial count per slide-sized pane and combines size / slide panes when a
// window fires (O(1) state updates per row, as the engine must). End of input fires every window.
//
// Every case is a stream: `createHandwritten(case, emit)` → { push(rows), end() → late }, so the runner
// can feed generator batches as they come (no N-row array in memory) and time only the loop.
import { getCase, WATERMARK_DELAY_MS, KEY_DOMAIN, CURVE_CASES, HOP_CURVE_KEYS } from '../cases.mjs';
import { createDigest } from './digest.mjs';

const AUCTION = 0;
const BIDDER = 1;
const PRICE = 2;
const DATE_TIME = 5;
const EXTRA = 6;

/** ts − (ts mod size) with a floored mod, so it also holds before 1970. */
function windowStart(ts, size) {
  const m = ts % size;
  return ts - (m < 0 ? m + size : m);
}

function q0(emit) {
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        emit([r[AUCTION], r[BIDDER], r[PRICE], r[DATE_TIME], r[EXTRA]]);
      }
    },
    end: () => 0,
  };
}

function q1(emit) {
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        emit([r[AUCTION], r[BIDDER], r[PRICE] * 0.908, r[DATE_TIME]]);
      }
    },
    end: () => 0,
  };
}

function q2(emit) {
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (r[AUCTION] % 123 === 0) emit([r[AUCTION], r[PRICE]]);
      }
    },
    end: () => 0,
  };
}

/**
 * Tumbling windows with per-window state from `newState`, updated by `add(state, row)` and emitted by
 * `fire(state, start, end, emit)`. `end()` fires what is open and returns the number of late rows.
 */
function tumbling(emit, size, newState, add, fire) {
  const open = new Map(); // window_start → state; at most a few windows are open at once
  let watermark = -Infinity;
  let nextFire = Infinity; // min over open windows of window_end − 1
  let late = 0;
  const fireUpTo = (wm) => {
    nextFire = Infinity;
    for (const [start, state] of open) {
      if (start + size - 1 <= wm) {
        fire(state, start, start + size, emit);
        open.delete(start);
      } else if (start + size - 1 < nextFire) {
        nextFire = start + size - 1;
      }
    }
  };
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const ts = r[DATE_TIME];
        const start = windowStart(ts, size);
        if (start + size - 1 <= watermark) {
          late++;
          continue;
        }
        let state = open.get(start);
        if (state === undefined) {
          state = newState();
          open.set(start, state);
          if (start + size - 1 < nextFire) nextFire = start + size - 1;
        }
        add(state, r);
        const wm = ts - WATERMARK_DELAY_MS;
        if (wm > watermark) {
          watermark = wm;
          if (watermark >= nextFire) fireUpTo(watermark);
        }
      }
    },
    end() {
      fireUpTo(Infinity);
      return late;
    },
  };
}

function q7TumbleMax(emit) {
  return tumbling(
    emit,
    10_000,
    () => ({ max: -Infinity, count: 0 }),
    (s, r) => {
      if (r[PRICE] > s.max) s.max = r[PRICE];
      s.count++;
    },
    (s, start, end, out) => out([start, end, s.max, s.count]),
  );
}

/** TUMBLE(10 s) COUNT(*), SUM(price) per price % keyDomain. */
function tumbleKeys(keyDomain) {
  return (emit) =>
    tumbling(
      emit,
      10_000,
      () => new Map(), // key → { count, sum }
      (m, r) => {
        const price = r[PRICE];
        const k = price % keyDomain;
        const acc = m.get(k);
        if (acc === undefined) m.set(k, { count: 1, sum: price });
        else {
          acc.count++;
          acc.sum += price;
        }
      },
      (m, start, end, out) => {
        for (const [k, acc] of m) out([k, start, end, acc.count, acc.sum]);
      },
    );
}

/** HOP(slide, size) COUNT(*) per keyOf(row), over slide-sized panes (size % slide = 0). */
function hopCount(slide, size, keyOf) {
  return (emit) => {
    const panes = new Map(); // pane_start → Map<key, count>
    let watermark = -Infinity;
    let nextStart = Infinity; // start of the next window to fire
    let late = 0;
    const fireUpTo = (wm) => {
      while (panes.size > 0 && nextStart + size - 1 <= wm) {
        const counts = new Map();
        for (let p = nextStart; p < nextStart + size; p += slide) {
          const pane = panes.get(p);
          if (pane === undefined) continue;
          for (const [a, c] of pane) counts.set(a, (counts.get(a) ?? 0) + c);
        }
        for (const [a, c] of counts) emit([a, nextStart, nextStart + size, c]);
        panes.delete(nextStart); // no later window contains this pane
        nextStart += slide;
      }
      if (panes.size === 0) nextStart = Infinity;
    };
    return {
      push(rows) {
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          const ts = r[DATE_TIME];
          const pane = windowStart(ts, slide);
          // The last window containing the pane starts at the pane; once it fired, the row is late
          // everywhere. Windows that fired earlier simply no longer read this pane.
          if (pane + size - 1 <= watermark) {
            late++;
            continue;
          }
          let counts = panes.get(pane);
          if (counts === undefined) {
            counts = new Map();
            panes.set(pane, counts);
            // The first window containing this pane starts at pane − size + slide, but windows whose
            // end − 1 the watermark already passed count as fired even if they never held a row.
            const unfired = watermark === -Infinity ? -Infinity : windowStart(watermark - size + 1, slide) + slide;
            const first = Math.max(pane - size + slide, unfired);
            if (first < nextStart) nextStart = first;
          }
          const a = keyOf(r);
          counts.set(a, (counts.get(a) ?? 0) + 1);
          const wm = ts - WATERMARK_DELAY_MS;
          if (wm > watermark) {
            watermark = wm;
            if (nextStart + size - 1 <= watermark) fireUpTo(watermark);
          }
        }
      },
      end() {
        fireUpTo(Infinity);
        return late;
      },
    };
  };
}

/**
 * Nexmark q5, full form: the HOP(2 s, 10 s) counts per auction, of which each window keeps the auction
 * with the most bids (ties: the lower auction id), emitted as the window fires.
 */
function q5Top1(emit) {
  let window = NaN;
  let best = null;
  const flush = () => {
    if (best !== null) emit(best);
    best = null;
  };
  // hopCount emits a window's rows together, windows in order of their end.
  const inner = hopCount(2_000, 10_000, (r) => r[AUCTION])((row) => {
    if (row[1] !== window) {
      flush();
      window = row[1];
    }
    if (best === null || row[3] > best[3] || (row[3] === best[3] && row[0] < best[0])) best = row;
  });
  return {
    push(rows) {
      inner.push(rows);
      flush();
    },
    end() {
      const late = inner.end();
      flush();
      return late;
    },
  };
}

/**
 * Nexmark q11: sessions per bidder with a 10 s gap. A row opens [ts, ts + gap) and merges with every
 * open session of its bidder it touches (start ≤ other end and end ≥ other start); a session fires once
 * the watermark reaches its end − 1, found through a min-heap of ends (stale entries skipped); a row
 * whose merged session has already ended by the watermark is late.
 */
function q11Sessions(emit) {
  const GAP = 10_000;
  const open = new Map(); // bidder → sessions [{ start, end, count }]
  const heap = []; // [end, bidder, session]
  let watermark = -Infinity;
  let late = 0;
  const push = (e) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  const fireUpTo = (wm) => {
    while (heap.length > 0 && heap[0][0] - 1 <= wm) {
      const [end, bidder, s] = pop();
      if (s.end !== end || s.dead) continue; // moved by a merge: its new end has its own entry
      emit([bidder, s.count, s.start, s.end]);
      const list = open.get(bidder);
      const rest = list.filter((x) => x !== s);
      if (rest.length === 0) open.delete(bidder);
      else open.set(bidder, rest);
    }
  };
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const ts = r[DATE_TIME];
        const bidder = r[BIDDER];
        const list = open.get(bidder) ?? [];
        // Fast path: the row lands in its bidder's only open session (in-order bids mostly do).
        const only = list.length === 1 ? list[0] : undefined;
        if (only !== undefined && ts <= only.end && ts + GAP >= only.start) {
          const end = ts + GAP > only.end ? ts + GAP : only.end;
          if (end - 1 <= watermark) late++;
          else {
            if (ts < only.start) only.start = ts;
            only.count++;
            if (end !== only.end) {
              only.end = end; // the old heap entry no longer matches: skipped when popped
              push([end, bidder, only]);
            }
          }
        } else {
          addSlow(ts, bidder, list);
        }
        const wm = ts - WATERMARK_DELAY_MS;
        if (wm > watermark) {
          watermark = wm;
          if (heap.length > 0 && heap[0][0] - 1 <= watermark) fireUpTo(watermark);
        }
      }
    },
    end() {
      fireUpTo(Infinity);
      return late;
    },
  };

  /** A row that opens a session or touches several (a bridging row merges them). */
  function addSlow(ts, bidder, list) {
    let start = ts;
    let end = ts + GAP;
    let count = 1;
    const keep = [];
    const touched = [];
    for (const s of list) {
      if (ts <= s.end && ts + GAP >= s.start) touched.push(s);
      else keep.push(s);
    }
    for (const s of touched) {
      if (s.start < start) start = s.start;
      if (s.end > end) end = s.end;
      count += s.count;
    }
    if (end - 1 <= watermark) {
      late++;
    } else {
      for (const s of touched) s.dead = true;
      const merged = { start, end, count, dead: false };
      keep.push(merged);
      open.set(bidder, keep);
      push([end, bidder, merged]);
    }
  }
}

// Join cases read the generator's mixed stream (nextBatch(null)): person rows have 8 columns
// [id, name, email, card, city, state, date_time, extra], auction rows 10
// [id, item, description, initial_bid, reserve, date_time, expires, seller, category, extra]; bids are skipped.
const PERSON_LEN = 8;
const AUCTION_LEN = 10;

/** Nexmark q3: a symmetric hash join (every row of both filtered inputs kept), pairs as they form. */
function q3(emit) {
  const persons = new Map(); // id → person row (ids are unique)
  const auctions = new Map(); // seller → [auction id]
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (r.length === PERSON_LEN) {
          const st = r[5];
          if (st !== 'OR' && st !== 'ID' && st !== 'CA') continue;
          persons.set(r[0], r);
          const as = auctions.get(r[0]);
          if (as !== undefined) for (let j = 0; j < as.length; j++) emit([r[1], r[4], r[5], as[j]]);
        } else if (r.length === AUCTION_LEN) {
          if (r[8] !== 10) continue;
          const p = persons.get(r[7]);
          if (p !== undefined) emit([p[1], p[4], p[5], r[0]]);
          const as = auctions.get(r[7]);
          if (as === undefined) auctions.set(r[7], [r[0]]);
          else as.push(r[0]);
        }
      }
    },
    end: () => 0,
  };
}

/**
 * Nexmark q8: per 10 s window, the distinct (id, name) of persons and the distinct sellers of auctions,
 * each input with its own watermark (max date_time − 4 s); a window is joined once the minimum of the two
 * passes its end − 1, then forgotten. A row of an input whose watermark already passed its window is late.
 */
function q8(emit) {
  const SIZE = 10_000;
  const persons = new Map(); // window_start → Map(id → name)
  const sellers = new Map(); // window_start → Set(seller)
  let wmP = -Infinity;
  let wmA = -Infinity;
  let fired = -Infinity; // every window with end − 1 ≤ fired has been joined
  let late = 0;
  const fireUpTo = (wm) => {
    if (wm <= fired) return;
    fired = wm;
    for (const [start, ps] of persons) {
      if (start + SIZE - 1 > wm) continue;
      const ss = sellers.get(start);
      if (ss !== undefined) for (const [id, name] of ps) if (ss.has(id)) emit([id, name, start]);
      persons.delete(start);
    }
    for (const start of sellers.keys()) if (start + SIZE - 1 <= wm) sellers.delete(start);
  };
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (r.length === PERSON_LEN) {
          const ts = r[6];
          const start = windowStart(ts, SIZE);
          if (start + SIZE - 1 <= wmP) {
            late++;
            continue;
          }
          let ps = persons.get(start);
          if (ps === undefined) persons.set(start, (ps = new Map()));
          if (!ps.has(r[0])) ps.set(r[0], r[1]);
          if (ts - WATERMARK_DELAY_MS > wmP) wmP = ts - WATERMARK_DELAY_MS;
        } else if (r.length === AUCTION_LEN) {
          const ts = r[5];
          const start = windowStart(ts, SIZE);
          if (start + SIZE - 1 <= wmA) {
            late++;
            continue;
          }
          let ss = sellers.get(start);
          if (ss === undefined) sellers.set(start, (ss = new Set()));
          ss.add(r[7]);
          if (ts - WATERMARK_DELAY_MS > wmA) wmA = ts - WATERMARK_DELAY_MS;
        } else continue;
        fireUpTo(Math.min(wmP, wmA));
      }
    },
    end() {
      fireUpTo(Infinity);
      return late;
    },
  };
}

const BID_LEN = 7;

/**
 * Nexmark q4: bids joined with their auction when `auction.date_time <= bid.date_time <= expires`, the
 * highest such bid per auction, the average of those maxima per category (an integer, truncated, as AVG
 * of a BIGINT is). Emitted as a changelog (`+I` the first average of a category, then `-U` old / `+U` new),
 * which the digest folds. A bid whose auction has not arrived yet waits for it (a regular join keeps both
 * sides); once the auction is known, a bid outside its lifetime can never match and is dropped, and only
 * each auction's maximum is kept (append-only input: a maximum never has to be retracted).
 */
function q4(emit) {
  const auctions = new Map(); // id → { category, start, expires, max }
  const waiting = new Map(); // auction id → [[price, date_time]] bids that came before their auction
  const categories = new Map(); // category → { sum, count }
  const avg = (c) => Math.trunc(c.sum / c.count);
  const offer = (a, price, ts) => {
    if (ts < a.start || ts > a.expires || (a.max !== null && price <= a.max)) return;
    let c = categories.get(a.category);
    if (c === undefined) categories.set(a.category, (c = { sum: 0, count: 0 }));
    const before = c.count > 0 ? avg(c) : null;
    if (a.max === null) {
      c.count++;
      c.sum += price;
    } else c.sum += price - a.max;
    a.max = price;
    const after = avg(c);
    if (before === null) emit([a.category, after], '+I');
    else if (after !== before) {
      emit([a.category, before], '-U');
      emit([a.category, after], '+U');
    }
  };
  return {
    push(rows) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (r.length === BID_LEN) {
          const a = auctions.get(r[0]);
          if (a !== undefined) offer(a, r[2], r[5]);
          else {
            const w = waiting.get(r[0]);
            if (w === undefined) waiting.set(r[0], [[r[2], r[5]]]);
            else w.push([r[2], r[5]]);
          }
        } else if (r.length === AUCTION_LEN) {
          const a = { category: r[8], start: r[5], expires: r[6], max: null };
          auctions.set(r[0], a);
          const w = waiting.get(r[0]);
          if (w !== undefined) {
            waiting.delete(r[0]);
            for (const [price, ts] of w) offer(a, price, ts);
          }
        }
      }
    },
    end: () => 0,
  };
}

/** Stream factories by case name: (emit) → { push(rows), end() → late }. */
const FACTORIES = {
  q0,
  q1,
  q2,
  q5_hop_count: hopCount(2_000, 10_000, (r) => r[AUCTION]),
  q5: q5Top1,
  q7_tumble_max: q7TumbleMax,
  q11: q11Sessions,
  tumble_100k_keys: tumbleKeys(KEY_DOMAIN),
  q3,
  q8,
  q4,
};
for (const [name, c] of Object.entries(CURVE_CASES)) {
  if (c.keyDomain !== undefined) FACTORIES[name] = tumbleKeys(c.keyDomain);
  else FACTORIES[name] = hopCount(c.slideMs, c.sizeMs, (r) => r[AUCTION] % HOP_CURVE_KEYS);
}

/** A case as a stream: push batches of bid rows, then `end()` (fires every window, returns late rows). */
export function createHandwritten(caseName, emit) {
  getCase(caseName);
  const f = FACTORIES[caseName];
  if (f === undefined) throw new Error(`no hand-written reference for case '${caseName}'`);
  return f(emit);
}

/** Whole-array form: `HANDWRITTEN[case](events, emit)` → late rows. */
export const HANDWRITTEN = Object.fromEntries(
  Object.keys(FACTORIES).map((name) => [
    name,
    (events, emit) => {
      const s = FACTORIES[name](emit);
      s.push(events);
      return s.end();
    },
  ]),
);

/** Where rows go when no digest is wanted: a live reference, so building them cannot be optimized away. */
let blackhole = null;

/**
 * Runs one case over `events` (bid rows). With `digest` (default true) every output row goes into the
 * case's digest; without it rows are only counted, so `ms` is the loop's own cost.
 * Returns { caseName, rowsIn, rowsOut, late, ms, digest }.
 */
export function runHandwritten(caseName, events, options = {}) {
  const d = (options.digest ?? true) ? createDigest(caseName) : null;
  let rowsOut = 0;
  const emit =
    d === null
      ? (row) => {
          rowsOut++;
          blackhole = row;
        }
      : (row, op) => {
          rowsOut++;
          d.apply(row, op);
        };
  const s = createHandwritten(caseName, emit);
  const t0 = performance.now();
  s.push(events);
  const late = s.end();
  const ms = performance.now() - t0;
  blackhole = null;
  return { caseName, rowsIn: events.length, rowsOut, late, ms, digest: d === null ? null : d.result() };
}
