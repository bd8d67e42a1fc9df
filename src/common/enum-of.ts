/** A GraphQL-registrable enum object from a list of string values: ['A', 'B'] -> { A: 'A', B: 'B' }. */
export const enumOf = <T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
