/**
 * An API address nothing answers: a plain 404. Without it the portal's catch-all page would take it and answer a program
 * with the sign-in redirect or the not-found page meant for people.
 */
function notFound() {
  return Response.json({ error: "No such API address" }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
