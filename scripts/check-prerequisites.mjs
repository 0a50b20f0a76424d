// Runs before `npm test` (the `pretest` script): the test suite needs headless
// Chromium (the report tests) and Terraform (the plan tests). On a fresh machine
// their absence used to show up as opaque failures deep in the run. Here:
// - root on Debian with apt (these machines, CI): install Debian's `chromium`, as `.ci/run` does;
// - anywhere else: stop before any test, naming each missing prerequisite and its install command (exit 3).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const TERRAFORM_MIN = [1, 11];

function chromiumPath() {
  const set = process.env.CHROMIUM_PATH?.trim();
  return set ? set : DEFAULT_CHROMIUM;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);
}

/** Terraform's version, or a reason it is not usable. */
function terraformProblem() {
  // The same lookup as tf:check (scripts/tf-check/terraform-binary.ts): TERRAFORM_BINARY_NAME, a name or a path.
  const name = process.env.TERRAFORM_BINARY_NAME?.trim() || 'terraform';
  const binary = name.includes('/') ? (executable(name) ? name : undefined) : onPath(name);
  if (binary === undefined) return `"${name}" is not an executable${name.includes('/') ? '' : ' on PATH'}`;
  const result = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', timeout: 20_000 });
  const version = /"terraform_version"\s*:\s*"(\d+)\.(\d+)\.(\d+)/.exec(result.stdout ?? '');
  if (result.status !== 0 || version === null) return `${binary} did not report its version (terraform version -json)`;
  const [major, minor] = [Number(version[1]), Number(version[2])];
  if (major < TERRAFORM_MIN[0] || (major === TERRAFORM_MIN[0] && minor < TERRAFORM_MIN[1]))
    return `${binary} is ${version[1]}.${version[2]}.${version[3]}; expected ${TERRAFORM_MIN.join('.')} or later`;
  return undefined;
}

function rootOnDebianWithApt() {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get') !== undefined;
}

/** Installs Debian's chromium; returns the reason when it did not work. */
function installChromium() {
  process.stderr.write("prerequisites: Chromium missing; installing Debian's chromium (apt-get install -y chromium), as .ci/run does\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps = [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ];
  for (const args of steps) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env, timeout: 600_000 });
    if (result.status !== 0)
      return `apt-get ${args.join(' ')} failed: ${(result.stderr ?? '').trim().split('\n').pop() ?? `exit ${result.status}`}`;
  }
  return undefined;
}

const missing = [];
let chromium = chromiumPath();
if (!executable(chromium)) {
  const failed = rootOnDebianWithApt() ? installChromium() : 'skipped: not root on Debian with apt';
  chromium = chromiumPath();
  if (!executable(chromium)) {
    const where = process.env.CHROMIUM_PATH?.trim() ? `CHROMIUM_PATH=${chromium} is not an executable` : `not found at ${chromium}`;
    missing.push(
      `Chromium (headless, for the report tests): ${where}${failed && !failed.startsWith('skipped') ? `; ${failed}` : ''}. ` +
        'Install: sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary',
    );
  }
}
const terraform = terraformProblem();
if (terraform !== undefined) {
  missing.push(
    `Terraform >= ${TERRAFORM_MIN.join('.')} (for the plan and HCL tests): ${terraform}. Install: https://developer.hashicorp.com/terraform/install (apt: add the HashiCorp repository, then sudo apt-get install terraform)`,
  );
}
if (missing.length > 0) {
  process.stderr.write(`prerequisites: missing, so no test was run:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`);
  process.exit(3);
}
