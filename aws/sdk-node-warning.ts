/**
 * The AWS SDK warns at every start under Node < 22 that its 2027 releases will need
 * Node 22 (aws/aws-sdk-js-v3#7983). The Lambda runs Node 24; on developer machines the
 * warning only buries the tools' output. This sets the variable the SDK documents for
 * turning it off; call it before any client exists. An explicit setting wins, and child
 * processes and workers inherit it.
 */
export function silenceSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
