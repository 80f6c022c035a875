"use client";

import { useEffect, useState } from "react";

const TEXT_ENTRY =
  'textarea, select, [contenteditable="true"], input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]):not([type="reset"])';

/** Whether focus is in a field that brings up the on-screen keyboard. */
export function useTyping(): boolean {
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    let showBar: ReturnType<typeof setTimeout> | undefined;
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof Element && e.target.matches(TEXT_ENTRY))) return;
      clearTimeout(showBar);
      setTyping(true);
    };
    // The bar comes back a moment after the field loses focus: a tap on a button at the bottom of the screen moves focus
    // on press, and a bar appearing at once would take the release, so the button would never be clicked.
    const onFocusOut = () => {
      clearTimeout(showBar);
      showBar = setTimeout(() => setTyping(false), 400);
    };
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("focusout", onFocusOut);
    return () => {
      clearTimeout(showBar);
      document.removeEventListener("focusin", onFocusIn);
      document.removeEventListener("focusout", onFocusOut);
    };
  }, []);
  return typing;
}
