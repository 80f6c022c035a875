/** As many calls as one batched request may carry: the page's link sends no more, the server refuses a longer batch. */
export const MAX_BATCH_SIZE = 20;
