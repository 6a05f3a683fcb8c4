/**
 * The watermark of an operator with several inputs (Arroyo's WatermarkHolder): the minimum over its
 * inputs' watermarks, where an input marked idle does not hold the minimum back. Idleness is its own
 * state, never a made-up watermark: an idle input keeps its last watermark, and when it sends data or
 * a watermark again it is active again and counts from that watermark on. When every input is idle
 * the operator itself is idle, at the highest watermark its inputs reached.
 *
 *   input 0: ──5────────9─────      min = 5, then 7 (input 1), then 9 once input 1 goes idle
 *   input 1: ──7──(idle)──────
 */
export class WatermarkHolder {
  private readonly wms: number[];
  private readonly idle: boolean[];
  private current = -Infinity;

  constructor(readonly inputs: number) {
    this.wms = new Array<number>(inputs).fill(-Infinity);
    this.idle = new Array<boolean>(inputs).fill(false);
  }

  /** The combined watermark (−∞ until every active input has one). */
  get watermark(): number {
    return this.current;
  }

  get allIdle(): boolean {
    return this.idle.every((x) => x);
  }

  inputWatermark(input: number): number {
    return this.wms[input]!;
  }

  get inputWatermarks(): readonly number[] {
    return this.wms;
  }

  /**
   * Puts back the inputs' watermarks saved at a checkpoint (inputs start active): after a restart the
   * inputs may resume at different times, and the minimum must count a quiet one from where it was.
   */
  restore(wms: readonly number[]): void {
    for (let i = 0; i < this.inputs && i < wms.length; i++) if (wms[i]! > this.wms[i]!) this.wms[i] = wms[i]!;
    this.recompute();
  }

  /** Records an input's watermark (it is active again); returns the new combined watermark if it moved. */
  update(input: number, wm: number): number | null {
    this.idle[input] = false;
    if (wm > this.wms[input]!) this.wms[input] = wm;
    return this.recompute();
  }

  /** An input with data is active: it holds the minimum again from its last watermark. */
  active(input: number): void {
    if (this.idle[input]) {
      this.idle[input] = false;
      this.recompute();
    }
  }

  /** Marks an input idle (or not); returns the new combined watermark if it moved. */
  setIdle(input: number, idle: boolean): number | null {
    this.idle[input] = idle;
    return this.recompute();
  }

  /**
   * The watermark a row arriving on `input` with arrival watermark `rowWm` sees: its input's watermark
   * then, combined with the other inputs' current ones (with one input: `rowWm` itself).
   */
  effective(input: number, rowWm: number): number {
    if (this.inputs === 1) return rowWm;
    let m = Infinity;
    let any = false;
    for (let i = 0; i < this.inputs; i++) {
      if (this.idle[i] && i !== input) continue;
      any = true;
      const w = i === input ? rowWm : this.wms[i]!;
      if (w < m) m = w;
    }
    return any ? m : rowWm;
  }

  /**
   * The minimum over active inputs. When the last active input goes idle, the inputs' maximum (Flink's
   * StatusWatermarkValve): no input will move any more, every watermark here came from an input, and
   * the result does not depend on which input went idle first.
   */
  private recompute(): number | null {
    let m = Infinity;
    let max = -Infinity;
    let any = false;
    for (let i = 0; i < this.inputs; i++) {
      if (this.wms[i]! > max) max = this.wms[i]!;
      if (this.idle[i]) continue;
      any = true;
      if (this.wms[i]! < m) m = this.wms[i]!;
    }
    if (!any) m = max;
    if (!(m > this.current)) return null;
    this.current = m;
    return m;
  }
}
