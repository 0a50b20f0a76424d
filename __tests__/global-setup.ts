import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';

/**
 * Runs once in jest's own process, before its test workers exist. The tests'
 * `process.env` is a sandbox copy, so setting the variable there (as setup.ts did) missed
 * what reads the real one: worker threads (the turbine apps of `produce turbines` and
 * `npm run local`) inherit the process's real environment and printed the SDK's Node
 * < 22 notice three times into jest's output. Set here, the test workers inherit it,
 * their sandboxes copy it, and so do the threads and children the tests start.
 */
export default function globalSetup(): void {
  silenceSdkNodeVersionWarning();
}
