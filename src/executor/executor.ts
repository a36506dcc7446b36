// mx.executor.Executor (python/mxnet/executor.py over MXNet's GraphExecutor): a graph bound to arrays,
// with every intermediate and gradient buffer planned once at bind. forward / backward run the op
// kernels in order; arg/grad/aux/output arrays and dicts as in Python; reshape() rebinds for new shapes.

import { bindArgs, checkKwargs, isPlainObject, MXNetError, pop, sameShape, shapeStr } from '../base.js';
import type { Backend } from '../backends/backend.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { GradReq, MaybeShape } from '../ops/registry.js';
import { outputName, topoSort, type Entry, type GraphNode } from '../symbol/graph.js';
import { planBackward, type BackwardPlan, type VarGrad } from './backward_plan.js';
import { planForward, type ForwardPlan } from './forward_plan.js';
import { matchFusions } from './fusion_match.js';
import { scheduleForward, type ForwardSchedule } from './fusion_steps.js';
import { checkNumericsFromEnv, NumericsGuard } from './numerics.js';
import { profileFromEnv, StepProfile } from './profile.js';
import { reshapeBinding } from './reshape.js';

/** Everything an Executor is built from; produced by bind / simple_bind / reshape. */
export interface Binding {
  readonly heads: readonly Entry[];
  readonly ctx: Context;
  readonly backend: Backend;
  readonly argNodes: readonly GraphNode[];
  readonly auxNodes: readonly GraphNode[];
  readonly argArrays: NDArray[];
  readonly gradArrays: (NDArray | null)[];
  readonly gradReqs: GradReq[];
  readonly auxArrays: NDArray[];
  /** Arrays the executor allocated (or views it made) and disposes with itself. */
  readonly owned: NDArray[];
}

/**
 * bindArgs for methods whose positional parameters are dicts of arrays: a trailing object whose values
 * are all NDArrays is such a dict (`copy_params_from({fc1_weight: w})`), not the keyword object.
 */
function bindArgsWithDicts(fn: string, names: readonly string[], args: readonly unknown[]) {
  const last = args[args.length - 1];
  const isArrayDict = isPlainObject(last) && Object.keys(last).length > 0 && Object.values(last).every((v) => v instanceof NDArray);
  return bindArgs(fn, names, isArrayDict ? [...args, {}] : args);
}

function namedDict<T>(names: readonly string[], values: readonly T[]): Record<string, T> {
  const d: Record<string, T> = {};
  names.forEach((n, i) => {
    if (n in d) throw new MXNetError(`Duplicate names detected, ${JSON.stringify(names)}`);
    d[n] = values[i]!;
  });
  return d;
}

export class Executor {
  /** @internal */ readonly _binding: Binding;
  private readonly fwd: ForwardPlan;
  private readonly schedule: ForwardSchedule;
  /** The latest forward folded BatchNorms away (predict), so the skipped nodes' outputs are stale. */
  private foldedLast = false;
  private readonly bwd: BackwardPlan;
  private readonly _outputs: NDArray[];
  private readonly argNames: string[];
  private readonly auxNames: string[];
  private dicts: { arg?: Record<string, NDArray>; grad?: Record<string, NDArray | null>;
    aux?: Record<string, NDArray>; out?: Record<string, NDArray> } = {};
  private disposed = false;
  private guard: NumericsGuard | null = null;
  /**
   * mxjs extension, the NaN/Inf guard: after every forward / backward, fail with an MXNetError naming the
   * first operator (node name and op) whose output or input gradient holds a NaN or an Inf. Defaults to
   * the MXJS_CHECK_NUMERICS environment variable. On backends without synchronous read-back (WebGPU),
   * the check completes in `await verify_numerics()`.
   */
  check_numerics = checkNumericsFromEnv();
  /**
   * mxjs extension, the profiler: time every node's forward / backward call; profile_report() gives the
   * per-operator table of the latest step. Defaults to MXJS_PROFILE, which also prints the table of this
   * executor's second (warmed-up) step once, or of its last step at dispose() if it ran fewer.
   */
  profile = profileFromEnv();
  private stepProfile: StepProfile | null = null;
  private profiledSteps = 0;
  private profilePrinted = false;

  /** @internal use bind / simple_bind (or Symbol.bind / simple_bind) */
  constructor(binding: Binding, shapes: Map<GraphNode, MaybeShape[]>) {
    this._binding = binding;
    const b = binding;
    this.argNames = b.argNodes.map((n) => n.name);
    this.auxNames = b.auxNodes.map((n) => n.name);
    const variables = new Map<GraphNode, NDArray>();
    b.argNodes.forEach((n, i) => variables.set(n, b.argArrays[i]!));
    b.auxNodes.forEach((n, i) => variables.set(n, b.auxArrays[i]!));
    const varGrads = new Map<GraphNode, VarGrad>();
    b.argNodes.forEach((n, i) => {
      const req = b.gradReqs[i]!, grad = b.gradArrays[i];
      if (req !== 'null' && grad) varGrads.set(n, { req, grad });
    });
    let fwd: ForwardPlan | undefined;
    try {
      const order = topoSort(b.heads);
      const match = matchFusions(order, b.heads, varGrads.size > 0, b.backend, shapes);
      const shared = new Map([...match.actPairs.values()].map((p) => [p.layer, p.act]));
      fwd = planForward(order, shapes, variables, b.ctx, b.backend, shared);
      this.schedule = scheduleForward(fwd, match, b.ctx);
      fwd.owned.push(...this.schedule.owned);
      this.bwd = planBackward(b.heads, fwd, varGrads, b.ctx, b.backend);
    } catch (e) {
      // A failed bind must not leak what was allocated for it.
      for (const a of [...b.owned, ...(fwd?.owned ?? [])]) a.dispose();
      throw e;
    }
    this.fwd = fwd;
    this._outputs = b.heads.map((e) => this.fwd.values.get(e.node)![e.index]!);
  }

  private live(): void {
    if (this.disposed) throw new MXNetError('this Executor was disposed');
  }

  /** Visible outputs of the bound symbol, in list_outputs() order; overwritten by each forward. */
  get outputs(): NDArray[] { this.live(); return this._outputs; }
  get arg_arrays(): NDArray[] { return this._binding.argArrays; }
  get grad_arrays(): (NDArray | null)[] { return this._binding.gradArrays; }
  get aux_arrays(): NDArray[] { return this._binding.auxArrays; }
  get arg_dict(): Record<string, NDArray> { return (this.dicts.arg ??= namedDict(this.argNames, this.arg_arrays)); }
  get grad_dict(): Record<string, NDArray | null> { return (this.dicts.grad ??= namedDict(this.argNames, this.grad_arrays)); }
  get aux_dict(): Record<string, NDArray> { return (this.dicts.aux ??= namedDict(this.auxNames, this.aux_arrays)); }
  get output_dict(): Record<string, NDArray> {
    return (this.dicts.out ??= namedDict(this._binding.heads.map(outputName), this.outputs));
  }

  /**
   * forward(is_train=false, **kwargs): named arrays are first copied into the arguments
   * (`forward({is_train: true, data: arr})`). Returns the outputs.
   */
  forward(...args: unknown[]): NDArray[] {
    this.live();
    const isTrain = this.forwardArgs(args);
    const steps = isTrain ? this.schedule.train : this.schedule.predict;
    this.foldedLast = !isTrain && this.schedule.skippedInPredict.size > 0;
    if (this.profile) {
      const p = this.beginProfiledStep();
      for (const step of steps) p.time(step.run, false, () => step.call(isTrain), step.op);
    } else {
      for (const step of steps) step.call(isTrain);
    }
    if (this.check_numerics) {
      // Every op output has an array of its own, so counting after the whole pass sees what each op wrote.
      const g = this.numericsGuard();
      g.begin();
      for (const run of this.fwd.runs) {
        if (this.foldedLast && this.schedule.skippedInPredict.has(run)) continue; // not written by this pass
        const names = run.def.outputNames(run.params);
        run.outputs.forEach((o, i) => g.count(o, run, `output '${names[i] ?? i}'`, true));
      }
      g.verifyIfSync();
    }
    return this._outputs;
  }

  /**
   * bindArgs('forward', ['is_train'], args) without its copies: a batch-1 prediction is a few microseconds
   * of kernels, so per-call garbage shows. Copies the named arrays in and returns is_train.
   */
  private forwardArgs(args: readonly unknown[]): boolean {
    const last = args[args.length - 1];
    const kw = args.length > 0 && isPlainObject(last) ? last : null;
    const positional = kw ? args.length - 1 : args.length;
    // Too many positionals, or is_train given twice: bindArgs raises Python's error.
    if (positional > 1 || (positional === 1 && kw && 'is_train' in kw)) bindArgs('forward', ['is_train'], args);
    let isTrain = positional === 1 ? args[0] : undefined;
    if (kw) {
      if ('is_train' in kw) isTrain = kw.is_train;
      for (const name in kw) if (name !== 'is_train') this.copyIntoArg(name, kw[name]);
    }
    return Boolean(isTrain ?? false);
  }

  /** The per-operator time table of the latest profiled step (forward, plus its backward if one ran). */
  profile_report(): string {
    return this.stepProfile?.report() ?? 'mxjs profile: no step recorded yet (set exec.profile = true, then run forward)';
  }

  private beginProfiledStep(): StepProfile {
    // MXJS_PROFILE prints step 2: step 1 includes first-touch costs (memory growth, lazy scratch buffers).
    if (this.profiledSteps === 2 && !this.profilePrinted && profileFromEnv()) this.printProfile();
    this.profiledSteps++;
    this.stepProfile ??= new StepProfile();
    this.stepProfile.begin();
    return this.stepProfile;
  }

  private printProfile(): void {
    this.profilePrinted = true;
    console.log(this.profile_report());
  }

  /** Complete a pending check_numerics verification (needed only on backends without synchronous read-back). */
  async verify_numerics(): Promise<void> {
    await this.guard?.verify();
  }

  private numericsGuard(): NumericsGuard {
    const b = this._binding;
    // One count per op output and per input gradient of a pass.
    this.guard ??= new NumericsGuard(b.backend, b.ctx,
      this.fwd.runs.reduce((s, r) => s + Math.max(r.outputs.length, r.inputs.length), 0));
    return this.guard;
  }

  private copyIntoArg(name: string, value: unknown): void {
    const dst = this.arg_dict[name];
    if (!dst) throw new MXNetError(`forward: unknown argument '${name}' (arguments: ${this.argNames.join(', ')})`);
    if (value instanceof NDArray) {
      if (!sameShape(value.shape, dst.shape)) {
        throw new MXNetError(`Shape not match! Argument ${name}, need: ${shapeStr(dst.shape)}, received: ${shapeStr(value.shape)}`);
      }
      value.copyto(dst);
    } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      dst.set(Array.isArray(value) ? (value.flat(Infinity) as number[]) : (value as unknown as ArrayLike<number>));
    } else {
      throw new MXNetError(`forward: argument '${name}' must be an NDArray or an array of numbers`);
    }
  }

  /**
   * backward(out_grads=null, is_train=true): head gradients are required for outputs that are not
   * loss layers (one NDArray, a list in output order, or a dict by output name).
   */
  backward(...args: unknown[]): void {
    this.live();
    const kw = bindArgsWithDicts('backward', ['out_grads', 'is_train'], args);
    checkKwargs('backward', kw, ['out_grads', 'is_train']);
    const grads = this.headGradList(pop<unknown>(kw, 'out_grads', null));
    const isTrain = Boolean(pop(kw, 'is_train', true));
    const be = this._binding.backend;
    if (this.foldedLast) {
      // Backward reads the intermediates a folded predict forward skipped: compute them as unfused.
      for (const run of this.fwd.runs) {
        if (this.schedule.skippedInPredict.has(run)) run.def.forward(run.fctx.begin(false), run.params, run.inputs, run.outputs);
      }
      this.foldedLast = false;
    }
    for (const h of this.bwd.headGrads) {
      const og = grads[h.head];
      if (!og) {
        throw new MXNetError('Because the last operator is not Loss function, head_gradient is required when calling backward. '
          + `Give out_grads for output '${outputName(this._binding.heads[h.head]!)}'.`);
      }
      if (!sameShape(og.shape, h.target.shape)) {
        throw new MXNetError(`backward: out_grads[${h.head}] has shape ${shapeStr(og.shape)}, the output has ${shapeStr(h.target.shape)}`);
      }
      if (h.accumulate) be.axpby(1, og.ref, 1, h.target.ref, og.size);
      else be.copy(h.target.ref, og.ref, og.size);
    }
    for (const g of this.bwd.zeroed) be.fill(g.ref, g.size, 0);
    const guard = this.check_numerics ? this.numericsGuard() : null;
    guard?.begin();
    const prof = this.profile ? this.stepProfile : null;
    for (const s of this.bwd.steps) {
      const r = s.run;
      if (prof) prof.time(r, true, () => r.def.backward!(r.bctx.begin(isTrain), r.params, s.outGrads, r.inputs, r.outputs, s.inGrads));
      else r.def.backward!(r.bctx.begin(isTrain), r.params, s.outGrads, r.inputs, r.outputs, s.inGrads);
      // Counted right away: gradient scratch arrays may be reused by later steps.
      if (guard) {
        const names = r.def.inputNames(r.params);
        s.inGrads.forEach((g, i) => { if (g) guard.count(g, r, `the gradient of input '${names[i] ?? i}'`, false); });
      }
      for (const [scratch, target] of s.adds) be.axpby(1, scratch.ref, 1, target.ref, scratch.size);
    }
    guard?.verifyIfSync();
  }

  private headGradList(v: unknown): (NDArray | undefined)[] {
    if (v === null) return [];
    if (v instanceof NDArray) return [v];
    if (Array.isArray(v)) return v as NDArray[];
    if (isPlainObject(v)) return this._binding.heads.map((e) => v[outputName(e)] as NDArray | undefined);
    throw new MXNetError('backward: out_grads must be an NDArray, a list of NDArrays or a dict by output name');
  }

  /** copy_params_from(arg_params, aux_params=null, allow_extra_params=false) */
  copy_params_from(...args: unknown[]): void {
    this.live();
    const kw = bindArgsWithDicts('copy_params_from', ['arg_params', 'aux_params', 'allow_extra_params'], args);
    checkKwargs('copy_params_from', kw, ['arg_params', 'aux_params', 'allow_extra_params']);
    const argParams = pop<Record<string, NDArray>>(kw, 'arg_params', {});
    const auxParams = pop<Record<string, NDArray> | null>(kw, 'aux_params', null);
    const allowExtra = pop(kw, 'allow_extra_params', false);
    for (const [name, arr] of Object.entries(argParams)) {
      const dst = this.arg_dict[name];
      if (dst) arr.copyto(dst);
      else if (!allowExtra) throw new MXNetError(`Find name "${name}" that is not in the arguments`);
    }
    for (const [name, arr] of Object.entries(auxParams ?? {})) {
      const dst = this.aux_dict[name];
      if (dst) arr.copyto(dst);
      else if (!allowExtra) throw new MXNetError(`Find name ${name} that is not in the auxiliary states`);
    }
  }

  /**
   * reshape(partial_shaping=false, allow_up_sizing=false, **kwargs): a new executor for new input
   * shapes sharing this one's memory (arrays of unchanged or smaller size are views of the old ones).
   */
  reshape(...args: unknown[]): Executor {
    this.live();
    const kw = bindArgs('reshape', ['partial_shaping', 'allow_up_sizing'], args);
    const partial = Boolean(pop(kw, 'partial_shaping', false));
    const upSizing = Boolean(pop(kw, 'allow_up_sizing', false));
    const { binding, shapes } = reshapeBinding(this._binding, kw as Record<string, number[]>, partial, upSizing);
    const exec = new Executor(binding, shapes);
    exec.check_numerics = this.check_numerics;
    exec.profile = this.profile;
    return exec;
  }

  /** Free every buffer this executor allocated; arrays passed to bind stay alive. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    if (this.profiledSteps > 0 && !this.profilePrinted && profileFromEnv()) this.printProfile();
    this.disposed = true;
    for (const a of [...this.fwd.owned, ...this.bwd.owned, ...this._binding.owned]) a.dispose();
    for (const r of this.fwd.runs) {
      r.fctx.dispose();
      r.bctx.dispose();
    }
    this.guard?.dispose();
  }
}
