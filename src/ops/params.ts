// Operator parameter schemas: MXNet's DMLC_DECLARE_PARAMETER blocks as data. Attribute strings
// (Python str() forms such as "128", "(3, 3)", "True", "1e-05", "None") are parsed into JS values.

export type ParamType =
  | 'int'
  | 'float'
  | 'bool'
  | 'string'
  /** tuple of ints: "(3, 3)", "[3,3]", "3", "(3L,)", "()" */
  | 'shape'
  /** tuple of optional ints (slice begin/end): "(None, 2)" */
  | 'optshape';

export interface ParamSpec {
  readonly type: ParamType;
  /** Allowed values for enum-like string params. */
  readonly enum?: readonly string[];
  /** Required params have no default; loading without them fails. */
  readonly required?: boolean;
  /** Default value (already parsed). `null` = Python None. */
  readonly default?: ParamValue;
  /** Accepts "None" (an optional<...> param in MXNet). */
  readonly optional?: boolean;
}

export type ParamValue = number | boolean | string | number[] | (number | null)[] | null;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;
export type ParsedParams = Record<string, ParamValue>;
