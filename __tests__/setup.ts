import { Testing } from 'cdktf';

// Registers the cdktf matchers (toHaveResourceWithProperties, toBeValidTerraform, ...).
Testing.setupJest();
