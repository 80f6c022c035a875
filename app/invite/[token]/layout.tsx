// These pages keep their data in React Query through useTRPC(); the pages a phone opens first do without it (app/_lib/portal-api.ts).
export { TRPCReactProvider as default } from "@/app/_lib/trpc";
