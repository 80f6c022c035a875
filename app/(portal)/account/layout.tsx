// These pages keep their data in React Query through useTRPC(), like notifications.
export { TRPCReactProvider as default } from "@/app/_lib/trpc";
