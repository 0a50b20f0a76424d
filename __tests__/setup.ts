import { Testing } from 'cdktf';

// Registers the cdktf matchers (toHaveResourceWithProperties, toBeValidTerraform, ...).
Testing.setupJest();

// The AWS SDK warns on every client that Node 20 support ends in 2027; the Lambda
// runs Node 24 and the warning only buries test output. The variable is the SDK's
// documented switch (aws/aws-sdk-js-v3#7983).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
