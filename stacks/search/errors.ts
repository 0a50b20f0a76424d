/** Invalid props of a search construct: the message names the prop and what was expected. */
export class SearchPropsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchPropsError';
  }
}
