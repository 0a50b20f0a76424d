/** Invalid props of a monitoring construct: the message names the prop and what was expected. */
export class MonitoringPropsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MonitoringPropsError';
  }
}
