import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** The earliest year any date in Rujuk may name (birth dates, goals, instants); year 0 is no one's. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2999;

/** True when `text` is a calendar date YYYY-MM-DD that exists (no 2023-02-30) between the earliest and latest year. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return false;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === year && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today's date where it is latest in Indonesia (UTC+9, where the day starts first), as YYYY-MM-DD. */
export function todayInIndonesia(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** Parses an ISO 8601 instant with a time zone (2026-03-01T08:00:00Z, ...+07:00), refusing impossible ones. */
export function parseInstant(text: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!m || !isRealDate(m[1])) return undefined;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const INSTANT_RULE = 'must be an ISO 8601 instant with a time zone, e.g. 2026-03-01T08:00:00+07:00';

/**
 * The `DateTime` scalar, as Nest's but strict: an input must be a real instant (no 2023-02-30T..., no year 0,
 * a time zone given), else the variable or literal is refused as bad input before any resolver runs.
 */
export const StrictDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize(value) {
    return value instanceof Date ? value.toISOString() : null;
  },
  parseValue(value) {
    const d = typeof value === 'string' ? parseInstant(value) : undefined;
    if (!d) throw new GraphQLError(INSTANT_RULE, { extensions: { code: 'BAD_USER_INPUT', rule: INSTANT_RULE } });
    return d;
  },
  parseLiteral(ast) {
    const d = ast.kind === Kind.STRING ? parseInstant(ast.value) : undefined;
    if (!d) throw new GraphQLError(INSTANT_RULE, { extensions: { code: 'BAD_USER_INPUT', rule: INSTANT_RULE } });
    return d;
  },
});

/** class-validator: a real calendar date YYYY-MM-DD (isRealDate). */
export function IsRealDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) => registerDecorator({
    name: 'isRealDate', target: target.constructor, propertyName: String(property),
    options: { message: `must be a real date YYYY-MM-DD from ${EARLIEST_YEAR}`, ...options },
    validator: { validate: (v: unknown) => typeof v === 'string' && isRealDate(v) },
  });
}

/** A birth date: a real date (isRealDate) not after today. */
export const isBirthDate = (v: unknown): boolean => typeof v === 'string' && isRealDate(v) && v <= todayInIndonesia();
export const BIRTH_DATE_RULE = `must be a real date YYYY-MM-DD from ${EARLIEST_YEAR}, not in the future`;

/** class-validator: a birth date (isBirthDate). Used wherever one is accepted. */
export function IsBirthDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) => registerDecorator({
    name: 'isBirthDate', target: target.constructor, propertyName: String(property),
    options: { message: BIRTH_DATE_RULE, ...options },
    validator: { validate: isBirthDate },
  });
}
