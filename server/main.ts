/**
 * `npm start` / `npm run dev`: parses flags and environment, starts the console server, and
 * prints exactly one line with the sign-in link.
 */
import { parseFlags, USAGE } from './config/flags';
import { startServer } from './start-server';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseFlags(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const server = await startServer(opts);
  const link = server.signInUrl ?? server.url;
  console.log(`Edgevirt Console ready: ${link}`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`Edgevirt Console failed to start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
