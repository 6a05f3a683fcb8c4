// A subscriber that frames a view's rows in chunks of 500 rows (the server's channel: 1,024 since 2026-12-07), for
// benchmarks of the server's path without sockets: the rows' JSON bytes where the build writes them
// (`framedBytes`), else their JSON text (`subscribeText`), else row objects (with their text where the
// build passes it). `subs` is the build's
// src/executor/server/subscriptions.js module, so an older build is measured with its own framing.
//
// Returns a function giving the bytes framed so far.
export function framingSubscriber(engine, subs, view) {
  const { framedRows, framedText, framedBytes, encodeRows } = subs;
  let bytes = 0;
  if (engine.subscribeText && framedBytes) {
    engine.subscribeText(view, (batch) => {
      for (let i = 0; i < batch.count; i += 500) bytes += framedBytes(view, batch, i, Math.min(batch.count, i + 500)).length;
    });
  } else if (engine.subscribeText && framedText) {
    engine.subscribeText(view, (batch) => {
      for (let i = 0; i < batch.rowsJson.length; i += 500) bytes += Buffer.from(framedText(view, batch, i, Math.min(batch.rowsJson.length, i + 500))).length;
    });
  } else {
    engine.subscribe(view, (rows, json) => {
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        bytes += Buffer.from(json ? framedRows(view, chunk, json, i) : encodeRows(view, chunk)).length;
      }
    }, { from: 'latest' });
  }
  return () => bytes;
}
