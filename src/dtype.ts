// Data types with MXNet's numeric type flags (mshadow TypeFlag), as stored in .params records.

export type DType =
  | 'float32' | 'float64' | 'float16' | 'uint8' | 'int32' | 'int8' | 'int64' | 'bool'
  | 'int16' | 'uint16' | 'uint32' | 'uint64' | 'bfloat16';

export interface DTypeInfo {
  readonly name: DType;
  readonly flag: number;
  readonly bytes: number;
}

const TABLE: readonly DTypeInfo[] = [
  { name: 'float32', flag: 0, bytes: 4 },
  { name: 'float64', flag: 1, bytes: 8 },
  { name: 'float16', flag: 2, bytes: 2 },
  { name: 'uint8', flag: 3, bytes: 1 },
  { name: 'int32', flag: 4, bytes: 4 },
  { name: 'int8', flag: 5, bytes: 1 },
  { name: 'int64', flag: 6, bytes: 8 },
  { name: 'bool', flag: 7, bytes: 1 },
  { name: 'int16', flag: 8, bytes: 2 },
  { name: 'uint16', flag: 9, bytes: 2 },
  { name: 'uint32', flag: 10, bytes: 4 },
  { name: 'uint64', flag: 11, bytes: 8 },
  { name: 'bfloat16', flag: 12, bytes: 2 },
];

export function dtypeInfo(d: DType): DTypeInfo {
  const info = TABLE.find((t) => t.name === d);
  if (!info) throw new Error(`unknown dtype ${d}`);
  return info;
}

export function dtypeFromFlag(flag: number): DTypeInfo | undefined {
  return TABLE.find((t) => t.flag === flag);
}

export function isDType(s: unknown): s is DType {
  return typeof s === 'string' && TABLE.some((t) => t.name === s);
}
