import { join } from 'node:path';

/** Where tf:check writes; other engineers' tests read `plans/` through __tests__/terraform/plans.ts. */
export const TF_CHECK_DIR = '.tf-check';
export const PLANS_DIR = join(TF_CHECK_DIR, 'plans');
/** Plans of the second synth (determinism). */
export const REPEAT_PLANS_DIR = join(TF_CHECK_DIR, 'plans-repeat');
/** Scratch copies of the stacks: the only place the shim and the override files are written. */
export const WORK_DIR = join(TF_CHECK_DIR, 'work');
/** The second synth's output folder. */
export const REPEAT_SYNTH_DIR = join(TF_CHECK_DIR, 'synth-repeat');
/** What tf:check did, per stack (shim applications, stubs, plan counts), for tests and the PR comment. */
export const SUMMARY_JSON = join(TF_CHECK_DIR, 'summary.json');
export const SUMMARY_MARKDOWN = join(TF_CHECK_DIR, 'summary.md');
/** Held while a tf:check runs (pid inside): a second run in the same checkout refuses. */
export const RUN_LOCK = join(TF_CHECK_DIR, 'run.lock');
/** An unreadable run lock younger than this is another run between creating and writing it. */
export const UNREADABLE_LOCK_GRACE_MS = 10_000;
/** The CLI config tf:check writes for the mirror it found. */
export const CLI_CONFIG = join(TF_CHECK_DIR, 'terraform.tfrc');
/** Without a mirror: where the registry download is cached, so it happens once per run. */
export const PLUGIN_CACHE_DIR = join(TF_CHECK_DIR, 'plugin-cache');

export const SYNTH_DIR = 'cdktf.out';
export const HCL_DIR = join(SYNTH_DIR, 'hcl');

/** The override file written into each scratch copy (Terraform merges `*_override.tf.json` last). */
export const OVERRIDE_FILE = 'tf_check_override.tf.json';

/** Oldest Terraform the project supports: the prod backend's `use_lockfile` needs 1.11. */
export const MIN_TERRAFORM_VERSION = '1.11.0';

/** Stacks planned at once: 2 cores shared, each plan runs one provider process. */
export const DEFAULT_CONCURRENCY = 2;

/** Per-command timeouts (ms): every terraform call is bounded. */
export const TIMEOUTS = {
  version: 30_000,
  fmt: 60_000,
  init: 180_000,
  validate: 180_000,
  plan: 600_000,
  show: 180_000,
  synth: 300_000,
} as const;

/** Largest stdout kept from one terraform command (a plan's JSON is ~0.5 MB today). */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Depth-bounded provider search: how deep below each prefix, and how many directories at most. */
export const MIRROR_SEARCH = { maxDepth: 3, maxDirectories: 20_000 } as const;

/** The provider every stack uses. */
export const AWS_PROVIDER = { hostname: 'registry.terraform.io', namespace: 'hashicorp', type: 'aws' } as const;
