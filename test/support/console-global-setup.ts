import globalSetup from './global-setup';
import { ensureConsoleBuilt } from './console-build';

/** The e2e setup (fresh, migrated test database; Postgres and Redis reachable) plus a current web/dist. */
export default async function consoleGlobalSetup(): Promise<void> {
  ensureConsoleBuilt();
  await globalSetup();
}
