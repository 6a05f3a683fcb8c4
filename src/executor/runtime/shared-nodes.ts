/**
 * Nodes shared by several views: a stateless node (filter/projection, window assignment) that computes
 * the same rows from the same input for two views runs once, and both read its output. Identity is
 * the node's canonical subtree text (`PhysicalNode.key`): equal texts compute equal rows.
 *
 *   source bids ─► Filter price > 0 ─┬─► TumbleAggregate (view a)
 *                                     └─► HopAggregate    (view b)
 *
 * `share(pipeline)` rewrites a view's pipeline so that every shareable node becomes a leaf that reads
 * the shared runtime node (created on first use), from the sources up: a node is shareable when it is
 * stateless and all of its inputs are leaves. Reference counts release a node (and what it reads) when
 * its last reader goes. Stateful nodes are never shared: their state belongs to one view.
 */
import type { LeafRef, PhysicalNode, Pipeline } from '../../planner/compile.js';
import type { Emitter, Operator } from '../operator.js';
import { instantiate } from '../pipeline.js';
import type { Column } from '../../parser/logical-plan.js';
import { makeRowEncoder } from '../values.js';
import { checkedInput } from './input-checks.js';

/** What a view's entry point attaches to: a source, a view, or a shared node. */
export interface Upstream {
  readonly downstream: Emitter[];
  readonly wm: number;
  /** Idle: a reader attached now starts with this input idle. */
  readonly idle?: boolean;
}

export class SharedNode implements Upstream {
  readonly downstream: Emitter[] = [];
  wm = -Infinity;
  idle = false;
  /** Readers attached: view entry points and shared nodes reading this one. */
  refs = 0;
  /** Views whose plans read this node (for EXPLAIN). */
  readonly views = new Set<string>();
  /** What this node's inputs are attached to, to detach when it is released. */
  attached: { upstream: Upstream; emitter: Emitter; leaf: LeafRef }[] = [];
  /** The node's running operator (set once attached). */
  op: Operator | null = null;

  constructor(readonly key: string, readonly node: PhysicalNode) {}
}

export class SharedNodes {
  private readonly nodes = new Map<string, SharedNode>();

  constructor(
    private readonly resolve: (leaf: LeafRef) => Upstream | undefined,
    /** A row the node's input check rejected (planner/row-checks.ts), encoded, with the views that read the node. */
    private readonly rejected: (source: string, reason: string, row: Record<string, unknown>, views: readonly string[]) => void = () => {},
  ) {}

  /** The pipeline with its shareable nodes turned into leaves that read shared runtime nodes. */
  share(p: Pipeline, view: string): Pipeline {
    const nodes: PhysicalNode[] = [...p.nodes];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.op === null || (n.op.kind !== 'filter_project' && n.op.kind !== 'window_assign')) continue;
      // Constant rows are fed to each view by itself when it starts: a node over them is never shared.
      if (!n.inputs.every((k) => nodes[k]!.leaf !== null && nodes[k]!.leaf!.kind !== 'values')) continue;
      const shared = this.acquire(n, n.inputs.map((k) => nodes[k]!.leaf!), n.inputs.map((k) => nodes[k]!.schema), view);
      const origin = nodes[n.inputs[0]!]!.leaf!;
      nodes[i] = { ...n, op: null, inputs: [], leaf: { kind: origin.kind, name: origin.name, shared: shared.key } };
    }
    // Leaves no node reads any more (their reader became a shared leaf) are dropped from the plan.
    const used = new Set<number>([nodes.length - 1]);
    for (const n of nodes) for (const k of n.inputs) used.add(k);
    const keep = nodes.map((_, i) => used.has(i));
    const index = new Map<number, number>();
    const out: PhysicalNode[] = [];
    nodes.forEach((n, i) => {
      if (!keep[i]) return;
      index.set(i, out.length);
      out.push({ ...n, inputs: n.inputs.map((k) => index.get(k)!) });
    });
    return { ...p, nodes: out, operators: out.flatMap((n) => (n.op ? [n.op] : [])) };
  }

  get(key: string): SharedNode | undefined {
    return this.nodes.get(key);
  }

  /** Views that run the node with this key. */
  viewsOf(key: string): readonly string[] {
    return [...(this.nodes.get(key)?.views ?? [])];
  }

  /** A reader attaches to `leaf` (a view's entry point, or a shared node reading a shared node). */
  retain(leaf: LeafRef): void {
    if (leaf.shared !== undefined) this.nodes.get(leaf.shared)!.refs++;
  }

  /** A reader of `leaf` went away: the last one releases the node, and with it what the node reads. */
  release(leaf: LeafRef): void {
    const s = leaf.shared === undefined ? undefined : this.nodes.get(leaf.shared);
    if (!s || --s.refs > 0) return;
    this.nodes.delete(s.key);
    for (const a of s.attached) {
      const j = a.upstream.downstream.indexOf(a.emitter);
      if (j >= 0) a.upstream.downstream.splice(j, 1);
      this.release(a.leaf);
    }
  }

  /** ALTER SOURCE ... RESET WATERMARK: nodes reading any of `origins` (sources or views) start over. */
  resetWatermarks(origins: ReadonlySet<string>): void {
    for (const s of this.nodes.values()) {
      if (!s.attached.some((a) => origins.has(a.leaf.name))) continue;
      s.op?.resetWatermark();
      s.wm = -Infinity;
    }
  }

  forgetView(view: string): void {
    for (const s of this.nodes.values()) s.views.delete(view);
  }

  get size(): number {
    return this.nodes.size;
  }

  private acquire(n: PhysicalNode, leaves: LeafRef[], schemas: readonly (readonly Column[])[], view: string): SharedNode {
    let s = this.nodes.get(n.key);
    if (s === undefined) {
      const shared = new SharedNode(n.key, n);
      const op = instantiate(n.op!);
      shared.op = op;
      op.connect({
        data: (b) => {
          for (const d of shared.downstream) d.data(b);
        },
        watermark: (wm) => {
          if (wm > shared.wm) shared.wm = wm;
          for (const d of shared.downstream) d.watermark(wm);
        },
        idle: (idle) => {
          shared.idle = idle;
          for (const d of shared.downstream) d.idle?.(idle);
        },
      });
      op.setInputs(leaves.length);
      op.open({ late() {} }); // stateless: never late
      leaves.forEach((leaf, k) => {
        const upstream = this.resolve(leaf);
        if (!upstream) throw new Error(`invariant: shared node input ${leaf.name} has no runtime`);
        const check = n.op!.checks?.[k];
        const encode = check ? makeRowEncoder((schemas[k] ?? []).map((c) => ({ name: c.name, type: c.type }))) : null;
        const emitter = checkedInput(op, k, check, (row, reason) => this.rejected(leaf.name, reason, encode!(row), [...shared.views]));
        upstream.downstream.push(emitter);
        this.retain(leaf);
        if (upstream.wm > -Infinity) emitter.watermark(upstream.wm);
        if (upstream.idle === true) emitter.idle?.(true);
        shared.attached.push({ upstream, emitter, leaf });
      });
      this.nodes.set(n.key, (s = shared));
    }
    s.views.add(view);
    return s;
  }
}
