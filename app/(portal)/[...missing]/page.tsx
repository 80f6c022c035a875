import { notFound } from "next/navigation";

/**
 * Any address no portal page answers: it still goes through the portal's layout (sign-in, navigation), so the not-found
 * page a person sees is the portal's own rather than a bare one.
 */
export default function MissingPage(): never {
  notFound();
}
