"use client";

import { useEffect, useRef, useState } from "react";

// thumb: a list's picture; large: an item page's (kept small on a phone so the price and Add to cart stay in view); fill: its box's.
const SIZES = { thumb: "h-18 w-18", large: "mx-auto aspect-square w-full max-w-40 sm:max-w-none", fill: "h-full w-full" } as const;

/**
 * A product picture in a box of fixed size, so nothing moves when it loads or fails; a missing or broken image shows a
 * plain placeholder in the same box. An image that failed before the page hydrated is caught on mount.
 */
export function ProductImage({
  src,
  alt,
  size = "thumb",
  className,
}: {
  src: string | null | undefined;
  alt: string;
  size?: keyof typeof SIZES;
  className?: string;
}) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const img = ref.current;
    if (img && img.complete && img.naturalWidth === 0 && src) setFailedSrc(src);
  }, [src]);
  const box = `${SIZES[size]} flex-none overflow-hidden rounded bg-slate-100 ${className ?? ""}`;
  if (!src || failedSrc === src) {
    return (
      <div
        className={`${box} flex items-center justify-center text-slate-400`}
        role="img"
        aria-label={alt ? `No picture of ${alt}` : "No picture"}
        data-testid="image-placeholder"
      >
        <svg viewBox="0 0 24 24" className="h-1/2 w-1/2" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <circle cx="9" cy="10" r="1.5" />
          <path d="m21 16-5-5-8 8" />
        </svg>
      </div>
    );
  }
  return (
    <div className={box}>
      <img
        ref={ref}
        src={src}
        alt={alt}
        width={size === "thumb" ? 72 : 480}
        height={size === "thumb" ? 72 : 480}
        className="h-full w-full object-contain"
        loading="lazy"
        onError={() => setFailedSrc(src)}
      />
    </div>
  );
}
