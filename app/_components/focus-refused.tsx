"use client";

import { useEffect } from "react";

/**
 * Takes the person to the field a submit was refused for: scrolled into view and focused, so a phone's keyboard
 * opens on it and a screen reader reads its error. Rendered by every Field, so every form does it the same way.
 */
export function FocusWhenRefused({ controlId, error }: { controlId: string; error: string | null }) {
  useEffect(() => {
    if (!error) return;
    const control = document.getElementById(controlId);
    if (!control) return;
    control.scrollIntoView({ block: "center" });
    control.focus({ preventScroll: true });
  }, [controlId, error]);
  return null;
}
