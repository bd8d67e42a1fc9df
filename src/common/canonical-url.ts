/**
 * The request target with the percent-encoded unreserved characters of its path decoded (`/%67raphql` is
 * `/graphql`, RFC 3986 6.2.2.2), so that the middleware that decide by path (the CSRF check, the queue
 * dashboard's admin check, the console) see the path Fastify's router routes: the router decodes the path
 * before it matches a route. Nothing else changes, so nothing is decoded twice (`%2567` stays).
 */
export function canonicalUrl(url: string): string {
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  if (!path.includes('%')) return url;
  const decoded = path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape;
  });
  return end < 0 ? decoded : decoded + url.slice(end);
}
