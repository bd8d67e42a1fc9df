/**
 * User text inside a LIKE/ILIKE pattern, matched as text: `%`, `_` and the escape character `\` (PostgreSQL's
 * default ESCAPE) lose their pattern meaning. Every LIKE that takes text from a client goes through this.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
