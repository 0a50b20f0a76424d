import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment';
import { glueDatabaseName } from '../config/resource-names';
import type { DatasetDeclaration } from '../datasets/dataset';
import { DatasetPipeline } from './ingest/dataset-pipeline';
import { bundleLambda, type LambdaBundle } from './ingest/lambda-bundle';
import { configureBackend } from './state-backend';
import { PipelineStorage } from './storage/pipeline-storage';

export interface PipelineStackProps {
  readonly env: EnvironmentConfig;
  readonly datasets: readonly DatasetDeclaration[];
  /** @default the processor bundled from `functions/processor/handler.ts` */
  readonly processorBundle?: LambdaBundle;
}

export const PROCESSOR_ENTRY = 'functions/processor/handler.ts';

/** One environment of the pipeline: storage, catalog and, per dataset, ingest + processing. */
export class PipelineStack extends TerraformStack {
  public readonly storage: PipelineStorage;
  public readonly database: GlueCatalogDatabase;
  public readonly pipelines: ReadonlyMap<string, DatasetPipeline>;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { env, datasets } = props;
    if (datasets.length === 0) throw new Error(`PipelineStack ${id}: datasets must not be empty`);
    const names = new Set<string>();
    for (const dataset of datasets) {
      if (names.has(dataset.name)) throw new Error(`PipelineStack ${id}: dataset '${dataset.name}' is declared twice`);
      names.add(dataset.name);
    }

    new AwsProvider(this, 'aws', {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: { Project: 'logtel-pipeline', Environment: env.name, ManagedBy: 'cdktf' } }],
    });
    configureBackend(this, env);

    this.storage = new PipelineStorage(this, 'storage', { env, datasets });
    this.database = new GlueCatalogDatabase(this, 'catalog', {
      name: glueDatabaseName(env),
      description: `Analytics tables of the ${env.name} pipeline: processed tables (Terraform) and raw tables and views (sql/migrations)`,
    });

    const processorBundle = props.processorBundle ?? bundleLambda({ entry: PROCESSOR_ENTRY });
    const pipelines = new Map<string, DatasetPipeline>();
    for (const dataset of datasets) {
      pipelines.set(
        dataset.name,
        new DatasetPipeline(this, dataset.name, { env, dataset, storage: this.storage, databaseName: this.database.name, processorBundle }),
      );
    }
    this.pipelines = pipelines;

    const outputs: Record<string, string> = {
      glue_database: this.database.name,
      raw_bucket: this.storage.raw.name,
      processed_bucket: this.storage.processed.name,
      quarantine_bucket: this.storage.quarantine.name,
      athena_results_bucket: this.storage.athenaResults.name,
      assets_bucket: this.storage.assets.name,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
    for (const [name, pipeline] of pipelines) {
      new TerraformOutput(this, `${name.replace(/-/g, '_')}_stream`, { value: pipeline.stream.name });
    }
  }
}
