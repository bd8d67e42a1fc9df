import { bodyLimitBytes } from '../../src/common/json-body';

describe('bodyLimitBytes', () => {
  it('reads HTTP_BODY_LIMIT as body-parser did (units of 1024)', () => {
    expect(bodyLimitBytes('100kb')).toBe(102_400);
    expect(bodyLimitBytes('1mb')).toBe(1_048_576);
    expect(bodyLimitBytes('1.5MB')).toBe(1_572_864);
    expect(bodyLimitBytes('2048')).toBe(2048);
    expect(bodyLimitBytes('512b')).toBe(512);
  });

  it('refuses what is not a size', () => {
    expect(() => bodyLimitBytes('lots')).toThrow(/HTTP_BODY_LIMIT/);
    expect(() => bodyLimitBytes('-1kb')).toThrow(/HTTP_BODY_LIMIT/);
  });
});
