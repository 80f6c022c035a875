/**
 * The Hygrade sandbox's deterministic world: two customer accounts and a
 * seeded catalog (same PRNG seed, same catalog on every start) of a
 * print / office / industrial supplier. Item ACME001 sees everything
 * (the documented FM-0014-LT letterhead included); GLOBEX01 sees a subset at
 * slightly different prices and availability, to show per-account scoping.
 */
import type { WireCatalogItem, WireCustomer, WireMoney } from "@/server/suppliers/hygrade/wire";
import { seededRandom } from "../shared/seeded-random";

const usd = (amount: number): WireMoney => ({ amount, currency: "USD" });

export interface SandboxCategory {
  id: string;
  name: string;
  prefix: string;
  color: string;
  flags: string[];
  /** Lead time range in days for stock items; imprinted items add more. */
  leadDays: [number, number];
  lines: ProductLine[];
}

interface ProductLine {
  name: string;
  /** "label:CODE" pairs. */
  options: string;
  /** Pack sizes; each is its own item. */
  packs?: string[];
  /** {opt} and {pack} are filled in. */
  description: string;
  /** Unit price range in cents for the first pack size. */
  price: [number, number];
  flags?: string[];
  /** Made to order: longer lead time. */
  imprint?: boolean;
}

export const CATEGORIES: SandboxCategory[] = [
  {
    id: "cat_forms",
    name: "Forms & Stationery",
    prefix: "FM",
    color: "#2b6cb0",
    flags: ["form"],
    leadDays: [3, 10],
    lines: [
      {
        name: "Letterhead",
        options: "24lb bright white:BW|28lb ultra-smooth:US|Linen finish:LN|Laid finish:LD|Recycled 30% PCW:RC|Two-color imprint:2C",
        packs: ["500 ct", "1,000 ct"],
        description: "Custom letterhead, 8.5 × 11 in, {opt}, {pack}. Printed with your logo and address block.",
        price: [2200, 3400],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "#10 Envelopes",
        options: "Regular:RG|Single window:SW|Double window:DW|Security tint:ST|Peel & seal:PS|Kraft:KR",
        packs: ["500 ct", "1,000 ct"],
        description: "#10 business envelopes (4.125 × 9.5 in), {opt}, {pack}. Return address imprint included.",
        price: [2600, 4800],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Business Cards",
        options: "14pt matte:MT|16pt gloss:GL|Soft-touch laminate:SO|100% recycled:RC|Rounded corners:RD|Spot UV:UV|Gold foil accent:FL",
        packs: ["250 ct", "500 ct"],
        description: "Two-sided business cards, 3.5 × 2 in, {opt}, {pack} per name.",
        price: [2500, 6200],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Carbonless Invoice Forms",
        options: "2-part:2P|3-part:3P|4-part:4P|Numbered 2-part:N2|Numbered 3-part:N3",
        packs: ["250 sets", "500 sets"],
        description: "NCR carbonless invoice forms, 8.5 × 11 in, {opt}, {pack}, sequential numbering available.",
        price: [5400, 9800],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Purchase Order Forms",
        options: "2-part:2P|3-part:3P|Numbered 3-part:N3|Padded 50-sheet:PD",
        packs: ["250 sets"],
        description: "Purchase order forms, {opt}, {pack}. Carbonless; white/canary/pink copies.",
        price: [4800, 8900],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Notepads",
        options: "5.5 × 8.5 in:HL|4 × 6 in:46|8.5 × 11 in:LG|Magnetic back:MG|Sticky-back:SB",
        packs: ["10 pads", "25 pads"],
        description: "Branded notepads, {opt}, 50 sheets each, {pack}.",
        price: [1900, 4200],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Presentation Folders",
        options: "Two-pocket:2K|Single-pocket:1K|Card slits:CS|Embossed logo:EB|Soft-touch laminate:SL|Recycled board:RC",
        packs: ["100 ct", "250 ct"],
        description: "9 × 12 in presentation folders, {opt}, 14pt board, {pack}.",
        price: [9500, 18500],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Receipt Books",
        options: "Duplicate:DP|Triplicate:TP|Numbered duplicate:NM",
        packs: ["10 books"],
        description: "Cash receipt books, {opt}, 50 sets per book, {pack}.",
        price: [3900, 6400],
      },
      {
        name: "Work Order Forms",
        options: "2-part:2P|3-part:3P|Padded:PD",
        packs: ["250 sets"],
        description: "Work order forms for field service, {opt}, {pack}.",
        price: [4600, 7800],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Certificate Paper",
        options: "Parchment:PA|Foil border:FB|Linen:LN",
        packs: ["50 sheets"],
        description: "Laser-compatible certificate paper, {opt}, 8.5 × 11 in, {pack}.",
        price: [1400, 2900],
      },
      {
        name: "Bill of Lading Forms",
        options: "3-part:3P|4-part:4P|Laser sheets:LS",
        packs: ["250 sets"],
        description: "Straight bill of lading, short form, {opt}, {pack}.",
        price: [5200, 8800],
      },
      {
        name: "Postcards",
        options: "4 × 6 in:46|5 × 7 in:57|6 × 9 in:69|6 × 11 in:61",
        packs: ["500 ct"],
        description: "Full-color postcards, {opt}, 14pt cover, UV front, {pack}.",
        price: [6900, 14500],
        flags: ["imprint"],
        imprint: true,
      },
    ],
  },
  {
    id: "cat_labels",
    name: "Labels",
    prefix: "LB",
    color: "#c05621",
    flags: ["label"],
    leadDays: [2, 8],
    lines: [
      {
        name: "Shipping Labels 4 × 6 in",
        options: "Direct thermal:DT|Thermal transfer:TT|Laser sheets:LS|Fanfold:FF",
        packs: ["1 roll", "4 rolls"],
        description: "4 × 6 in shipping labels, {opt}, permanent adhesive, {pack} (approx. 250 labels per roll).",
        price: [1200, 3200],
      },
      {
        name: "Address Labels",
        options: "1 × 2.625 in white:WH|1 × 2.625 in clear:CL|Kraft:KR|Weatherproof:WP",
        packs: ["3,000 ct"],
        description: "Laser/inkjet address labels, {opt}, 30 per sheet, {pack}.",
        price: [1800, 3600],
      },
      {
        name: "Barcode Labels",
        options: "2 × 1 in paper:21|3 × 1 in paper:31|2 × 1 in polyester:2P|4 × 2 in polyester:4P|Freezer-grade:FZ",
        packs: ["1 roll", "6 rolls"],
        description: "Barcode labels, {opt}, 3 in core, {pack}.",
        price: [1500, 4400],
      },
      {
        name: "Asset Tags",
        options: "Anodized aluminum:AL|Tamper-evident polyester:TE|Destructible vinyl:DV|Metalized polyester:MP",
        packs: ["100 ct", "500 ct"],
        description: "Serialized asset tags with barcode, {opt}, 0.75 × 2 in, {pack}.",
        price: [3800, 9900],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Warning Labels",
        options: "Caution:CA|Danger:DA|Fragile:FR|This Side Up:UP|Do Not Stack:NS|Keep Dry:KD",
        packs: ["500 ct"],
        description: "Pre-printed '{opt}' handling labels, 3 × 5 in, {pack} on a roll.",
        price: [1100, 2400],
      },
      {
        name: "GHS Chemical Labels",
        options: "2 × 2 in:22|4 × 4 in:44|4 × 6 in:46",
        packs: ["250 ct"],
        description: "GHS-compliant blank chemical labels, {opt}, chemical-resistant polyester, {pack}.",
        price: [2900, 6800],
        flags: ["compliance"],
      },
      {
        name: "File Folder Labels",
        options: "White:WH|Assorted colors:AS|Color-coded year:YR",
        packs: ["1,500 ct"],
        description: "File folder labels, {opt}, 0.66 × 3.44 in, {pack}.",
        price: [1300, 2600],
      },
      {
        name: "Custom Roll Labels",
        options: "2 in circle:C2|3 in circle:C3|2 × 3 in rectangle:R3|3 × 4 in rectangle:R4|Oval 1.5 × 2.5 in:OV",
        packs: ["1,000 ct", "5,000 ct"],
        description: "Full-color custom roll labels, {opt}, gloss white BOPP, {pack}.",
        price: [6500, 14900],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Inventory Tags",
        options: "Perforated 2-part:2P|Numbered:NM|Wired:WI",
        packs: ["1,000 ct"],
        description: "Physical inventory count tags, {opt}, {pack}.",
        price: [3400, 6200],
      },
      {
        name: "Name Badges",
        options: "Hello My Name Is:HM|Blank white:BW|Visitor, dated:VD|Laser insert badges:LI",
        packs: ["100 ct", "500 ct"],
        description: "Adhesive name badges, {opt}, {pack}.",
        price: [900, 2900],
      },
      {
        name: "Shelf Labels",
        options: "1.25 × 3 in:13|1.25 × 4 in:14|Magnetic shelf strips:MG",
        packs: ["500 ct"],
        description: "Warehouse shelf and bin labels, {opt}, {pack}.",
        price: [2400, 5900],
      },
    ],
  },
  {
    id: "cat_packaging",
    name: "Packaging",
    prefix: "PK",
    color: "#975a16",
    flags: ["shipping"],
    leadDays: [1, 6],
    lines: [
      {
        name: "Corrugated Boxes",
        options:
          "8 × 6 × 4 in:08|10 × 8 × 6 in:10|12 × 10 × 8 in:12|14 × 14 × 14 in:14|16 × 12 × 12 in:16|18 × 18 × 18 in:18|20 × 20 × 20 in:20|24 × 18 × 18 in:24",
        packs: ["25 ct"],
        description: "Single-wall 32 ECT kraft shipping boxes, {opt}, {pack} per bundle.",
        price: [1800, 6800],
      },
      {
        name: "Poly Mailers",
        options: "6 × 9 in:69|10 × 13 in:10|12 × 15.5 in:12|14.5 × 19 in:14|19 × 24 in:19",
        packs: ["100 ct", "500 ct"],
        description: "2.5 mil white poly mailers with self-seal strip, {opt}, {pack}.",
        price: [1200, 4600],
      },
      {
        name: "Bubble Mailers",
        options: "#0 6 × 10 in:00|#2 8.5 × 12 in:02|#4 9.5 × 14.5 in:04|#6 12.5 × 19 in:06",
        packs: ["100 ct"],
        description: "Kraft bubble mailers, {opt}, {pack}.",
        price: [2400, 5200],
      },
      {
        name: "Packing Tape",
        options: "Clear 2 in hot melt:CH|Clear 3 in hot melt:C3|Tan 2 in acrylic:TA|Printed 'Fragile':PF|Reinforced water-activated:WA",
        packs: ["6 rolls", "36 rolls"],
        description: "Carton sealing tape, {opt}, 110 yd rolls, {pack}.",
        price: [1100, 3900],
      },
      {
        name: "Stretch Film",
        options: "18 in × 1500 ft 80 ga:18|20 in × 1000 ft 80 ga:20|Hand wrap pre-stretched:PS|Machine film 63 ga:MF",
        packs: ["4 rolls"],
        description: "Cast stretch film, {opt}, {pack}.",
        price: [5200, 11800],
      },
      {
        name: "Bubble Wrap",
        options: "3/16 in perforated:S3|1/2 in perforated:L2|Anti-static pink:AS",
        packs: ["1 roll"],
        description: "Bubble cushioning, {opt}, 12 in × 175 ft, {pack}.",
        price: [2600, 5400],
      },
      {
        name: "Void Fill",
        options: "Kraft paper 15 in:KP|Air pillows:AP|Loose fill peanuts:PN",
        packs: ["1 case"],
        description: "Void fill, {opt}, {pack}.",
        price: [2900, 6900],
      },
      {
        name: "Packing List Envelopes",
        options: "4.5 × 5.5 in clear:45|5.5 × 10 in clear:51|Printed 'Packing List Enclosed':PL",
        packs: ["1,000 ct"],
        description: "Self-adhesive packing list envelopes, {opt}, {pack}.",
        price: [2300, 4100],
      },
      {
        name: "Custom Printed Boxes",
        options: "Mailer 9 × 6 × 3 in:M9|Mailer 12 × 9 × 4 in:M2|Shipper 14 × 10 × 6 in:S4",
        packs: ["250 ct"],
        description: "One-color custom printed corrugated {opt}, {pack}.",
        price: [32000, 58000],
        flags: ["imprint"],
        imprint: true,
      },
      {
        name: "Mailing Tubes",
        options: "2 × 12 in:21|2 × 24 in:24|3 × 36 in:33|Triangular 3 × 25 in:TR",
        packs: ["25 ct"],
        description: "Kraft mailing tubes with end caps, {opt}, {pack}.",
        price: [2900, 7400],
      },
      {
        name: "Pallet Strapping",
        options: "1/2 in polypropylene coil:PP|5/8 in polyester coil:PE|Metal strapping seals:SE|Strapping tensioner:TT",
        packs: ["1 ea"],
        description: "Pallet strapping supplies, {opt}, {pack}.",
        price: [3900, 11900],
      },
      {
        name: "Edge Protectors",
        options: "2 × 2 × 24 in:24|2 × 2 × 36 in:36|2 × 2 × 48 in:48",
        packs: ["50 ct"],
        description: "Laminated fiberboard edge protectors, {opt}, {pack}.",
        price: [3400, 6900],
      },
    ],
  },
  {
    id: "cat_safety",
    name: "Safety",
    prefix: "SF",
    color: "#d69e2e",
    flags: ["ppe"],
    leadDays: [1, 5],
    lines: [
      {
        name: "Nitrile Exam Gloves",
        options: "Small:SM|Medium:MD|Large:LG|X-Large:XL",
        packs: ["100 ct", "1,000 ct case"],
        description: "Powder-free 4 mil nitrile gloves, blue, size {opt}, {pack}.",
        price: [1100, 1600],
      },
      {
        name: "Cut-Resistant Gloves",
        options: "ANSI A2 medium:2M|ANSI A2 large:2L|ANSI A4 medium:4M|ANSI A4 large:4L|ANSI A4 X-large:4X",
        packs: ["12 pairs"],
        description: "HPPE shell gloves with polyurethane palm coating, {opt}, {pack}.",
        price: [3400, 7900],
      },
      {
        name: "Safety Glasses",
        options: "Clear anti-fog:CL|Gray tinted:GY|Amber:AM|Indoor/outdoor mirror:IO|Over-the-glasses:OG",
        packs: ["12 pairs"],
        description: "ANSI Z87.1+ safety glasses, {opt} lens, {pack}.",
        price: [2800, 6400],
      },
      {
        name: "Hi-Vis Safety Vests",
        options: "Class 2 M/L:2M|Class 2 XL/2XL:2X|Class 3 M/L:3M|Class 3 XL/2XL:3X|Surveyor mesh:SV",
        packs: ["1 ea"],
        description: "ANSI/ISEA 107 hi-visibility vest, lime, {opt}, {pack}.",
        price: [900, 2600],
      },
      {
        name: "Foam Ear Plugs",
        options: "Uncorded NRR 32:UC|Corded NRR 32:CD|Dispenser refill:DR",
        packs: ["200 pairs"],
        description: "Disposable foam ear plugs, {opt}, {pack}.",
        price: [2400, 6800],
      },
      {
        name: "N95 Respirators",
        options: "Standard:ST|With exhalation valve:EV|Small size:SM",
        packs: ["20 ct"],
        description: "NIOSH-approved N95 particulate respirators, {opt}, {pack}.",
        price: [2200, 4400],
      },
      {
        name: "Hard Hats",
        options: "White cap style:WH|Yellow cap style:YL|Blue full brim:BL|Orange vented:OR",
        packs: ["1 ea"],
        description: "Type I Class E hard hat, 4-point ratchet suspension, {opt}, {pack}.",
        price: [1400, 3200],
      },
      {
        name: "First Aid Kits",
        options: "ANSI A 25-person:A2|ANSI B 50-person:B5|Vehicle kit:VK|Refill pack:RF",
        packs: ["1 kit"],
        description: "OSHA/ANSI Z308.1 first aid kit, {opt}, {pack}.",
        price: [3600, 14900],
        flags: ["compliance"],
      },
      {
        name: "Safety Signs",
        options: "Exit:EX|Fire Extinguisher:FE|Authorized Personnel Only:AP|Hard Hat Area:HH|Eyewash Station:EW|Wet Floor:WF",
        packs: ["1 ea"],
        description: "OSHA-format '{opt}' sign, 10 × 14 in aluminum, {pack}.",
        price: [1500, 3100],
        flags: ["compliance"],
      },
      {
        name: "Earmuffs",
        options: "NRR 25 over-the-head:OH|NRR 22 hard-hat mount:HM|NRR 28 folding:FD",
        packs: ["1 ea"],
        description: "Hearing protection earmuffs, {opt}, {pack}.",
        price: [1600, 3900],
      },
      {
        name: "Eyewash Stations",
        options: "Personal 16 oz bottle:PB|Wall station, 2 bottles:WS|Self-contained 16 gal:SC",
        packs: ["1 ea"],
        description: "Emergency eyewash, {opt}, ANSI Z358.1, {pack}.",
        price: [1900, 42000],
        flags: ["compliance"],
      },
      {
        name: "Spill Kits",
        options: "Universal 5 gal:U5|Oil-only 20 gal:O2|Hazmat 30 gal:H3",
        packs: ["1 kit"],
        description: "Spill response kit, {opt}, in a labeled container, {pack}.",
        price: [6900, 24900],
        flags: ["compliance"],
      },
      {
        name: "Disposable Coveralls",
        options: "Medium:MD|Large:LG|X-Large:XL|2X-Large:2X",
        packs: ["25 ct"],
        description: "Microporous disposable coveralls with hood and boots, size {opt}, {pack}.",
        price: [9900, 14900],
      },
    ],
  },
  {
    id: "cat_janitorial",
    name: "Janitorial",
    prefix: "JN",
    color: "#2c7a7b",
    flags: ["facility"],
    leadDays: [1, 4],
    lines: [
      {
        name: "Trash Can Liners",
        options: "7-10 gal clear:07|12-16 gal black:12|33 gal black:33|44 gal clear:44|55-60 gal black:55|Recycling blue 33 gal:RB",
        packs: ["250 ct", "500 ct"],
        description: "High-density can liners, {opt}, {pack} per case.",
        price: [2200, 5600],
      },
      {
        name: "Multifold Paper Towels",
        options: "White:WH|Natural kraft:NK|Recycled white:RW",
        packs: ["4,000 ct case"],
        description: "Multifold hand towels, 1-ply, {opt}, {pack}.",
        price: [3400, 4900],
      },
      {
        name: "Roll Paper Towels",
        options: "8 in × 800 ft hardwound:HW|Kitchen roll 2-ply:KR|Center-pull:CP",
        packs: ["6 rolls", "12 rolls"],
        description: "Paper towels, {opt}, {pack} per case.",
        price: [2900, 5600],
      },
      {
        name: "Toilet Tissue",
        options: "Standard 2-ply:S2|Jumbo roll 9 in:JR|Coreless:CO",
        packs: ["48 rolls", "96 rolls"],
        description: "Bath tissue, {opt}, {pack} per case.",
        price: [3900, 6900],
      },
      {
        name: "Foaming Hand Soap",
        options: "Unscented:UN|Antibacterial:AB|Fresh scent:FS|Green Seal certified:GS",
        packs: ["1,000 mL refill", "Case of 4 refills"],
        description: "Foaming hand soap cartridge, {opt}, {pack}.",
        price: [1100, 2400],
      },
      {
        name: "Disinfecting Wipes",
        options: "Lemon:LM|Fresh:FR|Bleach-free:BF|Canister refill:RF",
        packs: ["6 canisters"],
        description: "EPA-registered disinfecting wipes, {opt}, 75 wipes per canister, {pack}.",
        price: [2400, 4200],
      },
      {
        name: "Floor Cleaner Concentrate",
        options: "Neutral pH:NP|Heavy-duty degreaser:HD|Stone & tile:ST",
        packs: ["1 gal", "4 × 1 gal"],
        description: "Floor cleaner concentrate, {opt}, dilutes 1:128, {pack}.",
        price: [1600, 3400],
        flags: ["hazmat"],
      },
      {
        name: "Microfiber Cloths",
        options: "16 × 16 in blue:BL|16 × 16 in green:GN|16 × 16 in red:RD|Glass cloth:GC",
        packs: ["12 ct", "48 ct"],
        description: "Color-coded microfiber cleaning cloths, {opt}, {pack}.",
        price: [900, 2200],
      },
      {
        name: "Wet Mop Heads",
        options: "Cotton 24 oz:C2|Blend looped 16 oz:B1|Microfiber 18 in pad:MF",
        packs: ["6 ct"],
        description: "Mop heads, {opt}, {pack}.",
        price: [2600, 5400],
      },
      {
        name: "Glass Cleaner",
        options: "Ready-to-use:RT|Concentrate:CN|Ammonia-free:AF",
        packs: ["12 × 32 oz"],
        description: "Streak-free glass and surface cleaner, {opt}, {pack}.",
        price: [2200, 4200],
      },
      {
        name: "Hand Sanitizer",
        options: "Gel 8 oz pump:G8|Foam 1,200 mL refill:FR|Sanitizing wipes canister:WC|Floor stand dispenser:SD",
        packs: ["1 ea", "Case of 6"],
        description: "70% alcohol hand sanitizer, {opt}, {pack}.",
        price: [600, 8900],
      },
    ],
  },
  {
    id: "cat_office",
    name: "Office Supplies",
    prefix: "OF",
    color: "#553c9a",
    flags: ["stock"],
    leadDays: [1, 3],
    lines: [
      {
        name: "Copy Paper",
        options: "20lb 92 bright letter:L2|24lb 96 bright letter:L4|20lb legal:LG|30% recycled letter:RC|11 × 17 in ledger:LD",
        packs: ["1 ream", "10-ream case"],
        description: "Multipurpose copy paper, {opt}, {pack}.",
        price: [700, 1400],
      },
      {
        name: "Ballpoint Pens",
        options: "Black medium:BK|Blue medium:BL|Red medium:RD|Black fine:BF|Retractable black:RB",
        packs: ["12 ct", "60 ct"],
        description: "Ballpoint pens, {opt}, {pack}.",
        price: [400, 1200],
      },
      {
        name: "Gel Pens",
        options: "Black 0.7 mm:B7|Blue 0.7 mm:L7|Assorted colors:AS|Black 0.5 mm:B5",
        packs: ["12 ct"],
        description: "Retractable gel pens, {opt}, {pack}.",
        price: [1100, 1900],
      },
      {
        name: "Highlighters",
        options: "Yellow chisel:YL|Assorted chisel:AS|Pastel:PS|Pocket style:PK",
        packs: ["12 ct"],
        description: "Highlighters, {opt}, {pack}.",
        price: [700, 1500],
      },
      {
        name: "Sticky Notes",
        options: "3 × 3 in yellow:YL|3 × 3 in assorted:AS|3 × 5 in lined:LN|Flags assorted:FL",
        packs: ["12 pads", "24 pads"],
        description: "Repositionable notes, {opt}, 100 sheets per pad, {pack}.",
        price: [900, 2100],
      },
      {
        name: "Ring Binders",
        options: "1 in white view:1W|2 in white view:2W|3 in white view:3W|1 in black:1B|2 in heavy-duty D-ring:2D",
        packs: ["1 ea", "12 ct"],
        description: "Presentation ring binders, {opt}, {pack}.",
        price: [400, 1500],
      },
      {
        name: "File Folders",
        options: "Letter 1/3 cut manila:LM|Legal 1/3 cut manila:GM|Letter assorted colors:LC|Hanging letter green:HG|Expanding pocket:EP",
        packs: ["100 ct"],
        description: "File folders, {opt}, {pack}.",
        price: [1400, 3900],
      },
      {
        name: "Dry-Erase Markers",
        options: "Black chisel:BK|Assorted chisel:AS|Low-odor fine tip:FT",
        packs: ["12 ct"],
        description: "Dry-erase markers, {opt}, {pack}.",
        price: [1200, 2200],
      },
      {
        name: "Staples & Staplers",
        options: "Standard staples 5,000:SS|Heavy-duty staples:HD|Desktop stapler:DS|Heavy-duty stapler:HS|Electric stapler:ES",
        packs: ["1 ea"],
        description: "{opt}, {pack}.",
        price: [400, 5900],
      },
      {
        name: "Toner Cartridges",
        options: "HP 58A black:H5|HP 58X high-yield:H8|Brother TN-760:B7|Canon 055 cyan:C5|Canon 055 magenta:M5|Canon 055 yellow:Y5",
        packs: ["1 ea"],
        description: "Compatible toner cartridge, {opt}, {pack}.",
        price: [4900, 12900],
      },
      {
        name: "Catalog Envelopes",
        options: "9 × 12 in kraft:91|10 × 13 in kraft:10|6 × 9 in white:69",
        packs: ["100 ct"],
        description: "Gummed catalog envelopes, {opt}, {pack}.",
        price: [1400, 2900],
      },
      {
        name: "Desk Organizers",
        options: "Mesh letter tray:LT|Mesh pencil cup:PC|Monitor riser:MR|Drawer organizer:DO",
        packs: ["1 ea"],
        description: "Black steel mesh {opt}, {pack}.",
        price: [700, 3900],
      },
    ],
  },
  {
    id: "cat_breakroom",
    name: "Breakroom",
    prefix: "BR",
    color: "#2f855a",
    flags: ["consumable"],
    leadDays: [1, 4],
    lines: [
      {
        name: "Ground Coffee",
        options: "House blend medium:HB|Dark roast:DR|Breakfast blend:BB|Decaf:DC|Colombian:CO",
        packs: ["2.5 oz fraction packs (42)", "2 lb bag"],
        description: "Ground coffee, {opt}, {pack}.",
        price: [2400, 4600],
      },
      {
        name: "Single-Serve Coffee Pods",
        options: "Medium roast:MR|Dark roast:DR|Decaf:DC|French vanilla:FV",
        packs: ["24 ct", "96 ct"],
        description: "Single-serve coffee pods, {opt}, {pack}.",
        price: [1500, 2200],
      },
      {
        name: "Tea Bags",
        options: "Black tea:BT|Green tea:GT|Herbal assortment:HA|Chai:CH",
        packs: ["100 ct"],
        description: "Individually wrapped tea bags, {opt}, {pack}.",
        price: [900, 1800],
      },
      {
        name: "Hot Cups",
        options: "8 oz paper:08|12 oz paper:12|16 oz paper:16|12 oz double-wall:DW",
        packs: ["50 ct", "1,000 ct case"],
        description: "Hot beverage cups, {opt}, {pack}.",
        price: [500, 1100],
      },
      {
        name: "Cup Lids",
        options: "8 oz sip lid:08|12-20 oz sip lid:12|Cold cup flat lid:FL",
        packs: ["1,000 ct"],
        description: "Cup lids, {opt}, {pack}.",
        price: [2900, 4800],
      },
      {
        name: "Creamer & Sweeteners",
        options: "Liquid creamer cups:LC|Powdered creamer packets:PC|Sugar packets:SG|Stevia packets:SV|Sucralose packets:SU",
        packs: ["400 ct"],
        description: "{opt}, {pack}.",
        price: [1200, 2900],
      },
      {
        name: "Paper Plates",
        options: "6 in:06|9 in:09|10 in heavy-duty:10|Compostable 9 in:C9",
        packs: ["500 ct"],
        description: "Disposable plates, {opt}, {pack}.",
        price: [1900, 4200],
      },
      {
        name: "Cutlery",
        options: "Medium-weight forks:FK|Medium-weight knives:KN|Medium-weight spoons:SP|Wrapped kits:KT|Compostable assorted:CA",
        packs: ["1,000 ct"],
        description: "Disposable cutlery, {opt}, {pack}.",
        price: [1700, 4400],
      },
      {
        name: "Napkins",
        options: "Beverage:BV|Dinner:DN|Dispenser fold:DF",
        packs: ["3,000 ct"],
        description: "Paper napkins, {opt}, {pack}.",
        price: [2400, 4100],
      },
      {
        name: "Bottled Water",
        options: "16.9 oz:16|8 oz:08|Sparkling 12 oz:SP",
        packs: ["24 ct"],
        description: "Purified bottled water, {opt}, {pack}.",
        price: [600, 1400],
      },
      {
        name: "Snack Assortment",
        options: "Chips variety:CV|Granola bars:GB|Trail mix:TM|Cookies:CK",
        packs: ["48 ct"],
        description: "Individually packed snacks, {opt}, {pack}.",
        price: [2400, 3900],
      },
      {
        name: "Dish Care",
        options: "Dish soap 38 oz:DS|Scrub sponges:SS|Dishwasher pods:DP",
        packs: ["6 ct"],
        description: "Breakroom dish care, {opt}, {pack}.",
        price: [1200, 2900],
      },
      {
        name: "Cold Cups",
        options: "12 oz paper:12|16 oz paper:16|20 oz paper:20|Clear PET 16 oz:PT",
        packs: ["1,000 ct"],
        description: "Cold beverage cups, {opt}, {pack}.",
        price: [5900, 11900],
      },
    ],
  },
  {
    id: "cat_promo",
    name: "Promotional",
    prefix: "PR",
    color: "#b83280",
    flags: ["promo", "imprint"],
    leadDays: [7, 18],
    lines: [
      {
        name: "Branded Pens",
        options: "Click pen white:CW|Metal twist pen:MT|Stylus pen:ST|Bamboo pen:BA|Gel grip pen:GG",
        packs: ["250 ct", "500 ct"],
        description: "Logo-imprinted pens, {opt}, one-color imprint, {pack}.",
        price: [14500, 39500],
      },
      {
        name: "Tote Bags",
        options: "Natural cotton canvas:NC|Non-woven polypropylene:NW|Recycled PET:RP|Jute:JU",
        packs: ["100 ct"],
        description: "Logo tote bags, {opt}, 15 × 16 in, {pack}.",
        price: [29500, 89000],
      },
      {
        name: "Water Bottles",
        options: "20 oz stainless:SS|24 oz tritan:TR|17 oz aluminum:AL|Collapsible silicone:CS",
        packs: ["50 ct"],
        description: "Logo water bottles, {opt}, laser-engraved or printed, {pack}.",
        price: [42500, 98000],
      },
      {
        name: "T-Shirts",
        options: "Cotton unisex S-XL:CU|Tri-blend unisex S-XL:TB|Performance polo S-XL:PP|Long-sleeve cotton:LS",
        packs: ["24 ct", "48 ct"],
        description: "Screen-printed shirts, {opt}, one-location print, {pack}.",
        price: [26500, 64500],
      },
      {
        name: "Lanyards",
        options: "3/4 in polyester:PL|Breakaway safety:BK|Dye-sublimated full color:DS",
        packs: ["100 ct"],
        description: "Custom lanyards, {opt}, metal J-hook, {pack}.",
        price: [18500, 42000],
      },
      {
        name: "Journals",
        options: "Hardcover 5 × 8 in:HC|Softcover 5 × 8 in:SC|Recycled spiral:RS",
        packs: ["50 ct"],
        description: "Logo journals, {opt}, debossed or printed, {pack}.",
        price: [32500, 74500],
      },
      {
        name: "Coffee Mugs",
        options: "11 oz ceramic white:CW|15 oz ceramic:15|Travel tumbler 16 oz:TT",
        packs: ["36 ct"],
        description: "Logo mugs, {opt}, {pack}.",
        price: [19500, 52000],
      },
      {
        name: "Caps",
        options: "Structured twill:ST|Unstructured dad hat:DH|Trucker mesh:TM",
        packs: ["24 ct"],
        description: "Embroidered caps, {opt}, {pack}.",
        price: [29500, 54000],
      },
      {
        name: "Die-Cut Stickers",
        options: "2 in:02|3 in:03|4 in:04",
        packs: ["250 ct", "1,000 ct"],
        description: "Full-color die-cut vinyl stickers, {opt}, {pack}.",
        price: [8900, 19500],
      },
      {
        name: "Stress Relievers",
        options: "Round ball:RD|Star:ST|Custom shape:CS",
        packs: ["250 ct"],
        description: "Foam stress relievers with pad-printed logo, {opt}, {pack}.",
        price: [24500, 49500],
      },
      {
        name: "Padfolios",
        options: "Letter padfolio:PF|Zippered portfolio:ZP",
        packs: ["25 ct"],
        description: "Debossed logo {opt}, with notepad, {pack}.",
        price: [39500, 79500],
      },
      {
        name: "USB Drives",
        options: "8 GB swivel:08|16 GB swivel:16|32 GB credit card:32",
        packs: ["50 ct"],
        description: "Logo USB flash drives, {opt}, {pack}.",
        price: [27500, 69500],
      },
      {
        name: "Umbrellas",
        options: "Compact auto-open:CA|Golf 62 in:GF",
        packs: ["24 ct"],
        description: "Logo umbrellas, {opt}, {pack}.",
        price: [34500, 72000],
      },
    ],
  },
];

/** An item as the sandbox keeps it: the account-independent facts, plus per-account views. */
export interface SandboxItem {
  id: string;
  itemCode: string;
  name: string;
  /** How order lines describe it. */
  orderDescription: string;
  description: string;
  category: SandboxCategory;
  flags: string[];
  imageCount: number;
  /** Base tiers (ACME001 prices). */
  tiers: { minQty: number; unitPrice: number }[];
  available: boolean;
  leadTimeDays: number;
}

export interface SandboxAddress {
  id: string;
  type: "shipping" | "billing";
  label: string;
  attention: string;
  street_1: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  default: boolean;
}

export interface SandboxAccount {
  id: string;
  name: string;
  parentCustId: string | null;
  createdAt: string;
  addresses: SandboxAddress[];
  approvalRequiredOver: number | null;
  billingTerms: string;
  approvers: { login: string; name: string }[];
  /** Who the API client places orders as. */
  orderedBy: { login: string; name: string };
  /** Per-account view of the catalog, sorted by item_code; built by buildCatalogs. */
  view: (item: SandboxItem) => { tiers: { minQty: number; unitPrice: number }[]; available: boolean } | null;
}

/** The documented example item, pinned so the docs' examples work against the sandbox. */
const LETTERHEAD: Omit<SandboxItem, "category"> = {
  id: "itm_5e2c8d14",
  itemCode: "FM-0014-LT",
  name: "Letterhead — #10 stock",
  orderDescription: "Letterhead — 500 ct, #10 stock",
  description: "Full-color letterhead printed on 24lb cotton stock.",
  flags: ["form", "imprint"],
  imageCount: 1,
  tiers: [
    { minQty: 1, unitPrice: 2450 },
    { minQty: 10, unitPrice: 2175 },
    { minQty: 100, unitPrice: 1890 },
  ],
  available: true,
  leadTimeDays: 5,
};

/** The order in Hygrade's reference ("Create an order"), as its wire body, against this world's ACME001. */
export const DOCUMENTED_HYGRADE_ORDER = {
  cust_id: "ACME001",
  shipping_address_id: "addr_1c9d2f3b",
  cost_center: "CC-4420",
  po_number: "PO-2026-0881",
  items: [{ item_code: "FM-0014-LT", quantity: 3 }],
};

const TIER_STEPS: number[][] = [[1], [1, 10], [1, 12], [1, 5], [1, 10, 50], [1, 6, 24], [1, 10, 100], [1, 5, 25, 100], [1, 10, 50, 250], [1, 12, 48, 144]];

function hex(random: () => number, length: number): string {
  let out = "";
  while (out.length < length)
    out += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, length);
}

/** The base catalog: deterministic for a given seed. */
export function buildBaseCatalog(seed = 20260412): SandboxItem[] {
  const random = seededRandom(seed);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const items: SandboxItem[] = [];
  const ids = new Set<string>([LETTERHEAD.id]);
  for (const category of CATEGORIES) {
    let number = 10;
    if (category.prefix === "FM") items.push({ ...LETTERHEAD, category });
    for (const line of category.lines) {
      const options = line.options.split("|").map((pair) => {
        const [label = pair, code = "XX"] = pair.split(":");
        return { label, code };
      });
      const packs = line.packs ?? [""];
      for (const option of options) {
        const optionFactor = 0.85 + random() * 0.45;
        packs.forEach((pack, packIndex) => {
          number += between(1, 3);
          if (category.prefix === "FM" && number === 14) number++; // FM-0014 is the documented letterhead
          const itemCode = `${category.prefix}-${String(number).padStart(4, "0")}-${option.code}`;
          let id = `itm_${hex(random, 8)}`;
          while (ids.has(id)) id = `itm_${hex(random, 8)}`;
          ids.add(id);
          const base = line.price[0] + random() * (line.price[1] - line.price[0]);
          const packFactor = packIndex === 0 ? 1 : 1.7 + random() * 0.6;
          const first = Math.max(99, Math.round((base * optionFactor * packFactor) / 5) * 5);
          const steps = TIER_STEPS[between(0, TIER_STEPS.length - 1)] ?? [1];
          const tiers: { minQty: number; unitPrice: number }[] = [];
          let price = first;
          for (const minQty of steps) {
            tiers.push({ minQty, unitPrice: price });
            price = Math.max(1, Math.min(price - 1, Math.round(price * (0.86 + random() * 0.08))));
          }
          const lead = line.imprint ? between(5, 21) : between(category.leadDays[0], category.leadDays[1]);
          const name = pack ? `${line.name} — ${option.label}, ${pack}` : `${line.name} — ${option.label}`;
          items.push({
            id,
            itemCode,
            name,
            orderDescription: name,
            description: line.description.replace("{opt}", option.label).replace("{pack}", pack || "each"),
            category,
            flags: [...new Set([...category.flags, ...(line.flags ?? [])])],
            imageCount: random() < 0.3 ? 2 : 1,
            tiers,
            available: random() >= 0.08,
            leadTimeDays: lead,
          });
        });
      }
    }
  }
  return items.sort((a, b) => a.itemCode.localeCompare(b.itemCode));
}

function accounts(): SandboxAccount[] {
  const globexRandom = seededRandom(4242);
  const globexView = new Map<string, { tiers: { minQty: number; unitPrice: number }[]; available: boolean } | null>();
  return [
    {
      id: "ACME001",
      name: "Acme Corporation",
      parentCustId: null,
      createdAt: "2023-11-14T00:00:00Z",
      addresses: [
        {
          id: "addr_1c9d2f3b",
          type: "shipping",
          label: "HQ - Cincinnati",
          attention: "Jane Doe",
          street_1: "4420 Industrial Blvd",
          city: "Cincinnati",
          region: "OH",
          postal_code: "45241",
          country: "US",
          default: true,
        },
        {
          id: "addr_7a4e90d2",
          type: "shipping",
          label: "Warehouse - Dayton",
          attention: "Receiving, Dock 3",
          street_1: "1200 Commerce Park Dr",
          city: "Dayton",
          region: "OH",
          postal_code: "45404",
          country: "US",
          default: false,
        },
      ],
      approvalRequiredOver: 50000,
      billingTerms: "NET30",
      approvers: [{ login: "srivera", name: "Sam Rivera" }],
      orderedBy: { login: "jdoe", name: "Jane Doe" },
      view: (item) => ({ tiers: item.tiers, available: item.available }),
    },
    {
      id: "GLOBEX01",
      name: "Globex Industries",
      parentCustId: null,
      createdAt: "2024-03-02T00:00:00Z",
      addresses: [
        {
          id: "addr_3f8b21c6",
          type: "shipping",
          label: "Plant - Columbus",
          attention: "Hank Scorpio",
          street_1: "880 Hamilton Rd",
          city: "Columbus",
          region: "OH",
          postal_code: "43213",
          country: "US",
          default: true,
        },
      ],
      approvalRequiredOver: 100000,
      billingTerms: "NET45",
      approvers: [{ login: "hscorpio", name: "Hank Scorpio" }],
      orderedBy: { login: "fgrimes", name: "Frank Grimes" },
      // Globex does not buy promotional items, sees ~10% fewer items, pays ~4-8% more, and a few stock differently.
      view: (item) => {
        if (!globexView.has(item.id)) {
          const hidden = item.category.id === "cat_promo" || (item.id !== LETTERHEAD.id && globexRandom() < 0.1);
          const markup = 1.04 + globexRandom() * 0.04;
          const flip = globexRandom() < 0.03;
          globexView.set(
            item.id,
            hidden
              ? null
              : {
                  tiers: item.tiers.map((t) => ({ minQty: t.minQty, unitPrice: Math.round(t.unitPrice * markup) })),
                  available: flip ? !item.available : item.available,
                },
          );
        }
        return globexView.get(item.id) ?? null;
      },
    },
  ];
}

export interface SandboxWorld {
  items: SandboxItem[];
  accounts: Map<string, SandboxAccount>;
  /** Per account: its catalog in list order (item_code). */
  catalogs: Map<string, WireCatalogItem[]>;
  /** Per account: id -> item. */
  itemsById: Map<string, Map<string, WireCatalogItem>>;
  /** Per account: item_code -> item. */
  itemsByCode: Map<string, Map<string, WireCatalogItem>>;
  /** item id -> account-independent record. */
  records: Map<string, SandboxItem>;
}

/** Builds the catalogs as each account sees them; image URLs point at the sandbox's own origin. */
export function buildWorld(origin: string): SandboxWorld {
  const items = buildBaseCatalog();
  const accountList = accounts();
  const world: SandboxWorld = {
    items,
    accounts: new Map(accountList.map((a) => [a.id, a])),
    catalogs: new Map(),
    itemsById: new Map(),
    itemsByCode: new Map(),
    records: new Map(items.map((i) => [i.id, i])),
  };
  for (const account of accountList) {
    const list: WireCatalogItem[] = [];
    for (const item of items) {
      const view = account.view(item);
      if (!view) continue;
      list.push(toWireItem(item, view, account.id, origin));
    }
    world.catalogs.set(account.id, list);
    world.itemsById.set(account.id, new Map(list.map((i) => [i.id, i])));
    world.itemsByCode.set(account.id, new Map(list.map((i) => [i.item_code, i])));
  }
  return world;
}

export function imageFileName(itemCode: string, index: number): string {
  return `${itemCode.toLowerCase()}-${index}.svg`;
}

function toWireItem(
  item: SandboxItem,
  view: { tiers: { minQty: number; unitPrice: number }[]; available: boolean },
  custId: string,
  origin: string,
): WireCatalogItem {
  return {
    id: item.id,
    object: "catalog_item",
    item_code: item.itemCode,
    name: item.name,
    description: item.description,
    category: { id: item.category.id, name: item.category.name },
    flags: item.flags,
    images: Array.from({ length: item.imageCount }, (_, i) => `${origin}/catalog-images/${custId}/${imageFileName(item.itemCode, i + 1)}`),
    pricing: view.tiers.map((t) => ({ min_qty: t.minQty, unit_price: usd(t.unitPrice) })),
    available: view.available,
    lead_time_days: item.leadTimeDays,
  };
}

export function toWireCustomer(account: SandboxAccount): WireCustomer {
  return {
    id: account.id,
    object: "customer",
    name: account.name,
    parent_cust_id: account.parentCustId,
    created_at: account.createdAt,
    addresses: account.addresses.map((a) => ({
      id: a.id,
      type: a.type,
      label: a.label,
      street_1: a.street_1,
      city: a.city,
      region: a.region,
      postal_code: a.postal_code,
      country: a.country,
      default: a.default,
    })),
    approval_required_over: account.approvalRequiredOver === null ? null : usd(account.approvalRequiredOver),
    billing_terms: account.billingTerms,
  };
}

/** A simple generated product image: the category colour, the item code, the category name. */
export function itemSvg(item: SandboxItem, index: number): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const shade = index > 1 ? 0.78 : 1;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480" role="img" aria-label="${esc(item.name)}">
  <rect width="480" height="480" fill="${item.category.color}" opacity="${shade}"/>
  <rect x="40" y="40" width="400" height="400" rx="24" fill="#ffffff" opacity="0.14"/>
  <text x="240" y="220" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="52" font-weight="700" fill="#ffffff">${esc(item.itemCode)}</text>
  <text x="240" y="280" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="24" fill="#ffffff">${esc(item.category.name)}</text>
  <text x="240" y="420" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="18" fill="#ffffff" opacity="0.8">Hygrade sandbox · image ${index}</text>
</svg>
`;
}
