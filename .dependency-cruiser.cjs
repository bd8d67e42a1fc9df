/**
 * The layering of src/ (npm run lint:deps). Each feature folder has a rank; a file may import only from its own
 * folder and from folders of a lower rank, so no import runs "up" and no two folders depend on each other.
 * docs/architecture.md says what each folder owns.
 */
const LAYERS = [
  'config', // typed configuration
  'common', // errors, request context, connections (Relay), GraphQL setup, the viewer type
  'database', // data source, naming, migrations
  'redis', // Redis connections, pub/sub
  'jobs', // job registry, queues, worker runner
  'outbox', // transactional outbox and its relay
  'audit', // append-only audit trail
  'taxonomy', // PMKS categories, service types, regions
  'identity', // authentication: tokens, guard, login, rate limits, policies
  'directory', // organisations, services, locations, search
  'users', // user management
  'notifications', // templates, deliveries, channels, per-user notifications
  'cases', // clients, cases, needs, assessments, goals, consents
  'matching', // candidate query and ranking
  'referrals', // referral lifecycle
  'follow-ups', // follow-up tasks
  'gaps', // gap analysis and network metrics
  'interop', // HSDS and FHIR
  'health', // health endpoints
  'seed', // demo loader context
  'web-console', // serves the built web console
];

const upward = LAYERS.flatMap((from, i) => {
  const higher = LAYERS.slice(i + 1);
  if (!higher.length) return [];
  return [{
    name: `layer-${from}`,
    severity: 'error',
    comment: `src/${from}/ may import only from folders below it: ${LAYERS.slice(0, i).join(', ') || '(none)'}`,
    from: { path: `^src/${from}/` },
    to: { path: `^src/(${higher.join('|')})/` },
  }];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unknown-folder',
      severity: 'error',
      comment: 'Every folder under src/ has a place in the layers (.dependency-cruiser.cjs).',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${LAYERS.join('|')})/` },
      to: {},
    },
    {
      name: 'no-entry-imports',
      severity: 'error',
      comment: 'Entry points and root modules (src/*.ts) are imported by no feature.',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'src-stands-alone',
      severity: 'error',
      comment: 'Application code imports no test, benchmark or script.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/database/migrations/' },
  },
};
