import { portalScim } from "@/server/scim/portal";

/** SCIM 2.0 for the company's identity provider (README "SCIM provisioning"); server/scim/api.ts does the work. */
type Params = { params: Promise<{ path: string[] }> };

const handle = async (request: Request, { params }: Params) => portalScim(request, (await params).path);

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;

export const dynamic = "force-dynamic";
