"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ProcedureError } from "./portal-api";

type State<TArgs, TResult> =
  | { status: "idle"; data?: undefined; error?: undefined; variables?: undefined }
  | { status: "pending"; data?: undefined; error?: undefined; variables: TArgs }
  | { status: "success"; data: TResult; error?: undefined; variables: TArgs }
  | { status: "error"; data?: undefined; error: ProcedureError; variables: TArgs };

/**
 * A `portalApi` call's pending, result and error state for a button or form, in the shape `useMutation` gives the rest of
 * the portal (isPending, error.message, error.data.field), without React Query in the page's first load.
 */
export function useProcedure<TInput, TResult>(
  call: (input: TInput) => Promise<TResult>,
  handlers: { onSuccess?: (result: TResult, input: TInput) => void; onError?: (error: ProcedureError, input: TInput) => void } = {},
) {
  const [state, setState] = useState<State<TInput, TResult>>({ status: "idle" });
  // The latest handlers, so a render between the call and its answer does not leave a stale one to run.
  const latest = useRef({ call, handlers });
  useEffect(() => {
    latest.current = { call, handlers };
  });
  const mutate = useCallback(async (input: TInput) => {
    setState({ status: "pending", variables: input });
    try {
      const data = await latest.current.call(input);
      setState({ status: "success", data, variables: input });
      latest.current.handlers.onSuccess?.(data, input);
      return data;
    } catch (cause) {
      const error = cause instanceof ProcedureError ? cause : new ProcedureError(cause instanceof Error ? cause.message : String(cause), undefined);
      setState({ status: "error", error, variables: input });
      latest.current.handlers.onError?.(error, input);
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { ...state, mutate, reset, isPending: state.status === "pending", isSuccess: state.status === "success" };
}
