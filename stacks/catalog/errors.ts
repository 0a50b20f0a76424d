/** Invalid props of a catalog construct: the message names the prop and what was expected. */
export class CatalogPropsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogPropsError';
  }
}
