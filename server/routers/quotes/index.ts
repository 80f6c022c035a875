import { buyerProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { checkoutQuoteInput, declineQuoteInput, quoteIdInput, requestQuoteInput } from "./quotes.schema";
import { checkoutQuote, declineQuote, getQuote, listQuotes, putBackInCart, requestQuote } from "@/server/quotes/quote-requests";

export const quotesRouter = createTRPCRouter({
  request: buyerProcedure.input(requestQuoteInput).mutation(({ ctx, input }) => requestQuote(ctx, input)),
  list: memberProcedure.query(({ ctx }) => listQuotes(ctx)),
  get: memberProcedure.input(quoteIdInput).query(({ ctx, input }) => getQuote(ctx, input)),
  decline: buyerProcedure.input(declineQuoteInput).mutation(({ ctx, input }) => declineQuote(ctx, input)),
  checkout: buyerProcedure.input(checkoutQuoteInput).mutation(({ ctx, input }) => checkoutQuote(ctx, input)),
  putBackInCart: buyerProcedure.input(quoteIdInput).mutation(({ ctx, input }) => putBackInCart(ctx, input)),
});
