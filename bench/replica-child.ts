/**
 * One console replica in its own process, for bench/replicas.ts (its memory is then its own):
 * the backend only, token sign-in, the session secret and kubeconfig from the environment.
 * Prints `{"url": …}` once listening; stops on SIGTERM.
 */
import { startServer } from '../server/start-server';

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  next: false,
  lab: false,
  auth: 'token',
  kubeconfig: process.env.KUBECONFIG,
  sessionSecret: process.env.EDGEVIRT_SESSION_SECRET,
  limits: { maxConsolesPerUser: 500 },
});
console.log(JSON.stringify({ url: server.url }));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
