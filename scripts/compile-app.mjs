// Compiles main.ts and everything it imports from this repo into one CommonJS file
// (packages stay external). `cdktf synth` then runs plain Node: no transpiler or
// source-map hooks at synth time, which cost more than the synth itself.
import { buildSync } from 'esbuild';

buildSync({
  entryPoints: ['main.ts'],
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: '.gen/app/main.js',
  logLevel: 'warning',
});
