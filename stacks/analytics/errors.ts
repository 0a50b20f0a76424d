/** Invalid props of the analytics (QuickSight) constructs. */
export class AnalyticsPropsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnalyticsPropsError';
  }
}
