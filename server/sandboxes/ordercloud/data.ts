/**
 * The OrderCloud sandbox's seller: "Meridian Office & Industrial", a marketplace on OrderCloud selling office,
 * breakroom, technology, lab and maintenance supplies to two buyer organisations: Acme (the demo company) and Globex
 * (so a test can show that one buyer never sees the other's orders). 63 products in 7 categories, priced in USD by
 * price schedules (several with 2–3 price breaks), a couple out of stock; Acme's ship-to addresses, its cost centers
 * (the portal demo's codes, server/demo/seed.ts), its spending accounts (this year's and last year's), its buyer user, its approver and the
 * "Acme Managers" approving group, and the rule "order.Total > 500". Fixed data: the same IDs on every start.
 */
import type {
  WireAddress,
  WireApprovalRule,
  WireCategory,
  WireCostCenter,
  WirePriceSchedule,
  WireProduct,
  WireSpendingAccount,
  WireUserGroup,
} from "@/server/suppliers/ordercloud/wire";

/** The sandbox's API client: a public client for the password grant (no secret), a secret for client credentials. */
export const ORDERCLOUD_SANDBOX_CLIENT_ID = "8A3F2C61-4D7B-4E0A-B1C9-5E2D7F9A0C11";
export const ORDERCLOUD_SANDBOX_CLIENT_SECRET = "ordercloud-sandbox-secret";

export const ACME_BUYER_ID = "acme";
export const GLOBEX_BUYER_ID = "globex";
export const ACME_MANAGERS_GROUP_ID = "acme-managers";
export const ACME_APPROVAL_RULE_ID = "orders-over-500";
/** The documented rule the demo's orders meet: above 500 (USD) an Acme manager approves at OrderCloud. */
export const ACME_APPROVAL_THRESHOLD = 500;
export const ORDERCLOUD_CURRENCY = "USD";

export interface SandboxUser {
  ID: string;
  Username: string;
  Password: string;
  FirstName: string;
  LastName: string;
  Email: string;
  BuyerID: string;
  /** The ApiRoles (and custom roles) of the user's security profile. */
  Roles: string[];
}

const SHOPPER_ROLES = ["Shopper", "MeAdmin", "MeAddressAdmin", "MeXpAdmin"];

/** The buyer user the portal signs in as (the connection's password grant). */
export const ACME_BUYER_USER: SandboxUser = {
  ID: "acme-buyer",
  Username: "acme-buyer",
  Password: "acme-buyer-2026",
  FirstName: "Jane",
  LastName: "Doe",
  Email: "buyer@acme.example",
  BuyerID: ACME_BUYER_ID,
  Roles: SHOPPER_ROLES,
};
/** Acme's approver at OrderCloud, whom the control API acts as when it approves or declines. */
export const ACME_APPROVER_USER: SandboxUser = {
  ID: "acme-approver",
  Username: "acme-approver",
  Password: "acme-approver-2026",
  FirstName: "Pat",
  LastName: "Lee",
  Email: "pat.lee@acme.example",
  BuyerID: ACME_BUYER_ID,
  Roles: SHOPPER_ROLES,
};
export const GLOBEX_BUYER_USER: SandboxUser = {
  ID: "globex-buyer",
  Username: "globex-buyer",
  Password: "globex-buyer-2026",
  FirstName: "Hank",
  LastName: "Scorpio",
  Email: "hank@globex.example",
  BuyerID: GLOBEX_BUYER_ID,
  Roles: SHOPPER_ROLES,
};
export const SANDBOX_USERS: readonly SandboxUser[] = [ACME_BUYER_USER, ACME_APPROVER_USER, GLOBEX_BUYER_USER];
/** client_credentials acts as the API client's default context user. */
export const DEFAULT_CONTEXT_USER_ID = ACME_BUYER_USER.ID;

export const BUYERS = [
  { ID: ACME_BUYER_ID, Name: "Acme Corporation", Active: true },
  { ID: GLOBEX_BUYER_ID, Name: "Globex Corporation", Active: true },
] as const;

export interface SandboxGroup extends WireUserGroup {
  BuyerID: string;
  MemberIDs: string[];
}

/** The buyer user is a member too, so the portal's connected user sees /me/orders/approvable. */
export function buildGroups(): SandboxGroup[] {
  return [
    {
      ID: ACME_MANAGERS_GROUP_ID,
      Name: "Acme Managers",
      Description: "Approve Acme orders over the limit",
      BuyerID: ACME_BUYER_ID,
      MemberIDs: [ACME_APPROVER_USER.ID, ACME_BUYER_USER.ID],
      xp: {},
    },
    { ID: "globex-managers", Name: "Globex Managers", Description: null, BuyerID: GLOBEX_BUYER_ID, MemberIDs: [GLOBEX_BUYER_USER.ID], xp: {} },
  ];
}

export function buildApprovalRules(): (WireApprovalRule & { BuyerID: string })[] {
  return [
    {
      ID: ACME_APPROVAL_RULE_ID,
      Name: "Orders over 500",
      Description: "A manager approves any order above $500",
      ApprovingGroupID: ACME_MANAGERS_GROUP_ID,
      RuleExpression: `order.Total > ${ACME_APPROVAL_THRESHOLD}`,
      BuyerID: ACME_BUYER_ID,
      xp: {},
    },
  ];
}

const address = (a: WireAddress): WireAddress => ({ ...a, DateCreated: "2026-01-05T09:00:00+00:00", Editable: false, xp: {} });

export function buildAddresses(): Map<string, WireAddress[]> {
  return new Map([
    [
      ACME_BUYER_ID,
      [
        address({
          ID: "acme-cincinnati-plant",
          AddressName: "Cincinnati Plant",
          CompanyName: "Acme Corporation",
          FirstName: "Receiving",
          LastName: "Dock 3",
          Street1: "4500 Industrial Pkwy",
          Street2: "Dock 3",
          City: "Cincinnati",
          State: "OH",
          Zip: "45241",
          Country: "US",
          Phone: "513-555-0142",
          Shipping: true,
          Billing: false,
        }),
        address({
          ID: "acme-dayton-warehouse",
          AddressName: "Dayton Warehouse",
          CompanyName: "Acme Corporation",
          FirstName: "Warehouse",
          LastName: "Team",
          Street1: "120 Keowee St",
          Street2: null,
          City: "Dayton",
          State: "OH",
          Zip: "45402",
          Country: "US",
          Phone: "937-555-0117",
          Shipping: true,
          Billing: false,
        }),
        address({
          ID: "acme-columbus-office",
          AddressName: "Columbus Office",
          CompanyName: "Acme Corporation",
          FirstName: "Front",
          LastName: "Desk",
          Street1: "88 E Broad St",
          Street2: "Suite 1400",
          City: "Columbus",
          State: "OH",
          Zip: "43215",
          Country: "US",
          Phone: "614-555-0190",
          Shipping: true,
          Billing: true,
        }),
        address({
          ID: "acme-accounts-payable",
          AddressName: "Accounts Payable",
          CompanyName: "Acme Corporation",
          FirstName: "Accounts",
          LastName: "Payable",
          Street1: "PO Box 7710",
          Street2: null,
          City: "Cincinnati",
          State: "OH",
          Zip: "45277",
          Country: "US",
          Phone: null,
          Shipping: false,
          Billing: true,
        }),
      ],
    ],
    [
      GLOBEX_BUYER_ID,
      [
        address({
          ID: "globex-hq",
          AddressName: "Globex HQ",
          CompanyName: "Globex Corporation",
          FirstName: "Mail",
          LastName: "Room",
          Street1: "1 Globex Way",
          Street2: null,
          City: "Cypress Creek",
          State: "OR",
          Zip: "97401",
          Country: "US",
          Phone: null,
          Shipping: true,
          Billing: true,
        }),
      ],
    ],
  ]);
}

export function buildCostCenters(): Map<string, WireCostCenter[]> {
  return new Map([
    [
      ACME_BUYER_ID,
      [
        { ID: "CC-4420", Name: "Facilities - Cincinnati", Description: "Building upkeep, janitorial and safety supplies", xp: {} },
        { ID: "CC-1100", Name: "Marketing", Description: null, xp: {} },
        { ID: "CC-2300", Name: "Operations", Description: null, xp: {} },
        { ID: "CC-3150", Name: "Finance & Admin", Description: null, xp: {} },
      ],
    ],
    [GLOBEX_BUYER_ID, [{ ID: "GX-100", Name: "Globex General", Description: null, xp: {} }]],
  ]);
}

/**
 * Acme's yearly supplies allowance: this calendar year's (so it is valid whenever the sandbox runs) and last year's,
 * run out at its EndDate, which the portal leaves out.
 */
export function buildSpendingAccounts(year: number = new Date().getUTCFullYear()): Map<string, WireSpendingAccount[]> {
  const allowance = (y: number, balance: number): WireSpendingAccount => ({
    ID: y === year ? "acme-supplies" : "acme-supplies-previous",
    Name: `Office & Facilities Supplies ${y}`,
    Balance: balance,
    AllowAsPaymentMethod: true,
    StartDate: `${y}-01-01T00:00:00+00:00`,
    EndDate: `${y}-12-31T23:59:59+00:00`,
    xp: {},
  });
  return new Map([
    [ACME_BUYER_ID, [allowance(year, 25000), allowance(year - 1, 1830.4)]],
    [GLOBEX_BUYER_ID, [{ ID: "globex-fund", Name: "Globex Fund", Balance: 1000, AllowAsPaymentMethod: false, StartDate: null, EndDate: null, xp: {} }]],
  ]);
}

export const CATEGORIES: readonly WireCategory[] = [
  {
    ID: "desk-writing",
    Name: "Desk & Writing",
    Description: "Pens, markers, staplers and desk organisation",
    ListOrder: 1,
    Active: true,
    ParentID: null,
    ChildCount: 0,
    xp: {},
  },
  {
    ID: "ergonomics",
    Name: "Ergonomics & Furniture",
    Description: "Chairs, monitor arms, mats and footrests",
    ListOrder: 2,
    Active: true,
    ParentID: null,
    ChildCount: 0,
    xp: {},
  },
  { ID: "breakroom", Name: "Breakroom", Description: "Coffee, cups and kitchen supplies", ListOrder: 3, Active: true, ParentID: null, ChildCount: 0, xp: {} },
  {
    ID: "tech-accessories",
    Name: "Technology Accessories",
    Description: "Cables, hubs, input devices and power",
    ListOrder: 4,
    Active: true,
    ParentID: null,
    ChildCount: 0,
    xp: {},
  },
  { ID: "lab-test", Name: "Lab & Test", Description: "Measuring and test instruments", ListOrder: 5, Active: true, ParentID: null, ChildCount: 0, xp: {} },
  {
    ID: "material-handling",
    Name: "Material Handling",
    Description: "Carts, trucks, casters and straps",
    ListOrder: 6,
    Active: true,
    ParentID: null,
    ChildCount: 0,
    xp: {},
  },
  {
    ID: "lubricants",
    Name: "Lubricants & Maintenance",
    Description: "Oils, greases and thread lockers",
    ListOrder: 7,
    Active: true,
    ParentID: null,
    ChildCount: 0,
    xp: {},
  },
];

/** [ID, Name, price, unit of measure, description]; price breaks and stock are added below. */
type Row = [string, string, number, string, string];

const ROWS: Record<string, Row[]> = {
  "desk-writing": [
    ["MER-DW-1001", "Gel Pen 0.7 mm Black (12)", 11.4, "box", "Retractable gel pens, quick-drying ink, box of 12"],
    ["MER-DW-1002", "Dry-Erase Marker Chisel Assorted (8)", 9.75, "pack", "Low-odour markers for whiteboards"],
    ["MER-DW-1003", "Permanent Marker Fine Black (12)", 10.2, "box", "Fine point, water resistant"],
    ["MER-DW-1004", "Full-Strip Desk Stapler", 18.9, "each", "Staples up to 25 sheets, jam-free"],
    ["MER-DW-1005", "Staples Standard 1/4 in (5000)", 3.6, "box", "Chisel point standard staples"],
    ["MER-DW-1006", "Binder Clips Medium (24)", 4.25, "box", "1-1/4 in capacity steel clips"],
    ["MER-DW-1007", "Sticky Notes 3 x 3 in Yellow (12 pads)", 12.8, "pack", "100 sheets per pad"],
    ["MER-DW-1008", "Mesh Desk Organizer 5-Compartment", 16.5, "each", "Black steel mesh"],
    ["MER-DW-1009", "Highlighter Chisel Assorted (6)", 6.3, "pack", "Smear-safe fluorescent ink"],
  ],
  ergonomics: [
    ["MER-ER-2001", "Mesh Task Chair with Lumbar Support", 289, "each", "Adjustable arms, seat depth and lumbar"],
    ["MER-ER-2002", "Dual Monitor Arm Clamp Mount", 129, "each", "Gas spring arms for 17–32 in screens"],
    ["MER-ER-2003", "Anti-Fatigue Mat 3 x 5 ft", 74.5, "each", "Beveled edges, 3/4 in foam"],
    ["MER-ER-2004", "Adjustable Footrest", 39.95, "each", "Tilting platform with massage surface"],
    ["MER-ER-2005", "Sit-Stand Desk Converter 32 in", 249, "each", "Keyboard tray, 11 height settings"],
    ["MER-ER-2006", "Gel Wrist Rest Keyboard", 14.2, "each", "Non-skid base"],
    ["MER-ER-2007", "Laptop Stand Aluminium", 42, "each", "Six height positions, folds flat"],
    ["MER-ER-2008", "Under-Desk Keyboard Tray", 88, "each", "Swivel and tilt, 25 in platform"],
    ["MER-ER-2009", "Chair Mat for Carpet 46 x 60 in", 64, "each", "Clear polycarbonate with lip"],
  ],
  breakroom: [
    ["MER-BR-3001", "Coffee Pods Medium Roast (96)", 52.8, "case", "Compatible single-serve pods"],
    ["MER-BR-3002", "Hot Cups 12 oz with Lids (500)", 68, "case", "Insulated paper cups"],
    ["MER-BR-3003", "Wooden Stir Sticks 7 in (1000)", 7.4, "box", "Birch wood"],
    ["MER-BR-3004", "Water Filter Cartridge", 34.5, "each", "Fits point-of-use coolers, 6-month life"],
    ["MER-BR-3005", "Sugar Packets (2000)", 24.9, "case", "Pure cane sugar"],
    ["MER-BR-3006", "Compostable Cutlery Kit (250)", 41, "case", "Fork, knife, spoon, napkin"],
    ["MER-BR-3007", "Green Tea Bags (100)", 9.8, "box", "Individually wrapped"],
    ["MER-BR-3008", "Dish Soap Concentrate 1 gal", 15.6, "each", "Grease-cutting, biodegradable"],
    ["MER-BR-3009", "Paper Plates 9 in (500)", 38.5, "case", "Heavy-duty, soak-proof"],
  ],
  "tech-accessories": [
    ["MER-TA-4001", "USB-C 7-in-1 Hub", 45, "each", "HDMI 4K, 3 x USB-A, SD, 100 W pass-through"],
    ["MER-TA-4002", "HDMI Cable 2.1 6 ft", 12.9, "each", "48 Gbps, 8K"],
    ["MER-TA-4003", "Wireless Keyboard and Mouse Set", 59, "each", "2.4 GHz receiver, quiet keys"],
    ["MER-TA-4004", "Surge Protector 8-Outlet 2160 J", 32.5, "each", "6 ft cord, 2 USB ports"],
    ["MER-TA-4005", "Noise-Cancelling USB Headset", 79, "each", "Boom microphone, inline controls"],
    ["MER-TA-4006", "Cat6 Patch Cable 10 ft Blue", 5.4, "each", "Snagless boots"],
    ["MER-TA-4007", "Webcam 1080p with Privacy Shutter", 64, "each", "Dual microphones"],
    ["MER-TA-4008", "Label Tape 12 mm Black on White", 17.2, "cartridge", "Laminated tape, 8 m"],
    ["MER-TA-4009", "Cable Management Sleeve 6 ft", 13.5, "each", "Zip-on neoprene sleeve"],
  ],
  "lab-test": [
    ["MER-LT-5001", "Digital Caliper 6 in", 36, "each", "Stainless, 0.01 mm resolution"],
    ["MER-LT-5002", "Digital Multimeter True RMS", 89, "each", "CAT III 600 V, auto-ranging"],
    ["MER-LT-5003", "pH Test Strips 0–14 (100)", 11.5, "pack", "Four-pad strips"],
    ["MER-LT-5004", "Infrared Thermometer -50 to 550 C", 42.5, "each", "12:1 distance to spot"],
    ["MER-LT-5005", "Lab Notebook Quad-Ruled", 8.9, "each", "100 numbered pages"],
    ["MER-LT-5006", "Borosilicate Beaker Set (5)", 27, "set", "50–1000 ml"],
    ["MER-LT-5007", "Digital Scale 5 kg x 0.1 g", 58, "each", "Tare, counting mode"],
    ["MER-LT-5008", "Moisture Meter Pin Type", 33.75, "each", "Wood and building materials"],
    ["MER-LT-5009", "Stopwatch Digital", 14, "each", "1/100 s, lap memory"],
  ],
  "material-handling": [
    ["MER-MH-6001", "Convertible Hand Truck 800 lb", 219, "each", "Two- and four-wheel modes"],
    ["MER-MH-6002", "Pallet Jack 5500 lb", 465, "each", "27 x 48 in forks"],
    ["MER-MH-6003", "Swivel Caster 4 in with Brake", 12.4, "each", "Polyurethane wheel"],
    ["MER-MH-6004", "Ratchet Strap 1 in x 15 ft (4)", 26, "pack", "500 lb working load"],
    ["MER-MH-6005", "Utility Cart Two-Shelf", 139, "each", "Polyethylene, 500 lb capacity"],
    ["MER-MH-6006", "Moving Blanket 72 x 80 in", 16.8, "each", "Quilted, 65 lb per dozen"],
    ["MER-MH-6007", "Stair Climbing Hand Truck", 189, "each", "Tri-wheel design"],
    ["MER-MH-6008", "Furniture Dolly 18 x 30 in", 34, "each", "Carpeted deck, 1000 lb"],
    ["MER-MH-6009", "Bungee Cord Assortment (24)", 15.5, "pack", "Coated hooks"],
  ],
  lubricants: [
    ["MER-LB-7001", "Penetrating Oil Aerosol 11 oz", 8.6, "can", "Frees rusted bolts"],
    ["MER-LB-7002", "Lithium Grease Cartridge 14 oz", 7.9, "each", "NLGI 2, multi-purpose"],
    ["MER-LB-7003", "Thread Locker Medium Strength 10 ml", 11.2, "each", "Removable with hand tools"],
    ["MER-LB-7004", "Silicone Spray Lubricant 10 oz", 9.4, "can", "Dry film, food-grade"],
    ["MER-LB-7005", "Grease Gun Pistol Grip", 29.5, "each", "18 in flex hose"],
    ["MER-LB-7006", "Chain Lube with PTFE 12 oz", 10.8, "can", "Sling-resistant"],
    ["MER-LB-7007", "Dielectric Grease 3 oz", 6.75, "tube", "Protects electrical connections"],
    ["MER-LB-7008", "Cutting Oil 16 oz", 12.5, "bottle", "For drilling and tapping"],
    ["MER-LB-7009", "Degreaser Concentrate 1 gal", 21, "each", "Water-based, non-flammable"],
  ],
};

/** Tiered products: [ID, breaks after the first (minimum quantity, unit price)]. */
const BREAKS: Record<string, [number, number][]> = {
  "MER-DW-1001": [
    [10, 10.6],
    [50, 9.5],
  ],
  "MER-DW-1005": [[20, 3.1]],
  "MER-DW-1007": [
    [10, 11.9],
    [40, 10.75],
  ],
  "MER-BR-3001": [
    [5, 49.9],
    [20, 46.5],
  ],
  "MER-BR-3002": [[10, 63]],
  "MER-TA-4002": [
    [10, 11.5],
    [50, 9.9],
  ],
  "MER-TA-4006": [
    [25, 4.6],
    [100, 3.95],
  ],
  "MER-MH-6003": [
    [8, 11.2],
    [32, 9.8],
  ],
  "MER-LB-7002": [[12, 6.9]],
  "MER-ER-2006": [[10, 12.6]],
};

/** Out of stock and not backorderable: `Inventory.QuantityAvailable` 0. */
export const UNAVAILABLE_PRODUCT_IDS: readonly string[] = ["MER-ER-2005", "MER-LT-5002"];
/** Products a test can count on (IDs stay fixed). */
export const SANDBOX_PRODUCTS = {
  gelPens: "MER-DW-1001",
  stapler: "MER-DW-1004",
  taskChair: "MER-ER-2001",
  coffeePods: "MER-BR-3001",
  hdmiCable: "MER-TA-4002",
  palletJack: "MER-MH-6002",
  sitStand: "MER-ER-2005",
} as const;

export interface OrderCloudCatalog {
  products: WireProduct[];
  /** Product ID → category ID (OrderCloud keeps this as category assignments). */
  categoryOf: Map<string, string>;
}

export function priceScheduleFor(id: string, name: string, price: number): WirePriceSchedule {
  const breaks = [{ Quantity: 1, Price: price }, ...(BREAKS[id] ?? []).map(([Quantity, Price]) => ({ Quantity, Price }))];
  return {
    ID: `ps-${id}`,
    Name: `${name} pricing`,
    ApplyTax: true,
    ApplyShipping: true,
    MinQuantity: 1,
    MaxQuantity: null,
    UseCumulativeQuantity: false,
    RestrictedQuantity: false,
    Currency: ORDERCLOUD_CURRENCY,
    PriceBreaks: breaks,
    xp: {},
  };
}

export function buildCatalog(): OrderCloudCatalog {
  const products: WireProduct[] = [];
  const categoryOf = new Map<string, string>();
  let n = 0;
  for (const [categoryId, rows] of Object.entries(ROWS)) {
    for (const [id, name, price, unit, description] of rows) {
      n++;
      const unavailable = UNAVAILABLE_PRODUCT_IDS.includes(id);
      categoryOf.set(id, categoryId);
      products.push({
        ID: id,
        Name: name,
        Description: description,
        QuantityMultiplier: 1,
        ShipWeight: null,
        Active: true,
        DefaultPriceScheduleID: `ps-${id}`,
        DefaultSupplierID: null,
        Inventory: {
          Enabled: true,
          NotificationPoint: null,
          VariantLevelTracking: false,
          OrderCanExceed: false,
          QuantityAvailable: unavailable ? 0 : 40 + ((n * 37) % 400),
        },
        PriceSchedule: priceScheduleFor(id, name, price),
        xp: {
          Images: [`https://images.meridian-supply.example/products/${id}.jpg`],
          LeadTimeDays: price > 200 ? 7 : n % 3 === 0 ? 3 : 1,
          CategoryID: categoryId,
          Brand: "Meridian",
          UnitOfMeasure: unit,
        },
      });
    }
  }
  return { products, categoryOf };
}
