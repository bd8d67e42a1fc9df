import type { Type } from '@nestjs/common';
import * as classValidator from 'class-validator';

/**
 * Validation of hot read inputs (search, matching) by a small pure function instead of class-transformer
 * instances and class-validator's metadata walk: the GraphQL schema has already checked every type (strings,
 * integers, enums, lists, required fields), so what is left are ranges and sizes. Each rule here uses
 * class-validator's own check and gives its message, so a refusal names the same field and rule as the
 * decorators on the class would (test/unit/pure-validation.spec.ts holds the two side by side); the
 * decorators stay on the class, where the schema and other readers find them.
 */
export interface Problem {
  field: string;
  rule: string;
}

export type PureCheck<T> = (value: T) => Problem | undefined;

// Taken once: class-validator's CommonJS re-exports are getters, two deep, read on every call otherwise.
const { arrayMaxSize, isLatitude, isLongitude, isUUID, max, maxLength, min } = classValidator;

const registry = new Map<Type<unknown>, PureCheck<unknown>>();

/** Validates arguments of `type` with `check` (validation.ts consults this before class-validator). */
export function validateWith<T>(type: Type<T>, check: PureCheck<T>): void {
  registry.set(type as Type<unknown>, check as PureCheck<unknown>);
}

export function pureCheckOf(type: unknown): PureCheck<unknown> | undefined {
  return registry.get(type as Type<unknown>);
}

const at = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** The rules, each checking an optional value (undefined and null pass, as @IsOptional lets them). */
export const rule = {
  min(path: string, name: string, v: number | null | undefined, bound: number): Problem | undefined {
    return v == null || min(v, bound) ? undefined : { field: at(path, name), rule: `${name} must not be less than ${bound}` };
  },
  max(path: string, name: string, v: number | null | undefined, bound: number): Problem | undefined {
    return v == null || max(v, bound) ? undefined : { field: at(path, name), rule: `${name} must not be greater than ${bound}` };
  },
  range(path: string, name: string, v: number | null | undefined, low: number, high: number): Problem | undefined {
    return rule.min(path, name, v, low) ?? rule.max(path, name, v, high);
  },
  maxLength(path: string, name: string, v: string | null | undefined, bound: number): Problem | undefined {
    return v == null || maxLength(v, bound) ? undefined : { field: at(path, name), rule: `${name} must be shorter than or equal to ${bound} characters` };
  },
  arrayMaxSize(path: string, name: string, v: unknown[] | null | undefined, bound: number): Problem | undefined {
    return v == null || arrayMaxSize(v, bound) ? undefined : { field: at(path, name), rule: `${name} must contain no more than ${bound} elements` };
  },
  uuid(path: string, name: string, v: string | null | undefined): Problem | undefined {
    return v == null || isUUID(v) ? undefined : { field: at(path, name), rule: `${name} must be a UUID` };
  },
  latitude(path: string, name: string, v: number | null | undefined): Problem | undefined {
    return v == null || isLatitude(v as unknown as string) ? undefined : { field: at(path, name), rule: 'must be a latitude between -90 and 90' };
  },
  longitude(path: string, name: string, v: number | null | undefined): Problem | undefined {
    return v == null || isLongitude(v as unknown as string) ? undefined : { field: at(path, name), rule: 'must be a longitude between -180 and 180' };
  },
};

/** The first problem of several checks, in order (class-validator's order: the properties as declared). */
export function firstOf(...checks: (() => Problem | undefined)[]): Problem | undefined {
  for (const check of checks) {
    const p = check();
    if (p) return p;
  }
  return undefined;
}
