/**
 * The Orderspace sandbox's seller: "Northfield Workwear", a wholesale site selling workwear and safety kit to trade
 * customers. 200 products with their variants (colour and size, or none), categories, two price lists, tax rates,
 * payment terms, stock by SKU and the demo buyer (Acme) as a customer. Generated from a fixed seed, so every start
 * serves the same catalog with the same ids.
 */
import { seededRandom } from "../shared/seeded-random";
import type { WireCustomer, WireInventoryLevel, WirePriceList, WireProduct } from "@/server/suppliers/orderspace/wire";

/** The sandbox's own private-integration credentials. */
export const ORDERSPACE_SANDBOX_CLIENT_ID = "os_portal_demo";
export const ORDERSPACE_SANDBOX_CLIENT_SECRET = "orderspace-sandbox-secret";

export const ACME_CUSTOMER_ID = "cu_AcMe2026";
export const GLOBEX_CUSTOMER_ID = "cu_GlbX7q2m";
export const TRADE_PRICE_LIST_ID = "pl_Tr4deUSD";
export const PAYMENT_TERMS_30_ID = "pt_N30dys7k";
export const STANDARD_TAX_ID = "tr_Std7p25x";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Prefixed random ids, as the docs show them (`or_l5DYqeDn`): 8 mixed-case characters after the prefix. */
export function idMaker(seed: number): (prefix: string) => string {
  const random = seededRandom(seed);
  const used = new Set<string>();
  return (prefix) => {
    for (;;) {
      let tail = "";
      for (let i = 0; i < 8; i++) tail += ALPHABET[Math.floor(random() * ALPHABET.length)];
      const made = `${prefix}_${tail}`;
      if (!used.has(made)) {
        used.add(made);
        return made;
      }
    }
  };
}

interface Family {
  code: string;
  name: string;
  category: string;
  description: string;
  options: string[];
  values: string[][];
  basePrice: number;
}

const FAMILIES: Family[] = [
  {
    code: "HV",
    name: "Hi-Vis Vest",
    category: "High Visibility",
    description: "ANSI Class 2 mesh vest with reflective tape.",
    options: ["Colour", "Size"],
    values: [
      ["Yellow", "Orange"],
      ["M", "L", "XL"],
    ],
    basePrice: 8.5,
  },
  {
    code: "GL",
    name: "Work Gloves",
    category: "Hand Protection",
    description: "Nitrile-coated knit gloves, sold by the pair.",
    options: ["Size"],
    values: [["8", "9", "10"]],
    basePrice: 3.2,
  },
  {
    code: "BT",
    name: "Safety Boot",
    category: "Footwear",
    description: "Composite toe, slip-resistant sole.",
    options: ["Size"],
    values: [["8", "9", "10", "11"]],
    basePrice: 64,
  },
  {
    code: "CV",
    name: "Coverall",
    category: "Workwear",
    description: "Poly-cotton twill coverall with two-way zip.",
    options: ["Colour", "Size"],
    values: [
      ["Navy", "Charcoal"],
      ["M", "L", "XL"],
    ],
    basePrice: 29,
  },
  {
    code: "EP",
    name: "Ear Plugs Box",
    category: "Hearing Protection",
    description: "200 pairs of foam plugs, NRR 32.",
    options: [],
    values: [],
    basePrice: 24,
  },
  {
    code: "SG",
    name: "Safety Glasses",
    category: "Eye Protection",
    description: "Anti-fog polycarbonate lens.",
    options: ["Lens"],
    values: [["Clear", "Smoke"]],
    basePrice: 4.75,
  },
  {
    code: "HH",
    name: "Hard Hat",
    category: "Head Protection",
    description: "Type I hard hat with ratchet suspension.",
    options: ["Colour"],
    values: [["White", "Yellow", "Blue"]],
    basePrice: 14.5,
  },
  {
    code: "RJ",
    name: "Rain Jacket",
    category: "Workwear",
    description: "Waterproof jacket with taped seams.",
    options: ["Size"],
    values: [["M", "L", "XL", "XXL"]],
    basePrice: 42,
  },
  { code: "FA", name: "First Aid Kit", category: "First Aid", description: "Wall-mount kit for 25 people.", options: [], values: [], basePrice: 38 },
  {
    code: "KP",
    name: "Knee Pads",
    category: "Workwear",
    description: "Gel knee pads with straps, sold by the pair.",
    options: [],
    values: [],
    basePrice: 17.9,
  },
];

const GRADES = [
  "Classic",
  "Pro",
  "Max",
  "Lite",
  "Flex",
  "Guard",
  "Shield",
  "Core",
  "Plus",
  "Prime",
  "Edge",
  "Trade",
  "Site",
  "Field",
  "Depot",
  "Yard",
  "Crew",
  "Shift",
  "Rugged",
  "Tough",
];

export interface OrderspaceCatalog {
  categories: { id: string; name: string; parent_id: string | null }[];
  products: WireProduct[];
  inventory: Map<string, WireInventoryLevel>;
}

function combinations(values: string[][]): string[][] {
  return values.reduce<string[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/** 200 products (20 grades of 10 families), newest first like the API lists them. */
export function buildCatalog(): OrderspaceCatalog {
  const newId = idMaker(2026);
  const random = seededRandom(14);
  const categoryIds = new Map<string, string>();
  for (const family of FAMILIES) if (!categoryIds.has(family.category)) categoryIds.set(family.category, newId("ca"));
  const products: WireProduct[] = [];
  const inventory = new Map<string, WireInventoryLevel>();
  GRADES.forEach((grade, g) => {
    for (const family of FAMILIES) {
      const code = `${family.code}${String(g + 1).padStart(2, "0")}`;
      const price = Math.round(family.basePrice * (1 + g * 0.06) * 100) / 100;
      const variants = combinations(family.values).map((combo) => {
        const options = Object.fromEntries(family.options.map((name, i) => [name, combo[i]!]));
        const sku = [
          code,
          ...combo.map((v) =>
            v
              .toUpperCase()
              .replace(/[^A-Z0-9]/g, "")
              .slice(0, 3),
          ),
        ].join("-");
        // The SKUs the demo and the tests order are always well stocked; a tenth of the rest is out of stock.
        const wellKnown = (Object.values(SANDBOX_SKUS) as string[]).includes(sku);
        const drawn = random() < 0.1 ? 0 : Math.floor(random() * 400) + 5;
        const onHand = wellKnown ? 5_000 : drawn;
        inventory.set(sku, { sku, on_hand: onHand, available: onHand });
        // A few variants carry a trade price below the price-list's conversion of the base price.
        const tradeOverride = random() < 0.3 ? Math.round(price * 0.92 * 100) / 100 : null;
        return {
          id: newId("pv"),
          sku,
          barcode: `50${String(Math.floor(random() * 1e11)).padStart(11, "0")}`,
          options,
          unit_price: price,
          price_list_prices: tradeOverride === null ? [] : [{ id: TRADE_PRICE_LIST_ID, unit_price: tradeOverride }],
          rrp: Math.round(price * 1.8 * 100) / 100,
          backorder: false,
          multiple: null,
          weight: 0.4,
          tax_rate_id: null,
        };
      });
      products.push({
        id: newId("pr"),
        code,
        name: `${family.name} ${grade}`,
        description: family.description,
        active: true,
        variant_options: family.options,
        product_variants: variants,
        categories: [{ id: categoryIds.get(family.category)!, name: family.category }],
      });
    }
  });
  return {
    categories: [...categoryIds].map(([name, id]) => ({ id, name, parent_id: null })),
    // Newest first: the last made is listed first.
    products: products.reverse(),
    inventory,
  };
}

/** The well-known SKUs tests and the demo use. */
export const SANDBOX_SKUS = { vestYellowM: "HV01-YEL-M", gloves9: "GL01-9", earPlugs: "EP01", hardHatWhite: "HH01-WHI" } as const;

export const PRICE_LISTS: WirePriceList[] = [
  { id: TRADE_PRICE_LIST_ID, name: "Trade (USD)", currency: "USD", conversion_rate: 100 },
  { id: "pl_Gbp9Ret4", name: "UK Retail (GBP)", currency: "GBP", conversion_rate: 80 },
];

export const PAYMENT_TERMS = [
  { id: PAYMENT_TERMS_30_ID, name: "30 Days", days_due: 30, deposit_percentage: 0, deposit_days_due: null },
  { id: "pt_Pr0F0rm4", name: "Pro Forma", days_due: 0, deposit_percentage: 100, deposit_days_due: 0 },
];

export const TAX_RATES = [
  { id: STANDARD_TAX_ID, name: "Sales tax", rate: 7.25 },
  { id: "tr_Zer0rat3", name: "Exempt", rate: 0 },
];

export const CUSTOMER_GROUPS = [{ id: "cg_Trad3Grp", name: "Trade" }];

export const PREORDER_WINDOWS = [
  { id: "pw_W1nt3r26", name: "Winter 2026", deadline: "2026-09-30", due: "2026-11-15", categories: [] as { id: string; name: string }[] },
];

export function buildCustomers(): WireCustomer[] {
  const address = (company: string, contact: string, line1: string, city: string, state: string, postal: string) => ({
    company_name: company,
    contact_name: contact,
    line1,
    line2: "",
    city,
    state,
    postal_code: postal,
    country: "US",
  });
  return [
    {
      id: ACME_CUSTOMER_ID,
      company_name: "Acme Corporation",
      created_at: "2025-01-06T09:00:00Z",
      status: "active",
      reference: "ACME",
      buyers: [{ name: "Jane Doe", email_address: "buyer@acme.example" }],
      phone: "+1 513 555 0100",
      email_addresses: { orders: "orders@acme.example", dispatches: "receiving@acme.example", invoices: "ap@acme.example" },
      tax_number: "",
      tax_rate_id: STANDARD_TAX_ID,
      addresses: [
        address("Acme Corporation", "Receiving Dock 4", "4400 Plant Road", "Cincinnati", "OH", "45202"),
        address("Acme Corporation", "Front Desk", "1 Acme Plaza", "Columbus", "OH", "43215"),
      ],
      minimum_spend: null,
      payment_terms_id: PAYMENT_TERMS_30_ID,
      customer_group_id: "cg_Trad3Grp",
      price_list_id: TRADE_PRICE_LIST_ID,
    },
    {
      id: GLOBEX_CUSTOMER_ID,
      company_name: "Globex Ltd",
      created_at: "2025-03-02T10:30:00Z",
      status: "active",
      reference: "GLOBEX",
      buyers: [{ name: "Hank Scorpio", email_address: "hank@globex.example" }],
      phone: "",
      email_addresses: { orders: "orders@globex.example", dispatches: "", invoices: "" },
      tax_number: "",
      tax_rate_id: null,
      addresses: [address("Globex Ltd", "", "9 Cypress Creek", "Springfield", "OR", "97477")],
      minimum_spend: 150,
      payment_terms_id: "pt_Pr0F0rm4",
      customer_group_id: null,
      price_list_id: null,
    },
  ];
}
