import { Testing } from 'cdktf';
import { silenceSdkNodeVersionWarning } from '../config/sdk-node-warning';

// Registers the cdktf matchers (toHaveResourceWithProperties, toBeValidTerraform, ...).
Testing.setupJest();

silenceSdkNodeVersionWarning();
