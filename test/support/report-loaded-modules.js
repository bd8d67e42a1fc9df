// Preloaded (`node -r`) into a process a test starts: on SIGUSR2 it prints one JSON line naming the OpenTelemetry
// modules loaded so far (`{"openTelemetryModules": [...]}`), so a test can tell that a process without a collector
// configured never loads OpenTelemetry.
process.on('SIGUSR2', () => {
  const loaded = Object.keys(require.cache)
    .map((file) => /node_modules\/(@opentelemetry\/[^/]+)\//.exec(file)?.[1])
    .filter(Boolean);
  process.stdout.write(`${JSON.stringify({ openTelemetryModules: [...new Set(loaded)].sort() })}\n`);
});
