/**
 * What a step's `onReply` returns when it wants to record something for its compensation
 * (Medusa's StepResponse idea): the new saga data, and the exact input the compensation
 * will receive, e.g. the reservation id to release.
 */
export class StepResponse<D, C> {
  constructor(
    readonly data: D,
    readonly compensationInput: C,
  ) {}
}
