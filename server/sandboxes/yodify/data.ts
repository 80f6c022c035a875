/**
 * The Yodify sandbox's deterministic store: an industrial MRO seller with a
 * few hundred SKUs across brands (same seed, same catalog on every start),
 * two customer accounts, discount levels with brand and SKU-level discounts,
 * quantity discounts of each documented calculation, sales, out-of-stock and
 * backorderable SKUs, and prices with sub-cent decimals.
 *
 * ACME (account 1001, level 7 "ACME Contract") is the portal's account;
 * GLOBEX (1002) has no discount level, to show per-account pricing.
 */
import type {
  WireAccount,
  WireBrand,
  WireCarrier,
  WireDiscountLevel,
  WireProduct,
  WireQuantityDiscount,
  WireShippingRate,
  WireSku,
} from "@/server/suppliers/yodify/wire";
import { seededRandom } from "../shared/seeded-random";

/** How a seller words the unit: "Sold individually", "Sold by the box of 12", never "Sold by the each". */
function soldBy(uom: string, quantity: number): string {
  if (/^(each|ea)$/i.test(uom) && quantity <= 1) return "Sold individually";
  return `Sold by the ${uom.toLowerCase()}${quantity > 1 ? ` of ${quantity}` : ""}`;
}

export const CREATED = "2025-01-06T08:00:00.000Z";
export const STORE_CURRENCY = "USD";
export const ACME_ACCOUNT_ID = 1001;
export const ACME_ACCOUNT_NUMBER = "ACME";
export const GLOBEX_ACCOUNT_ID = 1002;
export const ACME_LEVEL_ID = 7;

export const BRANDS: WireBrand[] = [
  { id: 101, object: "brand", client_identifier: "", name: "Stanfield Tools", alias: "STF", created_on: CREATED },
  { id: 102, object: "brand", client_identifier: "", name: "Kessler Fasteners", alias: "KSF", created_on: CREATED },
  { id: 103, object: "brand", client_identifier: "", name: "Brightline Electrical", alias: "BLE", created_on: CREATED },
  { id: 104, object: "brand", client_identifier: "", name: "SafeGuard PPE", alias: "SGP", created_on: CREATED },
  { id: 105, object: "brand", client_identifier: "", name: "Northway Janitorial", alias: "NWJ", created_on: CREATED },
  { id: 106, object: "brand", client_identifier: "", name: "Ridgeback Storage", alias: "RBS", created_on: CREATED },
  { id: 107, object: "brand", client_identifier: "", name: "Aquaflow Plumbing", alias: "AQP", created_on: CREATED },
  { id: 108, object: "brand", client_identifier: "", name: "Vector Adhesives", alias: "VAD", created_on: CREATED },
];

interface Line {
  brandId: number;
  name: string;
  /** Variant label:code pairs; each becomes a SKU. */
  variants: string;
  uom: string;
  uomQty: number;
  price: [number, number];
  /** Price decimals beyond cents (fasteners are priced per piece to the tenth of a cent). */
  subCent?: boolean;
}

const LINES: Line[] = [
  {
    brandId: 101,
    name: "Combination Wrench",
    variants: "8 mm:08|10 mm:10|12 mm:12|13 mm:13|14 mm:14|17 mm:17|19 mm:19",
    uom: "EACH",
    uomQty: 1,
    price: [7, 24],
  },
  { brandId: 101, name: "Cordless Drill 18V", variants: "Bare tool:BT|1 battery kit:K1|2 battery kit:K2", uom: "EACH", uomQty: 1, price: [89, 229] },
  { brandId: 101, name: "Screwdriver Set", variants: "6 pc:06|10 pc:10|18 pc insulated:18", uom: "SET", uomQty: 1, price: [18, 74] },
  { brandId: 101, name: "Tape Measure", variants: "16 ft:16|25 ft:25|35 ft:35", uom: "EACH", uomQty: 1, price: [9, 28] },
  { brandId: 101, name: "Utility Knife Blades", variants: "Pack of 10:10|Pack of 50:50|Pack of 100:99", uom: "PACK", uomQty: 1, price: [3, 39] },
  { brandId: 101, name: "Socket Set 3/8 in Drive", variants: "SAE 24 pc:S24|Metric 24 pc:M24|Combo 48 pc:C48", uom: "SET", uomQty: 1, price: [49, 149] },
  {
    brandId: 102,
    name: "Hex Cap Screw Grade 5",
    variants: "1/4-20 x 1:A1|1/4-20 x 2:A2|5/16-18 x 1:B1|5/16-18 x 2:B2|3/8-16 x 1:C1|3/8-16 x 2:C2|1/2-13 x 2:D2",
    uom: "EACH",
    uomQty: 1,
    price: [0.08, 0.65],
    subCent: true,
  },
  { brandId: 102, name: "Nylon Insert Lock Nut", variants: "1/4-20:A|5/16-18:B|3/8-16:C|1/2-13:D", uom: "EACH", uomQty: 1, price: [0.04, 0.31], subCent: true },
  { brandId: 102, name: "Flat Washer Zinc", variants: "1/4:A|5/16:B|3/8:C|1/2:D|5/8:E", uom: "EACH", uomQty: 1, price: [0.02, 0.14], subCent: true },
  { brandId: 102, name: "Drywall Screw Coarse", variants: "#6 x 1-1/4:A|#6 x 1-5/8:B|#8 x 2:C|#8 x 3:D", uom: "BOX", uomQty: 1000, price: [11, 34] },
  {
    brandId: 102,
    name: "Concrete Anchor Wedge",
    variants: "1/4 x 2-1/4:A|3/8 x 3:B|1/2 x 4:C|5/8 x 5:D",
    uom: "EACH",
    uomQty: 1,
    price: [0.29, 2.45],
    subCent: true,
  },
  { brandId: 103, name: "LED Shop Light 4 ft", variants: "4000K:40|5000K:50|Linkable 5000K:5L", uom: "EACH", uomQty: 1, price: [29, 69] },
  { brandId: 103, name: "Extension Cord 12/3", variants: "25 ft:25|50 ft:50|100 ft:99", uom: "EACH", uomQty: 1, price: [34, 119] },
  { brandId: 103, name: "THHN Wire 12 AWG", variants: "Black:BK|White:WH|Green:GN|Red:RD", uom: "ROLL", uomQty: 500, price: [79, 119] },
  { brandId: 103, name: "Wire Connectors", variants: "Yellow:YL|Red:RD|Orange:OR|Blue:BL", uom: "BAG", uomQty: 100, price: [6, 19] },
  {
    brandId: 103,
    name: "GFCI Receptacle 20A",
    variants: "White:WH|Ivory:IV|Tamper-resistant:TR|Weather-resistant:WR",
    uom: "EACH",
    uomQty: 1,
    price: [17, 32],
  },
  { brandId: 104, name: "Nitrile Gloves", variants: "Small:S|Medium:M|Large:L|X-Large:XL|2X-Large:2X", uom: "BOX", uomQty: 100, price: [11, 19] },
  {
    brandId: 104,
    name: "Safety Glasses",
    variants: "Clear:CL|Smoke:SM|Amber:AM|Anti-fog clear:AF|Indoor/outdoor:IO",
    uom: "EACH",
    uomQty: 1,
    price: [2.5, 12],
  },
  { brandId: 104, name: "Hi-Vis Vest Class 2", variants: "M:M|L:L|XL:XL|2XL:2X|3XL:3X", uom: "EACH", uomQty: 1, price: [9, 21] },
  { brandId: 104, name: "Disposable Respirator N95", variants: "Standard:ST|Valved:VL", uom: "BOX", uomQty: 20, price: [24, 44] },
  { brandId: 104, name: "Hard Hat Type I", variants: "White:WH|Yellow:YL|Orange:OR|Blue:BL|Red:RD", uom: "EACH", uomQty: 1, price: [14, 29] },
  { brandId: 104, name: "Ear Plugs Foam", variants: "Uncorded 200 pr:U2|Corded 100 pr:C1", uom: "BOX", uomQty: 1, price: [19, 49] },
  { brandId: 105, name: "Trash Liners 55 gal", variants: "1.5 mil:15|2 mil:20|3 mil contractor:30", uom: "CASE", uomQty: 100, price: [29, 64] },
  { brandId: 105, name: "Paper Towel Roll", variants: "Hardwound white:HW|Hardwound kraft:HK|Center-pull:CP", uom: "CASE", uomQty: 6, price: [34, 58] },
  { brandId: 105, name: "All-Purpose Cleaner", variants: "Quart spray:QT|Gallon:GL|Concentrate gallon:CG", uom: "EACH", uomQty: 1, price: [4.25, 28] },
  { brandId: 105, name: "Microfiber Cloths", variants: "Blue:BL|Green:GN|Yellow:YL|Red:RD", uom: "PACK", uomQty: 12, price: [9, 16] },
  { brandId: 105, name: "Wet Mop Head", variants: "Small:S|Medium:M|Large:L", uom: "EACH", uomQty: 1, price: [6, 14] },
  {
    brandId: 106,
    name: "Steel Shelving Unit",
    variants: "36 x 18 x 72:A|48 x 18 x 72:B|48 x 24 x 72:C|48 x 24 x 84:D",
    uom: "EACH",
    uomQty: 1,
    price: [149, 329],
  },
  {
    brandId: 106,
    name: "Stackable Bin",
    variants: "Small blue:SB|Medium blue:MB|Large blue:LB|Small red:SR|Medium red:MR|Large red:LR",
    uom: "EACH",
    uomQty: 1,
    price: [2.75, 14],
  },
  { brandId: 106, name: "Tool Cabinet Rolling", variants: "5 drawer:05|7 drawer:07|11 drawer:11", uom: "EACH", uomQty: 1, price: [249, 799] },
  { brandId: 106, name: "Drawer Liner", variants: "Red:RD|Black:BK", uom: "ROLL", uomQty: 1, price: [8, 15] },
  { brandId: 107, name: "PVC Pipe Sch 40", variants: "1/2 in:05|3/4 in:07|1 in:10|1-1/4 in:12|1-1/2 in:15|2 in:20", uom: "EACH", uomQty: 1, price: [3.5, 18] },
  { brandId: 107, name: "Ball Valve Brass", variants: "1/2 in:05|3/4 in:07|1 in:10|1-1/4 in:12", uom: "EACH", uomQty: 1, price: [9, 38] },
  {
    brandId: 107,
    name: "PTFE Thread Tape",
    variants: "1/2 in x 260 in:05|3/4 in x 520 in:07|Gas line yellow:GY",
    uom: "EACH",
    uomQty: 1,
    price: [0.895, 4.5],
    subCent: true,
  },
  { brandId: 107, name: "Pipe Wrench", variants: "10 in:10|14 in:14|18 in:18|24 in:24", uom: "EACH", uomQty: 1, price: [19, 69] },
  { brandId: 108, name: "Epoxy Two-Part", variants: "5 minute:05|30 minute:30|Steel-filled:ST", uom: "EACH", uomQty: 1, price: [5.5, 16] },
  { brandId: 108, name: "Construction Adhesive", variants: "10 oz:10|28 oz:28", uom: "EACH", uomQty: 1, price: [3.25, 9.75] },
  { brandId: 108, name: "Duct Tape", variants: "Silver:SV|Black:BK|Clear:CL|Contractor grade:CG", uom: "ROLL", uomQty: 1, price: [5, 15] },
  { brandId: 108, name: "Threadlocker", variants: "Blue medium:BL|Red high:RD|Purple low:PU|Green wicking:GN", uom: "EACH", uomQty: 1, price: [7.5, 21] },
  { brandId: 108, name: "Silicone Sealant", variants: "Clear:CL|White:WH|Black:BK|High-temp red:HT", uom: "EACH", uomQty: 1, price: [4.5, 12] },
];

/** Quantity discounts: one of each documented calculation, one with per-level tiers, one inactive. */
export const QUANTITY_DISCOUNTS: WireQuantityDiscount[] = [
  {
    id: 201,
    object: "QuantityDiscount",
    client_identifier: "",
    name: "Fastener bulk",
    is_active: true,
    combine_with_other_products_using_same_discount: true,
    apply_to_sale_price: false,
    show_percentage_off: true,
    calculation: "CascadePercentDiscount",
    tiers: [
      { id: 1, quantity: 100, percent_discount: 10 },
      { id: 2, quantity: 500, percent_discount: 20 },
      { id: 3, quantity: 1000, percent_discount: 30 },
    ],
    discount_levels: [],
    created_on: CREATED,
  },
  {
    id: 202,
    object: "QuantityDiscount",
    client_identifier: "",
    name: "PPE case pricing",
    is_active: true,
    combine_with_other_products_using_same_discount: false,
    apply_to_sale_price: true,
    show_percentage_off: true,
    calculation: "OverrideDiscountLevelPercentDiscount",
    tiers: [
      { id: 4, quantity: 10, percent_discount: 15 },
      { id: 5, quantity: 50, percent_discount: 25 },
    ],
    discount_levels: [
      {
        id: ACME_LEVEL_ID,
        name: "ACME Contract",
        tiers: [
          { id: 6, quantity: 10, percent_discount: 20 },
          { id: 7, quantity: 50, percent_discount: 30 },
        ],
      },
    ],
    created_on: CREATED,
  },
  {
    id: 203,
    object: "QuantityDiscount",
    client_identifier: "",
    name: "Janitorial volume",
    is_active: true,
    combine_with_other_products_using_same_discount: true,
    apply_to_sale_price: false,
    show_percentage_off: false,
    calculation: "CombinePercentDiscount",
    tiers: [
      { id: 8, quantity: 5, percent_discount: 5 },
      { id: 9, quantity: 20, percent_discount: 10 },
    ],
    discount_levels: [],
    created_on: CREATED,
  },
  {
    id: 204,
    object: "QuantityDiscount",
    client_identifier: "",
    name: "Retired storage promo",
    is_active: false,
    combine_with_other_products_using_same_discount: false,
    apply_to_sale_price: false,
    show_percentage_off: false,
    calculation: "CombinePercentDiscount",
    tiers: [{ id: 10, quantity: 2, percent_discount: 50 }],
    discount_levels: [],
    created_on: CREATED,
  },
];

const QD_FOR_BRAND: Record<number, number> = { 102: 201, 104: 202, 105: 203, 106: 204 };

export const DISCOUNT_LEVELS: WireDiscountLevel[] = [
  {
    id: ACME_LEVEL_ID,
    object: "discountlevel",
    client_identifier: "",
    name: "ACME Contract",
    description: "Contract pricing for ACME Corporation.",
    brand_discounts: [
      { id: 301, object: "branddiscount", brand_id: 101, discount_level_id: ACME_LEVEL_ID, percent_discount: 12.5 },
      { id: 302, object: "branddiscount", brand_id: 102, discount_level_id: ACME_LEVEL_ID, percent_discount: 15 },
      { id: 303, object: "branddiscount", brand_id: 104, discount_level_id: ACME_LEVEL_ID, percent_discount: 10 },
      { id: 304, object: "branddiscount", brand_id: 105, discount_level_id: ACME_LEVEL_ID, percent_discount: 8 },
    ],
    created_on: CREATED,
  },
];

export const CARRIERS: WireCarrier[] = [
  { id: 1, object: "carrier", slug: "FedEx", name: "FedEx" },
  { id: 2, object: "carrier", slug: "UPS", name: "UPS" },
  { id: 3, object: "carrier", slug: "USPS", name: "USPS" },
  { id: 8, object: "carrier", slug: "DHLExpress", name: "DHL Express" },
  { id: 9, object: "carrier", slug: "Purolator", name: "Purolator" },
  { id: 12, object: "carrier", slug: "RLCarriers", name: "R+L Carriers" },
];

export const SHIPPING_RATES: WireShippingRate[] = [
  {
    id: 2,
    object: "shippingrate",
    client_identifier: "",
    name: "Standard",
    shipping_economy: 9.99,
    shipping_economy_additional: 1.5,
    is_free_shipping: false,
    economy_days_from: 3,
    economy_days_to: 6,
    shipping_priority: 24.95,
    shipping_priority_additional: 3.25,
    is_free_shipping_priority: false,
    priority_days_from: 1,
    priority_days_to: 2,
    is_default: true,
    notes: "",
  },
  {
    id: 4,
    object: "shippingrate",
    client_identifier: "",
    name: "Heavy Items",
    shipping_economy: 49.5,
    shipping_economy_additional: 12.125,
    is_free_shipping: false,
    economy_days_from: 5,
    economy_days_to: 9,
    shipping_priority: 129,
    shipping_priority_additional: 35,
    is_free_shipping_priority: false,
    priority_days_from: 2,
    priority_days_to: 3,
    is_default: false,
    notes: "Freight: liftgate delivery available on request.",
  },
  {
    id: 5,
    object: "shippingrate",
    client_identifier: "",
    name: "Small Parcel Free",
    shipping_economy: 0,
    shipping_economy_additional: 0,
    is_free_shipping: true,
    economy_days_from: 4,
    economy_days_to: 7,
    shipping_priority: 14.5,
    shipping_priority_additional: 0.995,
    is_free_shipping_priority: false,
    priority_days_from: 1,
    priority_days_to: 3,
    is_default: false,
    notes: "",
  },
];

export interface SandboxAccountRecord {
  account: WireAccount;
  /** Customer id (Yodify customers are GUIDs) used on orders and quotes. */
  customerId: string;
}

export const ACCOUNTS: SandboxAccountRecord[] = [
  {
    customerId: "5b1f0a3e-7c2d-4e1a-9f60-acme00000001",
    account: {
      client_identifier: "",
      id: ACME_ACCOUNT_ID,
      object: "account",
      discount_level_id: ACME_LEVEL_ID,
      discount_level: null,
      created_on: CREATED,
      name: "ACME Corporation",
      account_number: ACME_ACCOUNT_NUMBER,
      payment_terms: "NET30",
      custom_payment_terms: null,
      customer_type: "Manufacturing",
      industry: "Industrial Equipment",
      city: "Dayton",
      state_code: "OH",
      country_code: "US",
      postal_code: "45402",
      street1: "1200 Commerce Park Dr",
      street2: "Dock 4",
      email: "purchasing@acme.example",
      phone_number: "1-937-555-0100",
      user_accounts: [],
    },
  },
  {
    customerId: "0c9d2e11-3b4f-4a8e-8d21-globex000002",
    account: {
      client_identifier: "",
      id: GLOBEX_ACCOUNT_ID,
      object: "account",
      discount_level_id: null,
      discount_level: null,
      created_on: CREATED,
      name: "Globex Industries",
      account_number: "GLOBEX",
      payment_terms: "CreditCard",
      custom_payment_terms: null,
      customer_type: "Distributor",
      industry: "Logistics",
      city: "Tacoma",
      state_code: "WA",
      country_code: "US",
      postal_code: "98402",
      street1: "77 Port Way",
      street2: null,
      email: "ap@globex.example",
      phone_number: "1-253-555-0177",
      user_accounts: [],
    },
  },
];

export interface SandboxCatalog {
  brands: WireBrand[];
  products: WireProduct[];
  /** In id order; ids ascend in creation order, as SinceId paging assumes. */
  skus: WireSku[];
}

function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Where the sandbox serves a product's picture (GET, no auth): on its own origin, so the portal shows real images. */
export function productImagePath(productId: number): string {
  return `/product-images/${productId}.svg`;
}

const BRAND_COLOURS: Record<number, string> = {
  101: "#b45309",
  102: "#475569",
  103: "#ca8a04",
  104: "#15803d",
  105: "#0e7490",
  106: "#7c2d12",
  107: "#1d4ed8",
  108: "#9d174d",
};

/** A simple generated product picture: the brand's colour, the product's short name and the brand. */
export function productSvg(product: WireProduct): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const colour = BRAND_COLOURS[product.brand_id ?? 0] ?? "#334155";
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480" role="img" aria-label="${esc(product.name)}">
  <rect width="480" height="480" fill="${colour}"/>
  <circle cx="240" cy="200" r="120" fill="#ffffff" opacity="0.16"/>
  <text x="240" y="215" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="34" font-weight="700" fill="#ffffff">${esc(product.short_name ?? product.name)}</text>
  <text x="240" y="380" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="24" fill="#ffffff">${esc(product.brand?.name ?? "")}</text>
  <text x="240" y="440" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="18" fill="#ffffff" opacity="0.8">Yodify sandbox</text>
</svg>
`;
}

/** The seeded catalog (same every start); product images point at the sandbox's own origin. */
export function buildCatalog(origin: string, seed = 20260315): SandboxCatalog {
  const random = seededRandom(seed);
  const brandById = new Map(BRANDS.map((b) => [b.id, b]));
  const qdById = new Map(QUANTITY_DISCOUNTS.map((q) => [q.id, q]));
  const products: WireProduct[] = [];
  const skus: WireSku[] = [];
  let productId = 4200;
  let skuId = 99000;
  for (const line of LINES) {
    const brand = brandById.get(line.brandId)!;
    const qdId = QD_FOR_BRAND[line.brandId] ?? null;
    const product: WireProduct = {
      id: ++productId,
      library_product_id: productId,
      object: "product",
      client_identifier: "",
      name: `${brand.name} ${line.name}`,
      short_name: line.name,
      short_description: `${line.name} from ${brand.name}.`,
      primary_image: `${origin}${productImagePath(productId)}`,
      brand_id: brand.id,
      brand,
      quantity_discount_id: qdId,
      quantity_discount: qdId ? qdById.get(qdId)! : null,
      created_on: CREATED,
      url: `https://store.yodify.example/products/${productId}`,
    };
    products.push(product);
    const variants = line.variants.split("|").map((v) => v.split(":") as [string, string]);
    // Each line appears in several pack sizes so the catalog reaches a few hundred SKUs.
    const packs = line.subCent ? ["", "-B100"] : line.uom === "EACH" ? ["", "-6PK"] : [""];
    for (const [label, code] of variants) {
      for (const pack of packs) {
        const [lo, hi] = line.price;
        const digits = line.subCent ? 3 : 2;
        let list = roundTo(lo + (hi - lo) * random(), digits);
        if (pack === "-6PK") list = roundTo(list * 5.7, 2);
        if (pack === "-B100") list = roundTo(list * 92, 2);
        if (!line.subCent && random() < 0.25) list = roundTo(Math.floor(list) + 0.99, 2);
        const stockRoll = random();
        const inventory = stockRoll < 0.1 ? 0 : stockRoll < 0.15 ? 3 : Math.floor(20 + random() * 2000);
        const onSale = random() < 0.08;
        const identifier = `${brand.alias}-${line.name
          .replace(/[^A-Za-z0-9]+/g, "")
          .slice(0, 6)
          .toUpperCase()}-${code}${pack}`;
        skus.push({
          id: ++skuId,
          object: "sku",
          client_identifier: "",
          store_product_id: product.id,
          library_product_id: product.id,
          product: null,
          brand,
          sku_identifier: identifier,
          manufacturer_part_number: `${brand.alias}${skuId}`,
          short_description: `${line.name}, ${label}${pack === "-6PK" ? ", 6-pack" : pack ? ", box of 100" : ""}`,
          description: `${brand.name} ${line.name.toLowerCase()}, ${label}${pack === "-6PK" ? ", six-pack" : pack ? ", box of 100" : ""}. ${soldBy(line.uom, line.uomQty)}.`,
          list_price: list,
          sale_price: onSale ? roundTo(list * 0.85, 2) : null,
          is_on_sale: onSale,
          sale_start_date: onSale ? "2025-01-01T00:00:00.000Z" : null,
          sale_end_date: onSale ? "2099-12-31T23:59:59.000Z" : null,
          sale_label: onSale ? "Limited Time Only" : null,
          inventory,
          unit_of_measure: pack === "-6PK" ? "PACK" : pack ? "BOX" : line.uom,
          unit_of_measure_quantity: pack === "-6PK" ? 6 : pack ? 100 : line.uomQty,
          inventory_alert: 10,
          is_featured: false,
          always_in_stock: false,
          allow_backorders: inventory === 0 && random() < 0.5,
          lead_time_from: 7,
          lead_time_to: 21,
          shipping_rate_id: line.brandId === 106 ? 4 : 2,
          quantity_discount_id: null,
          quantity_discount: null,
          price_discounts: [],
          request_quote: false,
          created_on: CREATED,
          modified_on: CREATED,
        });
      }
    }
  }
  pinDocumentedCases(skus, qdById);
  return { brands: BRANDS, products, skus };
}

/**
 * A handful of SKUs with known prices, so tests can state the expected
 * account price by hand (see the ids in SANDBOX_SKUS).
 */
function pinDocumentedCases(skus: WireSku[], qdById: Map<number, WireQuantityDiscount>): void {
  const byId = new Map(skus.map((s) => [s.id, s]));
  const set = (id: number, patch: Partial<WireSku>) => Object.assign(byId.get(id)!, patch);
  // Stanfield wrench: 12.345 list, ACME 12.5 % brand discount -> 10.801875 -> 10.80.
  set(SANDBOX_SKUS.wrench, { list_price: 12.345, inventory: 140, is_on_sale: false, sale_price: null, allow_backorders: false });
  // Kessler cap screw at 0.125 each: cascade 15 % level with 10/20/30 % at 100/500/1000.
  set(SANDBOX_SKUS.capScrew, { list_price: 0.125, inventory: 25_000, is_on_sale: false, sale_price: null });
  // SKU-level price discount: 20 % for ACME on this cap screw instead of the 15 % brand discount.
  set(SANDBOX_SKUS.capScrewContract, {
    list_price: 0.5,
    inventory: 8_000,
    price_discounts: [{ id: 401, object: "discount", client_identifier: "", percent_discount: 20, discount_level_id: ACME_LEVEL_ID }],
  });
  // Gloves on sale with apply_to_sale_price (PPE discount, per-level tiers for ACME).
  set(SANDBOX_SKUS.gloves, {
    list_price: 19.999,
    sale_price: 16,
    is_on_sale: true,
    sale_start_date: "2025-01-01T00:00:00.000Z",
    sale_end_date: "2099-12-31T23:59:59.000Z",
    inventory: 900,
  });
  // Out of stock, no backorders.
  set(SANDBOX_SKUS.outOfStock, { inventory: 0, allow_backorders: false, always_in_stock: false });
  // Out of stock, backorderable with a lead time.
  set(SANDBOX_SKUS.backorder, { inventory: 0, allow_backorders: true, lead_time_from: 10, lead_time_to: 14 });
  // Its own (SKU-level) quantity discount, overriding the product's.
  set(SANDBOX_SKUS.ownQuantityDiscount, {
    quantity_discount_id: 201,
    quantity_discount: qdById.get(201)!,
    list_price: 1.005,
    is_on_sale: false,
    sale_price: null,
    inventory: 5000,
  });
}

/** Fixed SKU ids with hand-checked prices (ids follow the seeded order above). */
export const SANDBOX_SKUS = {
  wrench: 99001,
  capScrew: 99036,
  capScrewContract: 99038,
  gloves: 99109,
  outOfStock: 99007,
  backorder: 99048,
  ownQuantityDiscount: 99233,
} as const;
