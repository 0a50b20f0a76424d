/**
 * A file that synth ships (the Lambda bundle, the Glue script) could not be found or
 * built. Not a props error: the props are fine, the checkout or the build is not.
 */
export class AssetError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AssetError';
  }
}
