/**
 * A stand-in API for the process supervisor's test (test/e2e/api-processes.e2e-spec.ts): superviseApiProcesses
 * as main.ts calls it, each process an HTTP server answering its pid. FAIL_START=1 makes the first process (the
 * one that would migrate) stop before it listens.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { superviseApiProcesses } from '../../src/api-processes';

if (cluster.isPrimary) {
  superviseApiProcesses(Number(process.env.API_PROCESSES));
} else if (process.env.FAIL_START === '1' && process.env.RUN_MIGRATIONS !== 'false') {
  process.exit(3);
} else {
  const server = createServer((_req, res) => res.end(`${process.pid} ${process.env.RUN_MIGRATIONS ?? 'migrates'}`));
  server.keepAliveTimeout = 1;
  server.listen(Number(process.env.PORT));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
