import { spawn } from 'node:child_process';
import { MAX_OUTPUT_BYTES } from './tf-check-defaults';
import { TerraformCommandError } from './errors';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly maxOutputBytes?: number;
}

/** The commands running now, by process id: each leads its own process group (see runCommand). */
const running = new Set<number>();

/**
 * Kills every running command's whole process group: terraform's provider plugins and the
 * synth's cdktf/node processes are children of the command, and killing only the command left
 * them running (a plan's provider kept going after its terraform was killed). Returns how many
 * groups were signalled.
 */
export function killRunningCommands(signal: NodeJS.Signals = 'SIGKILL'): number {
  let signalled = 0;
  for (const pid of running) {
    try {
      process.kill(-pid, signal);
      signalled += 1;
    } catch {
      // The group has already gone.
    }
  }
  return signalled;
}

/**
 * Runs a command asynchronously (the loopback stub answers in this process while terraform
 * runs, so a synchronous spawn would deadlock), with a timeout that kills it and raises, and
 * bounded output. A non-zero exit is returned, not raised: callers decide what it means.
 * The command leads a process group of its own, so a timeout (or killRunningCommands, when
 * tf:check itself is stopped) kills it with everything it started.
 */
export function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const limit = options.maxOutputBytes ?? MAX_OUTPUT_BYTES;
  const what = `${file} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    const killGroup = (): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let failure: TerraformCommandError | undefined;
    const fail = (error: TerraformCommandError): void => {
      if (failure) return;
      failure = error;
      killGroup();
    };
    const timer = setTimeout(
      () => fail(new TerraformCommandError(`${what} (in ${options.cwd}): no result after ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > limit) fail(new TerraformCommandError(`${what}: more than ${limit} bytes of output`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      // stderr is for diagnostics: keep its first part only.
      if (errBytes <= 1024 * 1024) err.push(chunk);
    });
    child.on('error', (cause) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      reject(new TerraformCommandError(`${what}: could not start (${cause.message})`, { cause }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      // Whatever the command left behind in its group (a provider plugin) goes with it.
      killGroup();
      if (failure) {
        reject(failure);
        return;
      }
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
