/** A failed harness or verifier expectation; the first line says what was expected and what happened. */
export class SagaExpectationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SagaExpectationError';
  }
}
