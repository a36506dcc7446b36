// A tiny ONNX protobuf writer for the benchmarks: just enough of onnx.proto (ModelProto, GraphProto,
// NodeProto, AttributeProto, TensorProto, ValueInfoProto) to build Gemm/Relu/Conv/MaxPool/Flatten/Softmax
// graphs with float32 initializers, so onnxruntime-web runs the same networks as mxjs.

/** Protocol-buffer wire encoding: varints, length-delimited fields, fixed32 floats. */
class Writer {
  private parts: number[] = [];

  varint(v: number): this {
    // ONNX's int64 fields only carry small non-negative values here (dims, attributes, versions).
    let x = v;
    while (x >= 0x80) {
      this.parts.push((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    this.parts.push(x);
    return this;
  }

  tag(field: number, wire: number): this { return this.varint(field * 8 + wire); }
  int(field: number, v: number): this { return this.tag(field, 0).varint(v); }
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }
  str(field: number, s: string): this { return this.bytes(field, new TextEncoder().encode(s)); }
  msg(field: number, w: Writer): this { return this.bytes(field, w.finish()); }
  float(field: number, v: number): this {
    this.tag(field, 5);
    for (const x of new Uint8Array(new Float32Array([v]).buffer)) this.parts.push(x);
    return this;
  }
  finish(): Uint8Array { return Uint8Array.from(this.parts); }
}

export type AttrValue = number | number[] | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  input: { name: string; dims: number[] };
  output: { name: string; dims: number[] };
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_INTS = 7; // AttributeProto.AttributeType

function attribute(name: string, v: AttrValue): Writer {
  const w = new Writer().str(1, name);
  if (Array.isArray(v)) {
    for (const x of v) w.int(8, x);
    return w.int(20, ATTR_INTS);
  }
  if (typeof v === 'number') return w.int(3, v).int(20, ATTR_INT);
  return w.float(2, v.float).int(20, ATTR_FLOAT);
}

function node(n: OnnxNode, i: number): Writer {
  const w = new Writer();
  for (const x of n.inputs) w.str(1, x);
  for (const x of n.outputs) w.str(2, x);
  w.str(3, `${n.op.toLowerCase()}${i}`).str(4, n.op);
  for (const [k, v] of Object.entries(n.attrs ?? {})) w.msg(5, attribute(k, v));
  return w;
}

function tensor(t: OnnxTensor): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  // raw_data is little-endian float32, which is what a Float32Array holds on every platform Node runs on.
  return w.int(2, FLOAT).str(8, t.name).bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function valueInfo(name: string, dims: number[]): Writer {
  const shape = new Writer();
  for (const d of dims) shape.msg(1, new Writer().int(1, d));
  const tensorType = new Writer().int(1, FLOAT).msg(2, shape);
  return new Writer().str(1, name).msg(2, new Writer().msg(1, tensorType));
}

/** Serialise a graph as an ONNX model (IR version 8, default-domain opset 13). */
export function encodeModel(g: OnnxGraph): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, i) => graph.msg(1, node(n, i)));
  graph.str(2, 'mxjs_bench');
  for (const t of g.initializers) graph.msg(5, tensor(t));
  graph.msg(11, valueInfo(g.input.name, g.input.dims));
  graph.msg(12, valueInfo(g.output.name, g.output.dims));
  return new Writer().int(1, 8).str(2, 'mxjs-bench').msg(7, graph).msg(8, new Writer().str(1, '').int(2, 13)).finish();
}
