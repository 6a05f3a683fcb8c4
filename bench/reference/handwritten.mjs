// Hand-written JavaScript for each bench case: what a plain loop over the generated bid rows costs, and
// the expected result for checking the engine. Input rows are NEXMARK_SCHEMAS.bid arrays:
//   [auction, bidder, price, channel, url, date_time (epoch ms), extra]
// Output rows are arrays in the case's column order (../cases.mjs), passed to `emit`.
//
// Window rule (Flink): watermark = max date_time seen − 4000 ms, advanced after each row; a window
// [start, end) fires once watermark >= end − 1; a row whose window already fired is late (dropped,
// counted). HOP keeps one partial count per 2 s pane and combines five panes when a window fires
// (O(1) state updates per row, as the engine must). End of input fires every window.
import { getCase, WATERMARK_DELAY_MS, KEY_DOMAIN } from '../cases.mjs';
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

function q0(events, emit) {
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
    emit([r[AUCTION], r[BIDDER], r[PRICE], r[DATE_TIME], r[EXTRA]]);
  }
  return 0;
}

function q1(events, emit) {
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
    emit([r[AUCTION], r[BIDDER], r[PRICE] * 0.908, r[DATE_TIME]]);
  }
  return 0;
}

function q2(events, emit) {
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
    if (r[AUCTION] % 123 === 0) emit([r[AUCTION], r[PRICE]]);
  }
  return 0;
}

/**
 * Tumbling windows with per-window state from `newState`, updated by `add(state, row)` and emitted by
 * `fire(state, start, end, emit)`. Returns the number of late rows.
 */
function tumbling(events, emit, size, newState, add, fire) {
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
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
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
  fireUpTo(Infinity);
  return late;
}

function q7TumbleMax(events, emit) {
  return tumbling(
    events,
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

function tumble100kKeys(events, emit) {
  return tumbling(
    events,
    emit,
    10_000,
    () => new Map(), // key → { count, sum }
    (m, r) => {
      const price = r[PRICE];
      const k = price % KEY_DOMAIN;
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

/** HOP(slide 2 s, size 10 s) COUNT(*) per auction over 2 s panes. */
function q5HopCount(events, emit) {
  const SIZE = 10_000;
  const SLIDE = 2_000;
  const panes = new Map(); // pane_start → Map<auction, count>
  let watermark = -Infinity;
  let nextStart = Infinity; // start of the next window to fire
  let late = 0;
  const fireUpTo = (wm) => {
    while (panes.size > 0 && nextStart + SIZE - 1 <= wm) {
      const counts = new Map();
      for (let p = nextStart; p < nextStart + SIZE; p += SLIDE) {
        const pane = panes.get(p);
        if (pane === undefined) continue;
        for (const [a, c] of pane) counts.set(a, (counts.get(a) ?? 0) + c);
      }
      for (const [a, c] of counts) emit([a, nextStart, nextStart + SIZE, c]);
      panes.delete(nextStart); // no later window contains this pane
      nextStart += SLIDE;
    }
    if (panes.size === 0) nextStart = Infinity;
  };
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
    const ts = r[DATE_TIME];
    const pane = windowStart(ts, SLIDE);
    // The last window containing the pane starts at the pane; once it fired, the row is late everywhere.
    // Windows that fired earlier simply no longer read this pane (partly late rows count where they can).
    if (pane + SIZE - 1 <= watermark) {
      late++;
      continue;
    }
    let counts = panes.get(pane);
    if (counts === undefined) {
      counts = new Map();
      panes.set(pane, counts);
      // The first window containing this pane starts at pane − size + slide, but windows whose end − 1
      // the watermark already passed count as fired even if they never held a row.
      const unfired = watermark === -Infinity ? -Infinity : windowStart(watermark - SIZE + 1, SLIDE) + SLIDE;
      const first = Math.max(pane - SIZE + SLIDE, unfired);
      if (first < nextStart) nextStart = first;
    }
    const a = r[AUCTION];
    counts.set(a, (counts.get(a) ?? 0) + 1);
    const wm = ts - WATERMARK_DELAY_MS;
    if (wm > watermark) {
      watermark = wm;
      if (nextStart + SIZE - 1 <= watermark) fireUpTo(watermark);
    }
  }
  fireUpTo(Infinity);
  return late;
}

/** @type {Record<string, (events: readonly (readonly unknown[])[], emit: (row: unknown[]) => void) => number>} */
export const HANDWRITTEN = {
  q0,
  q1,
  q2,
  q5_hop_count: q5HopCount,
  q7_tumble_max: q7TumbleMax,
  tumble_100k_keys: tumble100kKeys,
};

/** Where rows go when no digest is wanted: a live reference, so building them cannot be optimized away. */
let blackhole = null;

/**
 * Runs one case over `events` (bid rows). With `digest` (default true) every output row goes into the
 * case's digest; without it rows are only counted, so `ms` is the loop's own cost.
 * Returns { caseName, rowsIn, rowsOut, late, ms, digest }.
 */
export function runHandwritten(caseName, events, options = {}) {
  getCase(caseName);
  const fn = HANDWRITTEN[caseName];
  if (fn === undefined) throw new Error(`no hand-written reference for case '${caseName}'`);
  const d = (options.digest ?? true) ? createDigest(caseName) : null;
  let rowsOut = 0;
  const emit =
    d === null
      ? (row) => {
          rowsOut++;
          blackhole = row;
        }
      : (row) => {
          rowsOut++;
          d.add(row);
        };
  const t0 = performance.now();
  const late = fn(events, emit);
  const ms = performance.now() - t0;
  blackhole = null;
  return { caseName, rowsIn: events.length, rowsOut, late, ms, digest: d === null ? null : d.result() };
}
