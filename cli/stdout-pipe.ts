/**
 * A reader that stops early (`npm run query ... | head`) closes the pipe: writes
 * then fail with EPIPE, which Node raises as an unhandled 'error' event with a
 * stack trace. The output was not wanted any more, so the process ends quietly.
 */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
