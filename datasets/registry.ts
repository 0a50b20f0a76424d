import { accessLogs } from './access-logs';
import type { DatasetDeclaration } from './dataset';
import { turbineTelemetry } from './turbine-telemetry';

/** Every dataset the pipeline serves. Adding one: a declaration file, a line here, a SQL migration. */
export const DATASETS: readonly DatasetDeclaration[] = [accessLogs, turbineTelemetry];

export function findDataset(name: string, datasets: readonly DatasetDeclaration[] = DATASETS): DatasetDeclaration {
  const found = datasets.find((d) => d.name === name);
  if (!found) {
    throw new Error(`Unknown dataset '${name}'; expected one of: ${datasets.map((d) => d.name).join(', ')}`);
  }
  return found;
}
