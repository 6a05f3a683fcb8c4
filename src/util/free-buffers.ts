/**
 * Gives back the memory of ArrayBuffers nobody reads any more, now rather than at V8's next full
 * collection.
 *
 * A buffer that lived through two young-generation collections is promoted, and the memory it holds
 * outside the heap is freed only when a full (mark-compact) collection finds it dead. V8 starts one for
 * external memory only once that has grown by 64 MiB since the last, so a steady stream of such buffers
 * (a checkpoint's output bytes on the commit thread, a source's retained input batches) keeps tens of
 * MB of dead buffers resident, more or less depending on where the run stands between two full
 * collections: peak RSS then depends on the run's length (bench/HISTORY.md, "Peak RSS flat in run length").
 *
 * Transferring a buffer detaches it: its memory moves to the clone, which is dropped here, so it is
 * freed by the next young-generation collection whatever the age of the original. The caller must own
 * every view on the buffer: afterwards they all read as empty. Shared memory, buffers already detached
 * and duplicates are skipped.
 */
export function freeBuffers(buffers: Iterable<ArrayBufferLike>): void {
  const transfer: ArrayBuffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  for (const b of buffers) {
    if (!(b instanceof ArrayBuffer) || b.byteLength === 0 || seen.has(b)) continue;
    seen.add(b);
    transfer.push(b);
  }
  if (transfer.length > 0) structuredClone(null, { transfer });
}
