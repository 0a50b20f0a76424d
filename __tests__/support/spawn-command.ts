import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root: the CLIs run from here, as `npm run` runs them. */
export const ROOT = join(__dirname, '..', '..');

/** Jest's own test timeout (jest.config.js): a test that runs a longer command gives both a longer one. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** What a finished command left: its exit code (-1 when a signal ended it) and all it wrote. */
export interface SpawnOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  /** The command's whole environment; default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: the repository root. */
  readonly cwd?: string;
  /** Default: 60 s. */
  readonly timeoutMs?: number;
  /** Written to the command's stdin, which is then closed (without it, the command reads an empty stdin). */
  readonly input?: string;
}

/**
 * Runs a command to its end without blocking this process (loopback servers the command talks
 * to answer from here), and hands back its exit code and output; a non-zero exit is an outcome
 * to assert on, not an error. The command leads a process group of its own: on the timeout the
 * whole group is killed and the promise rejects naming the command, because `tsx` and `synth`
 * start children, and killing only the command left them running with the pipes open.
 */
export function spawnCommand(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<SpawnOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: 'pipe',
      detached: true,
    });
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group has already gone.
      }
    };
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a character split across two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A command that exits without reading its input is judged by its exit code, not by the broken pipe.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
    const timer = setTimeout(() => {
      killGroup();
      reject(
        new Error(`${[command, ...args].join(' ')} did not finish within ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`),
      );
    }, timeoutMs);
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(new Error(`${command}: could not start (${cause.message})`, { cause }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // Whatever the command left behind in its group goes with it.
      killGroup();
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs a TypeScript entry of the repository (`migrate/cli.ts`) the way `npm run` does (tsx), without npm's start-up cost. */
export function spawnTsx(entry: string, args: readonly string[], options: SpawnOptions = {}): Promise<SpawnOutcome> {
  return spawnCommand(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, entry), ...args], options);
}
