/** Invalid props of a query construct: the message names the prop and what was expected. */
export class QueryPropsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueryPropsError';
  }
}
