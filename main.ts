import { App } from 'cdktf';
import { GITHUB_REPOSITORY } from './config/ci';
import { parseEnvironments } from './config/environment';
import { ENVIRONMENTS } from './config/environments';
import { DATASETS } from './datasets/registry';
import { composeApp } from './stacks/compose';

// main.ts only composes: validated config in, one stack per environment out.
const app = new App();
composeApp(app, {
  environments: parseEnvironments(ENVIRONMENTS, DATASETS.map((d) => d.name)),
  datasets: DATASETS,
  githubRepository: GITHUB_REPOSITORY,
});
app.synth();
