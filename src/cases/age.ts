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

/** Why a PMKS category cannot apply to a person: the bound that fails (`age` or `sex`) and a message. */
export interface CategoryMismatch {
  on: 'age' | 'sex';
  message: string;
}

/**
 * Why a PMKS category cannot apply to a person, or null when it can. Bounds are [min, max): a child category
 * [5, 18) admits 17 and excludes 18. An unknown age or sex (an ad-hoc matching profile) is not checked.
 * `addNeed` checks a client with it, `matchServices` an ad-hoc profile.
 */
export function categoryMismatchOf(cat: CategoryBounds, age: number | null, sex: 'F' | 'M' | null): CategoryMismatch | null {
  if (age !== null && cat.minAge !== null && age < cat.minAge) return { on: 'age', message: `${cat.code} applies from age ${cat.minAge}; the client is ${age}` };
  if (age !== null && cat.maxAge !== null && age >= cat.maxAge) return { on: 'age', message: `${cat.code} applies below age ${cat.maxAge}; the client is ${age}` };
  if (sex !== null && cat.sex && cat.sex !== sex) return { on: 'sex', message: `${cat.code} applies to ${cat.sex === 'F' ? 'women' : 'men'} only` };
  return null;
}

/** categoryMismatchOf's message for a registered client (age and sex known). */
export function categoryMismatch(cat: CategoryBounds, age: number, sex: 'F' | 'M'): string | null {
  return categoryMismatchOf(cat, age, sex)?.message ?? null;
}
