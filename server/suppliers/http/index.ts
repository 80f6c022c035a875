export * from "./backoff";
export * from "./logger";
export * from "./paging";
export * from "./rate-limiter";
export * from "./rate-limits";
export * from "./request";
export * from "./token-cache";
