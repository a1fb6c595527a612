import { defineQuery } from '../../contract-builders';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '../../validation/limits';
import { GetSagaByOrderResult } from '../get-saga-by-order/get-saga-by-order.query';

export class GetSagaByBusinessKeyPayload {
  /** The saga type, e.g. `order-return`: a business key names sagas of one type only. */
  @BoundedString(MAX_ID_LENGTH)
  type: string;

  /** What the saga is about, as its start binding named it (a return id for an order-return saga). */
  @BoundedString(MAX_TEXT_LENGTH)
  businessKey: string;
}

/** The same answer as `GetSagaByOrderQuery`'s. */
export class GetSagaByBusinessKeyResult extends GetSagaByOrderResult {}

export const GetSagaByBusinessKeyQuery = defineQuery({
  service: 'orchestrator',
  name: 'saga-by-business-key',
  payload: GetSagaByBusinessKeyPayload,
  result: GetSagaByBusinessKeyResult,
  description:
    'The newest saga of a type started for a business key (e.g. the order-return saga of a return id); null when none was.',
});
