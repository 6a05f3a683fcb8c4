/**
 * Bound expressions → JavaScript functions, compiled once per query with `new Function`, so a row is
 * evaluated by straight-line code with no tree walk, no closure call per node and no allocation beyond
 * the result itself:
 *
 *   price * qty + 1           ⇒   function compiled(row) {
 *                                   let v0 = null;
 *                                   const v1 = row[0];
 *                                   if (v1 != null) {
 *                                     const v2 = row[2];
 *                                     if (v2 != null) {
 *                                       const v3 = (v1 * v2);
 *                                       const v4 = (v3 + 1);
 *                                       v0 = v4;
 *                                     }
 *                                   }
 *                                   return v0 === undefined ? null : v0;
 *                                 }
 *
 * Constants, helper functions and precompiled regexes live in the table `k`; nothing from the query
 * text is ever spliced into the code except numbers (strings go through `k`). Strict functions get
 * their NULL checks here (functions-core.ts); AND/OR/IS/IN/BETWEEN/COALESCE/NULLIF/IF/CONCAT_WS/CASE
 * have SQL three-valued semantics generated below. Fully constant subtrees are folded at compile time.
 *
 * Measured with bench/micro/expr.mjs (Node 20): 1.2–2.5× faster than a closure-per-node tree once an
 * engine runs several expressions (shared closure code turns polymorphic), and within ~20% of
 * hand-written JavaScript; 4–15 ns per evaluation.
 */
import type { BoundExpr, BoundExprOf } from '../parser/bound-expr.js';
import { boundToString } from '../parser/bind-expr.js';
import { castCode, castRejects, comparableNumbers, functionDef, isSpecialFn, isStrictDef, rejectCast, type Codegen, type SpecialFn } from '../parser/functions.js';
import { assertNever } from '../util/assert.js';

export type CompiledExpr = (row: readonly unknown[]) => unknown;
export type CompiledPredicate = (row: readonly unknown[]) => boolean;

export interface CompileOptions {
  /**
   * A CAST from text that does not convert throws CastRejection (functions-cast.ts castRejects) instead
   * of giving NULL. Only the input checks of planner/row-checks.ts compile so: they run before an
   * operator and reject the row, so the operator's own code (compiled without it) never meets such a
   * value and never throws.
   */
  readonly rejectCasts?: boolean;
}

/** Compiles an expression to a function of the input row. SQL NULL is JS null. */
export function compileExpr(e: BoundExpr, opts: CompileOptions = {}): CompiledExpr {
  const f = fold(e);
  if (f.kind === 'const') {
    const v = f.value;
    return () => v;
  }
  if (f.kind === 'input') {
    const i = f.index;
    return (row) => row[i] ?? null;
  }
  return generate(f, 'value', opts) as CompiledExpr;
}

/** Compiles a condition (WHERE, HAVING, FILTER): true only when the value is TRUE; NULL and FALSE are false. */
export function compilePredicate(e: BoundExpr, opts: CompileOptions = {}): CompiledPredicate {
  const f = fold(e);
  if (f.kind === 'const') {
    const v = f.value === true;
    return () => v;
  }
  return generate(f, 'predicate', opts) as CompiledPredicate;
}

/** The generated source, for tests and for reading what the compiler made of an expression. */
export function compiledSource(e: BoundExpr, mode: 'value' | 'predicate' = 'value'): string {
  return new Gen().program(fold(e), mode);
}

// ---------------------------------------------------------------------------------------------------
// Code generation

function generate(e: BoundExpr, mode: 'value' | 'predicate', opts: CompileOptions = {}): (row: readonly unknown[]) => unknown {
  const g = new Gen(opts.rejectCasts === true);
  const body = g.program(e, mode);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation is the point here
  return new Function('k', body)(g.consts) as (row: readonly unknown[]) => unknown;
}

/** The code generator; compile-batch.ts also drives it to fuse several expressions into one loop. */
export class Gen implements Codegen {
  readonly consts: unknown[] = [];
  private readonly lines: string[] = [];
  private depth = 1;
  private n = 0;

  constructor(private readonly rejectCasts = false) {}

  /** Codegen.rejectRows: an input check's code, where a rejecting function throws its reason. */
  get rejectRows(): boolean {
    return this.rejectCasts;
  }

  /** A line of code at the current depth, and the depth of the lines that follow (for callers that wrap them in loops). */
  line(code: string): void {
    this.emit(code);
  }
  indent(by: number): void {
    this.depth += by;
  }
  /** Every line emitted so far. */
  code(): string {
    return this.lines.join('\n');
  }

  program(e: BoundExpr, mode: 'value' | 'predicate'): string {
    const v = this.value(e);
    const ret = mode === 'predicate' ? `return ${v} === true;` : `return ${v} === undefined ? null : ${v};`;
    return `'use strict';\nreturn function compiled(row) {\n${this.lines.join('\n')}\n  ${ret}\n};`;
  }

  konst(v: unknown): string {
    let i = this.consts.indexOf(v);
    if (i < 0) i = this.consts.push(v) - 1;
    return `k[${i}]`;
  }

  fn(f: (...args: never[]) => unknown): string {
    return this.konst(f);
  }

  private emit(line: string): void {
    this.lines.push('  '.repeat(this.depth) + line);
  }
  private open(head: string): void {
    this.emit(`${head} {`);
    this.depth++;
  }
  private close(n = 1): void {
    for (let i = 0; i < n; i++) {
      this.depth--;
      this.emit('}');
    }
  }
  private elseBranch(): void {
    this.depth--;
    this.emit('} else {');
    this.depth++;
  }
  private tmp(): string {
    return `v${this.n++}`;
  }

  /** A value as an atom: JS literal for simple constants, the table for everything else. */
  private literal(v: unknown): string {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) return v < 0 ? `(${v})` : String(v);
    return this.konst(v);
  }

  /** Emits code computing `e` and returns an atom (identifier or literal) that holds its value. */
  value(e: BoundExpr): string {
    switch (e.kind) {
      case 'const':
        return this.literal(e.value);
      case 'input': {
        const v = this.tmp();
        this.emit(`const ${v} = row[${e.index}];`);
        return v;
      }
      case 'cast':
        return this.cast(e);
      case 'case':
        return this.caseWhen(e);
      case 'call': {
        if (isSpecialFn(e.fn)) return this.special(e.fn, e);
        const impl = functionDef(e.fn).impl;
        return typeof impl === 'object' ? this.nullSafe(e, impl.nullSafe) : this.strict(e);
      }
    }
  }

  /** A null-safe call (functions-core FnDef): every argument evaluated, NULL ones passed as null. */
  private nullSafe(call: BoundExprOf<'call'>, impl: (call: BoundExprOf<'call'>) => (a: readonly string[], cg: Codegen) => string): string {
    const atoms = call.args.map((arg) => this.value(arg));
    const out = this.tmp();
    this.emit(`const ${out} = ${impl(call)(atoms, this)};`);
    return out;
  }

  /** NULL if any argument is NULL (checked in order, later arguments not evaluated), else the code. */
  private strict(call: BoundExprOf<'call'>): string {
    const out = this.tmp();
    this.emit(`let ${out} = null;`);
    const { atom, opened } = this.nonNull(call);
    this.emit(`${out} = ${atom};`);
    this.close(opened);
    return out;
  }

  /**
   * Emits code that reaches the current point only when `e` is not NULL, and returns the atom holding
   * it and the number of blocks opened (the caller closes them). A strict call that cannot turn non-NULL
   * arguments into NULL is computed inline inside its arguments' checks, so `price * qty + 1` needs two
   * checks and one temporary, not a NULL-or-number variable per operator (which V8 would box).
   */
  private nonNull(e: BoundExpr): { atom: string; opened: number } {
    if (e.kind === 'const' && e.value !== null) return { atom: this.literal(e.value), opened: 0 };
    const def = e.kind === 'call' && !isSpecialFn(e.fn) ? functionDef(e.fn) : null;
    if (e.kind === 'call' && def !== null && isStrictDef(def)) {
      const code = def.impl(e);
      let opened = 0;
      const atoms = e.args.map((arg) => {
        const r = this.nonNull(arg);
        opened += r.opened;
        return r.atom;
      });
      const v = this.tmp();
      this.emit(`const ${v} = ${code(atoms, this)};`);
      if (!nullFromNonNull(e)) return { atom: v, opened };
      this.open(`if (${v} != null)`); // x / 0, a failed parse, ...: NULL from non-NULL arguments
      return { atom: v, opened: opened + 1 };
    }
    const v = this.value(e);
    this.open(`if (${v} != null)`);
    return { atom: v, opened: 1 };
  }
  private cast(e: BoundExprOf<'cast'>): string {
    const a = this.value(e.operand);
    const code = castCode(e.operand.type, e.type, a, this);
    if (code === a) return a;
    const out = this.tmp();
    this.emit(`let ${out} = null;`);
    this.open(`if (${a} != null)`);
    this.emit(`${out} = ${code};`);
    if (this.rejectCasts && castRejects(e)) {
      this.emit(`if (${out} === null) ${out} = ${this.fn(rejectCast)}(${a}, ${this.konst(e.type)}, ${this.konst(boundToString(e))});`);
    }
    this.close();
    return out;
  }

  private caseWhen(e: BoundExprOf<'case'>): string {
    const out = this.tmp();
    this.emit(`let ${out} = null;`);
    for (const w of e.whens) {
      const c = this.value(w.when);
      this.open(`if (${c} === true)`);
      this.emit(`${out} = ${this.value(w.then)};`);
      this.elseBranch();
    }
    if (e.else) this.emit(`${out} = ${this.value(e.else)};`);
    this.close(e.whens.length);
    return out;
  }

  private special(fn: SpecialFn, call: BoundExprOf<'call'>): string {
    const args = call.args;
    const out = this.tmp();
    switch (fn) {
      case 'AND':
      case 'OR': {
        // AND: FALSE wins over NULL; OR: TRUE wins over NULL. The right side runs only when needed.
        const [win, lose] = fn === 'AND' ? ['false', 'true'] : ['true', 'false'];
        const a = this.value(args[0]!);
        this.emit(`let ${out} = ${a};`);
        this.open(`if (${a} !== ${win})`);
        const b = this.value(args[1]!);
        this.emit(`${out} = ${b} === ${win} ? ${win} : (${a} == null || ${b} == null) ? null : ${lose};`);
        this.close();
        return out;
      }
      case 'IS_NULL':
        return this.test(out, `${this.value(args[0]!)} == null`);
      case 'IS_NOT_NULL':
        return this.test(out, `${this.value(args[0]!)} != null`);
      case 'IS_DISTINCT_FROM':
      case 'IS_NOT_DISTINCT_FROM': {
        const a = this.value(args[0]!);
        const b = this.value(args[1]!);
        const same = `(${a} == null ? ${b} == null : ${b} != null && ${a} === ${b})`;
        return this.test(out, fn === 'IS_DISTINCT_FROM' ? `!${same}` : same);
      }
      case 'IS_TRUE':
        return this.test(out, `${this.value(args[0]!)} === true`);
      case 'IS_NOT_TRUE':
        return this.test(out, `${this.value(args[0]!)} !== true`);
      case 'IS_FALSE':
        return this.test(out, `${this.value(args[0]!)} === false`);
      case 'IS_NOT_FALSE':
        return this.test(out, `${this.value(args[0]!)} !== false`);
      case 'IN':
      case 'NOT_IN':
        return this.inList(out, args, fn === 'NOT_IN');
      case 'BETWEEN':
      case 'NOT_BETWEEN': {
        // x BETWEEN lo AND hi = x >= lo AND x <= hi; NOT BETWEEN is its three-valued negation.
        const x = this.value(args[0]!);
        const lo = this.value(args[1]!);
        const hi = this.value(args[2]!);
        const c1 = this.tmp();
        const c2 = this.tmp();
        this.emit(`const ${c1} = (${x} == null || ${lo} == null) ? null : ${x} >= ${lo};`);
        this.emit(`const ${c2} = (${x} == null || ${hi} == null) ? null : ${x} <= ${hi};`);
        const r = `(${c1} === false || ${c2} === false ? false : (${c1} == null || ${c2} == null) ? null : true)`;
        if (fn === 'BETWEEN') this.emit(`const ${out} = ${r};`);
        else this.emit(`const ${out} = ${r} === null ? null : !${r};`);
        return out;
      }
      case 'COALESCE': {
        this.emit(`let ${out} = ${this.value(args[0]!)};`);
        for (const arg of args.slice(1)) {
          this.open(`if (${out} == null)`);
          this.emit(`${out} = ${this.value(arg)};`);
        }
        this.close(args.length - 1);
        return out;
      }
      case 'NULLIF': {
        const a = this.value(args[0]!);
        this.emit(`let ${out} = ${a};`);
        this.open(`if (${a} != null)`);
        // Mixed numeric types (INT with DECIMAL, two DECIMAL scales) compare in one representation.
        const [ca, cb] = comparableNumbers([args[0]!, args[1]!]) as [BoundExpr, BoundExpr];
        const x = ca === args[0] ? a : this.value(ca);
        this.emit(`if (${this.value(cb)} === ${x}) ${out} = null;`);
        this.close();
        return out;
      }
      case 'IF': {
        const c = this.value(args[0]!);
        this.emit(`let ${out} = null;`);
        this.open(`if (${c} === true)`);
        this.emit(`${out} = ${this.value(args[1]!)};`);
        this.elseBranch();
        this.emit(`${out} = ${this.value(args[2]!)};`);
        this.close();
        return out;
      }
      case 'CONCAT_WS': {
        const sep = this.value(args[0]!);
        this.emit(`let ${out} = null;`);
        this.open(`if (${sep} != null)`);
        const acc = this.tmp();
        this.emit(`let ${acc} = null;`);
        for (const arg of args.slice(1)) {
          const v = this.value(arg);
          this.emit(`if (${v} != null) ${acc} = ${acc} === null ? ${v} : ${acc} + ${sep} + ${v};`);
        }
        this.emit(`${out} = ${acc} === null ? '' : ${acc};`);
        this.close();
        return out;
      }
      default:
        return assertNever(fn);
    }
  }

  private test(out: string, code: string): string {
    this.emit(`const ${out} = ${code};`);
    return out;
  }

  /**
   * x IN (a, b, ...): TRUE if x equals an item; else NULL if x or an item is NULL; else FALSE.
   * A list of constants is a Set lookup (or a few comparisons); NOT IN negates three-valued.
   */
  private inList(out: string, args: readonly BoundExpr[], negated: boolean): string {
    const [hit, miss] = negated ? ['false', 'true'] : ['true', 'false'];
    const x = this.value(args[0]!);
    const items = args.slice(1);
    this.emit(`let ${out} = null;`);
    this.open(`if (${x} != null)`);
    if (items.every((i) => i.kind === 'const')) {
      const values = items.map((i) => (i as BoundExprOf<'const'>).value);
      const present = values.filter((v) => v !== null);
      const ifMissing = present.length < values.length ? 'null' : miss;
      const test =
        present.length > 4
          ? `${this.konst(new Set(present))}.has(${x})`
          : present.length === 0
            ? 'false'
            : present.map((v) => `${x} === ${this.literal(v)}`).join(' || ');
      this.emit(`${out} = (${test}) ? ${hit} : ${ifMissing};`);
    } else {
      const found = this.tmp();
      const sawNull = this.tmp();
      this.emit(`let ${found} = false;`);
      this.emit(`let ${sawNull} = false;`);
      for (const item of items) {
        const v = this.value(item);
        this.emit(`if (${v} == null) ${sawNull} = true; else if (${v} === ${x}) ${found} = true;`);
      }
      this.emit(`${out} = ${found} ? ${hit} : ${sawNull} ? null : ${miss};`);
    }
    this.close();
    return out;
  }
}

/**
 * Whether a strict call can give NULL although no argument is NULL (x / 0, CAST-like parsing,
 * SUBSTRING with a negative length): asks the function's own type rule with non-nullable arguments.
 */
function nullFromNonNull(call: BoundExprOf<'call'>): boolean {
  const cached = nullableCache.get(call);
  if (cached !== undefined) return cached;
  let r = true;
  try {
    const args = call.args.map((a) => ({ ...a, type: { ...a.type, nullable: false } }) as BoundExpr);
    r = functionDef(call.fn).check(args, { name: call.fn, pos: NO_POS, argPos: [] }).type.nullable;
  } catch {
    r = true;
  }
  nullableCache.set(call, r);
  return r;
}
const nullableCache = new WeakMap<BoundExpr, boolean>();
const NO_POS = { line: 0, column: 0, offset: 0, length: 0 };

// ---------------------------------------------------------------------------------------------------
// Constant folding

const TRUE: BoundExpr = { kind: 'const', value: true, type: { name: 'BOOLEAN', nullable: false } };
const isConst = (e: BoundExpr, v?: unknown): boolean => e.kind === 'const' && (v === undefined || e.value === v);

/**
 * Replaces constant subtrees by their value (evaluated with the same generated code, so folding can
 * never disagree with run time), prunes CASE branches whose condition is constant, and simplifies
 * AND/OR with a constant side.
 */
export function fold(e: BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'const':
    case 'input':
      return e;
    case 'cast': {
      const operand = fold(e.operand);
      const n: BoundExpr = operand === e.operand ? e : { ...e, operand };
      if (operand.kind !== 'const') return n;
      const v = evaluate(n);
      // Constant text that does not convert stays a CAST, so a rejecting CAST still rejects its rows.
      return castRejects(n) && operand.value !== null && v.kind === 'const' && v.value === null ? n : v;
    }
    case 'case': {
      const whens: { when: BoundExpr; then: BoundExpr }[] = [];
      let elseExpr = e.else ? fold(e.else) : null;
      for (const w of e.whens) {
        const when = fold(w.when);
        if (when.kind === 'const' && when.value !== true) continue; // FALSE or NULL: never taken
        const then = fold(w.then);
        if (isConst(when, true)) {
          elseExpr = then;
          break;
        }
        whens.push({ when, then });
      }
      if (whens.length === 0) return elseExpr && elseExpr.kind === 'const' ? { ...elseExpr, type: e.type } : (elseExpr ?? { kind: 'const', value: null, type: e.type });
      const n: BoundExpr = { kind: 'case', whens, else: elseExpr, type: e.type };
      return whens.every((w) => w.then.kind === 'const') && (elseExpr === null || elseExpr.kind === 'const') && whens.every((w) => w.when.kind === 'const') ? evaluate(n) : n;
    }
    case 'call': {
      const args = e.args.map(fold);
      const n: BoundExprOf<'call'> = args.every((a, i) => a === e.args[i]) ? e : { ...e, args };
      if (args.every((a) => a.kind === 'const')) return evaluate(n);
      if (e.fn === 'AND' || e.fn === 'OR') {
        const [absorb, identity] = e.fn === 'AND' ? [false, true] : [true, false];
        const [a, b] = args as [BoundExpr, BoundExpr];
        if (isConst(a, absorb) || isConst(b, absorb)) return { kind: 'const', value: absorb, type: { ...TRUE.type, nullable: false } };
        if (isConst(a, identity)) return b;
        if (isConst(b, identity)) return a;
      }
      if (!isSpecialFn(e.fn) && isStrictDef(functionDef(e.fn)) && args.some((a) => isConst(a, null))) return { kind: 'const', value: null, type: e.type };
      return n;
    }
  }
}

function evaluate(e: BoundExpr): BoundExpr {
  try {
    const v = generate(e, 'value')([]);
    return { kind: 'const', value: v, type: e.type };
  } catch {
    return e; // cannot happen for well-typed code; leave it to run time rather than fail compilation
  }
}
