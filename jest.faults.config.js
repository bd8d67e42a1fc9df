/**
 * The fault suite (`npm run test:faults`): its own PostgreSQL cluster and Redis, the API and worker as processes,
 * faults injected while referrals fall due. Kept out of `npm test` (it runs for minutes); see docs/operations.md.
 */
const base = require('./jest.config.js');
const unit = base.projects[0];

module.exports = {
  testTimeout: 300000,
  projects: [{ ...unit, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] }],
};
