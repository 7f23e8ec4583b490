/** A mistake in how a command was called (bad flag value, refused operation): exit code 2, no stack. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
