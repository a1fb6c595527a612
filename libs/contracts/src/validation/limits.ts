/** Bounds shared by every contract, so the gateway, the participants and the orchestrator agree. */
export const SKU_PATTERN = /^[A-Z0-9-]{1,32}$/;
export const MAX_ITEMS_PER_ORDER = 100;
export const MAX_QUANTITY = 1000;
export const MAX_UNIT_PRICE_CENTS = 100_000_000;
/** The largest order the item limits allow: every item at the maximum quantity and price. */
export const MAX_ORDER_TOTAL_CENTS = MAX_ITEMS_PER_ORDER * MAX_QUANTITY * MAX_UNIT_PRICE_CENTS;
export const MAX_STOCK_UNITS = 1_000_000_000;
export const MAX_ID_LENGTH = 64;
export const MAX_TEXT_LENGTH = 200;
export const MAX_REASON_LENGTH = 1000;
