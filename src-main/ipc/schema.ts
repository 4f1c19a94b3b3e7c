/**
 * A tiny runtime schema for the contract's request arguments: enough to refuse a
 * malformed call with a clear message before a service sees it, and no more.
 *
 * Messages name the path and what was expected, never the value received: an argument
 * may be a password, and errors travel back to the caller and into logs.
 */

export interface Schema<T> {
  /** Returns undefined when `value` fits, else one sentence naming `path`. */
  readonly check: (value: unknown, path: string) => string | undefined;
  /** Phantom: carries T for inference, never set. */
  readonly _type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function schema<T>(check: (value: unknown, path: string) => string | undefined): Schema<T> {
  return { check };
}

export function string(
  opts: { min?: number; max?: number; pattern?: RegExp; what?: string } = {},
): Schema<string> {
  const { min = 0, max = 4096, pattern, what } = opts;
  return schema((v, path) => {
    if (typeof v !== 'string') return `${path} must be a string`;
    if (v.length < min)
      return min === 1 ? `${path} must not be empty` : `${path} must be at least ${min} characters`;
    if (v.length > max) return `${path} must be at most ${max} characters`;
    if (pattern !== undefined && !pattern.test(v))
      return `${path} must be ${what ?? `of the form ${pattern}`}`;
    return undefined;
  });
}

export function integer(opts: { min?: number; max?: number } = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
  return schema((v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return `${path} must be a whole number`;
    if (v < min || v > max) return `${path} must be from ${min} to ${max}`;
    return undefined;
  });
}

export const boolean: Schema<boolean> = schema((v, path) =>
  typeof v === 'boolean' ? undefined : `${path} must be true or false`,
);

export function literal<const L extends readonly (string | number | boolean)[]>(
  ...values: L
): Schema<L[number]> {
  return schema((v, path) =>
    values.includes(v as L[number])
      ? undefined
      : `${path} must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`,
  );
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return schema((v, path) => (v === null ? undefined : inner.check(v, path)));
}

/** A key that may be absent (undefined is treated as absent: JSON drops it anyway). */
export interface Optional<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): Optional<T> {
  return { optional: true, check: (v, path) => (v === undefined ? undefined : inner.check(v, path)) };
}

export function array<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const { max = 10_000 } = opts;
  return schema((v, path) => {
    if (!Array.isArray(v)) return `${path} must be a list`;
    if (v.length > max) return `${path} must hold at most ${max} items`;
    for (let i = 0; i < v.length; i++) {
      const problem = item.check(v[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  });
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type ObjectOf<S extends Shape> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]>;
} & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> };
type Flat<T> = { [K in keyof T]: T[K] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A plain object with exactly these keys. Unknown keys are refused, so nothing (a
 * `password` field, a prototype trick) rides along unnoticed.
 */
export function object<S extends Shape>(shape: S): Schema<Flat<ObjectOf<S>>> {
  return schema((v, path) => {
    if (!isPlainObject(v)) return `${path} must be an object`;
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(shape, key)) return `${path} has an unknown field "${key.slice(0, 40)}"`;
    }
    for (const [key, field] of Object.entries(shape)) {
      if (v[key] === undefined && !('optional' in field)) return `${path}.${key} is required`;
      const problem = field.check(v[key], `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  });
}

/** A discriminated union: `key` selects which object schema applies. */
export function variant<const K extends string, M extends Record<string, Schema<Record<string, unknown>>>>(
  key: K,
  members: M,
): Schema<{ [T in keyof M]: Infer<M[T]> }[keyof M]> {
  return schema((v, path) => {
    if (!isPlainObject(v)) return `${path} must be an object`;
    const tag = v[key];
    if (typeof tag !== 'string' || !Object.hasOwn(members, tag)) {
      return `${path}.${key} must be one of ${Object.keys(members)
        .map((x) => JSON.stringify(x))
        .join(', ')}`;
    }
    return (members[tag] as Schema<unknown>).check(v, path);
  });
}

/** No argument: undefined, or null (what a JSON transport may send instead). */
export const none: Schema<void> = schema((v, path) =>
  v === undefined || v === null ? undefined : `${path} must be empty: this request takes no argument`,
);

export function validate<T>(s: Schema<T>, value: unknown, path = 'argument'): value is T {
  return s.check(value, path) === undefined;
}
