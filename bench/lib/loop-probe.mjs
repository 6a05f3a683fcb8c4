// How long the event loop was blocked: a 1 ms timer chain that records the gap between its ticks.
//
// A task that holds the loop for B ms delays the next tick by about B ms, so the largest gap minus the
// timer period bounds the longest single task while the probe ran. This works the same for a
// checkpoint that runs synchronously inside one call and for one that commits in slices or off-thread
// (only the slices that run on this thread show up). perf_hooks' monitorEventLoopDelay was tried first:
// after reset() it misses a block that starts right away (a 300 ms busy loop read as 3 ms), which is
// exactly the case here, so the probe keeps its own clock.
const PERIOD_MS = 1;

export function startLoopProbe(threshold = 5) {
  const longGaps = [];
  let max = 0;
  let ticks = 0;
  let last = performance.now();
  let timer = null;
  let running = true;
  const tick = () => {
    const now = performance.now();
    record(now - last - PERIOD_MS);
    last = now;
    if (running) timer = setTimeout(tick, PERIOD_MS);
  };
  const record = (gap) => {
    ticks++;
    if (gap > max) max = gap;
    if (gap > threshold) longGaps.push(gap);
  };
  timer = setTimeout(tick, PERIOD_MS);
  return {
    /** Stops the probe: the longest block seen (ms) and every gap longer than `threshold` ms. */
    stop() {
      running = false;
      clearTimeout(timer);
      // The tail: a block still going on when stop() is called counts up to now.
      record(performance.now() - last - PERIOD_MS);
      return { maxMs: max, longGaps, ticks };
    },
  };
}
