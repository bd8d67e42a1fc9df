import { canonicalUrl } from '../../src/common/canonical-url';

describe('canonicalUrl', () => {
  it('decodes the unreserved characters of the path only', () => {
    expect(canonicalUrl('/%67raphql')).toBe('/graphql');
    expect(canonicalUrl('/%61dmin/queues/api/queues?x=%61')).toBe('/admin/queues/api/queues?x=%61');
    expect(canonicalUrl('/graphql?query=%7B')).toBe('/graphql?query=%7B');
  });

  it('leaves reserved and other characters, and never decodes twice', () => {
    expect(canonicalUrl('/admin%2Fqueues')).toBe('/admin%2Fqueues');
    expect(canonicalUrl('/%2567raphql')).toBe('/%2567raphql');
    expect(canonicalUrl('/a%20b')).toBe('/a%20b');
    expect(canonicalUrl('/%zz')).toBe('/%zz');
  });
});
