export async function register() {
  // The database, the demo seed and the supplier worker live in the Node.js server only.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootPortal } = await import("./server/boot");
  await bootPortal();
}
