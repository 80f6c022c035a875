import { buyerProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc/init";
import { checkoutQuoteHandler, declineQuoteHandler, getQuoteHandler, listQuotesHandler, putBackInCartHandler, requestQuoteHandler } from "./quotes.handler";
import { checkoutQuoteInput, declineQuoteInput, quoteIdInput, requestQuoteInput } from "./quotes.schema";

export const quotesRouter = createTRPCRouter({
  request: buyerProcedure.input(requestQuoteInput).mutation(requestQuoteHandler),
  list: memberProcedure.query(listQuotesHandler),
  get: memberProcedure.input(quoteIdInput).query(getQuoteHandler),
  decline: buyerProcedure.input(declineQuoteInput).mutation(declineQuoteHandler),
  checkout: buyerProcedure.input(checkoutQuoteInput).mutation(checkoutQuoteHandler),
  putBackInCart: buyerProcedure.input(quoteIdInput).mutation(putBackInCartHandler),
});
