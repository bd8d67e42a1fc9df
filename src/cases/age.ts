/** Whole years between a birth date (YYYY-MM-DD) and an instant, as people count birthdays. */
export function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** The birth date of someone of `age` today, used when only an estimated age is known. */
export function estimatedBirthDate(age: number, at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear() - age, at.getUTCMonth(), at.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

export interface CategoryBounds {
  code: string;
  minAge: number | null;
  maxAge: number | null;
  sex: string | null;
}

/**
 * Why a PMKS category cannot apply to a person, or null when it can. Bounds are [min, max): a child category
 * [5, 18) admits 17 and excludes 18.
 */
export function categoryMismatch(cat: CategoryBounds, age: number, sex: 'F' | 'M'): string | null {
  if (cat.minAge !== null && age < cat.minAge) return `${cat.code} applies from age ${cat.minAge}; the client is ${age}`;
  if (cat.maxAge !== null && age >= cat.maxAge) return `${cat.code} applies below age ${cat.maxAge}; the client is ${age}`;
  if (cat.sex && cat.sex !== sex) return `${cat.code} applies to ${cat.sex === 'F' ? 'women' : 'men'} only`;
  return null;
}
