import { DATASETS } from '../datasets/registry';
import { DatasetDeclarationError, validateDatasets } from '../datasets/validate-dataset';

// Run by scripts/synth.mjs before cdktf: cdktf reports any failed app as its own exit 1,
// so a bad declaration is refused here, with the app's one line and exit 3 (refused).
try {
  validateDatasets(DATASETS);
} catch (error) {
  if (!(error instanceof DatasetDeclarationError)) throw error;
  process.stderr.write(`synth: ${error.message}\n`);
  process.exit(error.exitCode);
}
