import { checkoutQuote, declineQuote, getQuote, listQuotes, putBackInCart, requestQuote } from "@/server/quotes/quote-requests";
import type { Handled, MemberContext } from "@/server/trpc/init";
import type { checkoutQuoteInput, declineQuoteInput, quoteIdInput, requestQuoteInput } from "./quotes.schema";

export const requestQuoteHandler = ({ ctx, input }: Handled<typeof requestQuoteInput>) => requestQuote(ctx, input);
export const listQuotesHandler = ({ ctx }: { ctx: MemberContext }) => listQuotes(ctx);
export const getQuoteHandler = ({ ctx, input }: Handled<typeof quoteIdInput>) => getQuote(ctx, input);
export const declineQuoteHandler = ({ ctx, input }: Handled<typeof declineQuoteInput>) => declineQuote(ctx, input);
export const checkoutQuoteHandler = ({ ctx, input }: Handled<typeof checkoutQuoteInput>) => checkoutQuote(ctx, input);
export const putBackInCartHandler = ({ ctx, input }: Handled<typeof quoteIdInput>) => putBackInCart(ctx, input);
