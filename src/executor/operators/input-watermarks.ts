/**
 * Each input's watermark of a multi-input operator, kept as declared state. The runtime restores an
 * operator's combined watermark, but after a restart its inputs may resume at different times (or one
 * not at all before the end), and the minimum must still count the quiet one from where it was.
 */
import type { WatermarkHolder } from '../watermark-holder.js';
import { ValueState } from '../state/state-table.js';
import { valueCodec } from '../state/value-codec.js';

export class InputWatermarks {
  readonly state: ValueState<number[]>;
  private synced = false;

  constructor(inputs: number) {
    this.state = new ValueState<number[]>('input_wms', new Array<number>(inputs).fill(-Infinity), valueCodec<number[]>());
  }

  /** Puts restored input watermarks back into the holder (once, before the first input after a restore). */
  sync(holder: WatermarkHolder): void {
    if (this.synced) return;
    this.synced = true;
    const wms = this.state.get();
    for (let i = 0; i < wms.length && i < holder.inputs; i++) if (wms[i]! > holder.inputWatermark(i)) holder.update(i, wms[i]!);
  }

  /** ALTER SOURCE ... RESET WATERMARK: every input starts over (and a restore must not bring them back). */
  reset(): void {
    this.synced = true;
    this.state.set(this.state.get().map(() => -Infinity));
  }

  /** After the holder took a watermark: remembers the inputs' watermarks when one moved. */
  record(holder: WatermarkHolder): void {
    const wms = this.state.get();
    for (let i = 0; i < holder.inputs; i++) {
      if (holder.inputWatermark(i) !== wms[i]) {
        this.state.set(Array.from({ length: holder.inputs }, (_, k) => holder.inputWatermark(k)));
        return;
      }
    }
  }
}
