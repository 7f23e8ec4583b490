/**
 * Product pictures without image files: a small SVG per category (its own colour and glyph), tinted
 * per product so neighbouring cards differ. Decorative: the product name is always next to it.
 */
interface Art {
  hue: number;
  glyph: string;
}

const ART: Record<string, Art> = {
  Electronics: {
    hue: 215,
    glyph: 'M38 24h44a4 4 0 0 1 4 4v28a4 4 0 0 1-4 4H38a4 4 0 0 1-4-4V28a4 4 0 0 1 4-4Zm14 36h16l3 8H49Z',
  },
  'Home & Kitchen': {
    hue: 25,
    glyph:
      'M36 30h40v26a12 12 0 0 1-12 12H48a12 12 0 0 1-12-12Zm40 6h6a8 8 0 0 1 0 16h-6v-5h6a3 3 0 0 0 0-6h-6Z',
  },
  'Sports & Outdoors': {
    hue: 140,
    glyph:
      'M60 20a25 25 0 1 1 0 50 25 25 0 0 1 0-50Zm0 6a19 19 0 0 0-17 10l17 9 17-9a19 19 0 0 0-17-10Zm-19 15a19 19 0 0 0 14 23V50Zm24 23a19 19 0 0 0 14-23l-14 9Z',
  },
  Fashion: { hue: 330, glyph: 'M48 22l-18 10 6 12 6-3v27h36V41l6 3 6-12-18-10a12 12 0 0 1-24 0Z' },
  Beauty: { hue: 290, glyph: 'M60 18c10 14 18 24 18 34a18 18 0 0 1-36 0c0-10 8-20 18-34Z' },
  Books: {
    hue: 45,
    glyph: 'M26 26c12-4 24-2 32 4v40c-8-6-20-8-32-4Zm68 0c-12-4-24-2-32 4v40c8-6 20-8 32-4Z',
  },
  'Toys & Games': {
    hue: 5,
    glyph:
      'M40 24h40a6 6 0 0 1 6 6v30a6 6 0 0 1-6 6H40a6 6 0 0 1-6-6V30a6 6 0 0 1 6-6Zm8 8a5 5 0 1 0 0 .1Zm24 0a5 5 0 1 0 0 .1ZM60 40a5 5 0 1 0 0 .1ZM48 52a5 5 0 1 0 0 .1Zm24 0a5 5 0 1 0 0 .1Z',
  },
  Garden: { hue: 100, glyph: 'M32 66C32 38 52 22 88 22c0 36-16 52-44 52l-6 6-4-4 6-6Zm8-4 30-30-2-2-30 30Z' },
};
const FALLBACK: Art = { hue: 200, glyph: 'M60 25a20 20 0 1 1 0 40 20 20 0 0 1 0-40Z' };

/** A stable small number from a string, to vary the tint per product. */
function shade(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return (h % 21) - 10;
}

export function ProductArt({
  category,
  sku,
  class: className,
}: {
  category: string;
  sku?: string;
  class?: string;
}) {
  const art = ART[category] ?? FALLBACK;
  const hue = art.hue + (sku ? shade(sku) : 0);
  return (
    <svg
      class={className ? `art ${className}` : 'art'}
      viewBox="0 0 120 90"
      aria-hidden="true"
      focusable="false"
      width="120"
      height="90"
    >
      <rect width="120" height="90" rx="8" fill={`hsl(${hue} 70% 93%)`} />
      <circle cx="98" cy="22" r="14" fill={`hsl(${hue} 70% 86%)`} />
      <path d={art.glyph} fill={`hsl(${hue} 55% 38%)`} fill-rule="evenodd" />
    </svg>
  );
}
