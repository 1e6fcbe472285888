// Deterministic fake Amazon identities and orders for the local fake of LWA + SP-API.
// Everything here is FICTION: buyer names are common given/family names, e-mails use
// Amazon's anonymised relay domain with random local parts, phones use the 555-01xx
// block that North American numbering reserves for fiction. Dev/test only.

/** The fake app's LWA credentials and ids: obviously fake constants, never real secrets. */
export const FAKE_LWA_CLIENT_ID = "amzn1.application-oa2-client.fakefirefeeddemo00000000000000001";
export const FAKE_LWA_CLIENT_SECRET = "amzn1.oa2-cs.v1.FAKEfirefeeddemo0000000000000000000000000000000000000001";
export const FAKE_SPAPI_APP_ID = "amzn1.sp.solution.fake-firefeed-portal-demo";
export const FAKE_APP_NAME = "FireFeed Portal (demo)";

export const DEMO_SELLING_PARTNER_ID = "A2DEMOSELLER01";
/** A second seller with no orders, for tests that need two tenants. */
export const SECOND_DEMO_SELLING_PARTNER_ID = "A2DEMOSELLER02";
export const FAKE_SELLERS: readonly { sellingPartnerId: string; displayName: string }[] = [
  { sellingPartnerId: DEMO_SELLING_PARTNER_ID, displayName: "FireFeed Demo Store (US, CA)" },
  { sellingPartnerId: SECOND_DEMO_SELLING_PARTNER_ID, displayName: "Second Demo Store (no orders)" },
];

export const MARKETPLACE_US = "ATVPDKIKX0DER";
export const MARKETPLACE_CA = "A2EUQ1WTGCTBG2";
export type FakeMarketplaceId = typeof MARKETPLACE_US | typeof MARKETPLACE_CA;

export const MARKETPLACES: Record<FakeMarketplaceId, { salesChannel: string; currencyCode: string; countryCode: string }> = {
  [MARKETPLACE_US]: { salesChannel: "Amazon.com", currencyCode: "USD", countryCode: "US" },
  [MARKETPLACE_CA]: { salesChannel: "Amazon.ca", currencyCode: "CAD", countryCode: "CA" },
};

/** Orders v0 OrderStatus values (the canonical status; v2026 names are mapped from it). */
export type V0OrderStatus =
  | "PendingAvailability"
  | "Pending"
  | "Unshipped"
  | "PartiallyShipped"
  | "Shipped"
  | "InvoiceUnconfirmed"
  | "Canceled"
  | "Unfulfillable";

export interface FakeAddress {
  name: string;
  addressLine1: string;
  city: string;
  stateOrRegion: string;
  postalCode: string;
  countryCode: string;
  phone: string;
  addressType: "Residential" | "Commercial";
}

export interface FakeOrderItem {
  orderItemId: string;
  asin: string;
  sellerSku: string;
  title: string;
  quantityOrdered: number;
  quantityShipped: number;
  /** Unit price as a decimal string with two places. */
  unitPrice: string;
}

/** The canonical fake order, PII included (tests use it to prove the portal never stores plaintext). */
export interface FakeOrder {
  orderId: string;
  sellingPartnerId: string;
  marketplaceId: FakeMarketplaceId;
  createdTime: number;
  lastUpdatedTime: number;
  status: V0OrderStatus;
  fulfillmentChannel: "MFN" | "AFN";
  isPrime: boolean;
  isBusinessOrder: boolean;
  earliestShipDate: number;
  latestShipDate: number;
  currencyCode: string;
  items: FakeOrderItem[];
  buyer: { buyerName: string; buyerEmail: string; buyerCompanyName?: string };
  shippingAddress: FakeAddress;
}

/** mulberry32: tiny, fast, good enough for reproducible fixtures (not for anything secret). */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN_NAMES = ["Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn", "Taylor", "Jamie", "Robin", "Sam", "Alex", "Drew", "Kai", "Logan", "Reese", "Emery"];
const FAMILY_NAMES = ["Example", "Sample", "Testwood", "Demoson", "Fakely", "Mockford", "Placeholder", "Fictional", "Stubbs", "Fixture"];
const STREETS = ["Test Street", "Sample Avenue", "Demo Road", "Fixture Lane", "Mock Boulevard", "Example Way"];
const US_CITIES = [
  { city: "SEATTLE", state: "WA", zip: "98121", area: "206" },
  { city: "PORTLAND", state: "OR", zip: "97201", area: "503" },
  { city: "AUSTIN", state: "TX", zip: "78701", area: "512" },
  { city: "DENVER", state: "CO", zip: "80202", area: "303" },
  { city: "BOSTON", state: "MA", zip: "02108", area: "617" },
];
const CA_CITIES = [
  { city: "TORONTO", state: "ON", zip: "M5V 2T6", area: "416" },
  { city: "VANCOUVER", state: "BC", zip: "V6B 1A1", area: "604" },
  { city: "MONTREAL", state: "QC", zip: "H2Y 1C6", area: "514" },
  { city: "CALGARY", state: "AB", zip: "T2P 1J9", area: "403" },
];
const PRODUCTS = [
  { title: "FireFeed Demo Kindling Pack (fake product)", price: 11.01 },
  { title: "Sample Fire Starter Cubes, 48 count (fake product)", price: 8.49 },
  { title: "Example Cast Iron Grate (fake product)", price: 42.0 },
  { title: "Mock Hearth Gloves, Large (fake product)", price: 19.95 },
  { title: "Placeholder Log Carrier (fake product)", price: 27.5 },
];
// Weighted so every status shows up; Pending orders exercise the "no PII, no prices" rule.
const STATUSES: V0OrderStatus[] = ["Shipped", "Shipped", "Shipped", "Shipped", "Unshipped", "Unshipped", "PartiallyShipped", "Pending", "Pending", "Canceled"];
const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

const DAY_MS = 86_400_000;

function pick<T>(random: () => number, list: readonly T[]): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new Error("pick from an empty list");
  return value;
}

function digits(random: () => number, count: number): string {
  let out = "";
  for (let i = 0; i < count; i += 1) out += String(Math.floor(random() * 10));
  return out;
}

function randomText(random: () => number, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i += 1) out += alphabet.charAt(Math.floor(random() * alphabet.length));
  return out;
}

/**
 * Generates orders deterministically from `random`. `now` anchors the 30-day window;
 * `usedIds` keeps order ids unique across calls (addOrders).
 */
export function generateOrders(random: () => number, count: number, now: number, usedIds: Set<string>): FakeOrder[] {
  const orders: FakeOrder[] = [];
  for (let index = 0; index < count; index += 1) {
    let orderId = "";
    do {
      orderId = `${pick(random, ["111", "112", "113", "114", "701", "702"])}-${digits(random, 7)}-${digits(random, 7)}`;
    } while (usedIds.has(orderId));
    usedIds.add(orderId);

    const marketplaceId: FakeMarketplaceId = random() < 0.75 ? MARKETPLACE_US : MARKETPLACE_CA;
    const market = MARKETPLACES[marketplaceId];
    const place = pick(random, marketplaceId === MARKETPLACE_US ? US_CITIES : CA_CITIES);
    // Created within the last 30 days, last updated between creation and now (whole seconds, like Amazon).
    const createdTime = Math.floor((now - random() * 30 * DAY_MS) / 1000) * 1000;
    const lastUpdatedTime = Math.floor((createdTime + random() * (now - createdTime)) / 1000) * 1000;
    const status = pick(random, STATUSES);
    const itemCount = 1 + Math.floor(random() * 3);
    const items: FakeOrderItem[] = [];
    for (let itemIndex = 0; itemIndex < itemCount; itemIndex += 1) {
      const product = pick(random, PRODUCTS);
      const quantityOrdered = 1 + Math.floor(random() * 3);
      const quantityShipped =
        status === "Shipped" ? quantityOrdered : status === "PartiallyShipped" && itemIndex === 0 ? quantityOrdered : 0;
      items.push({
        orderItemId: digits(random, 14),
        asin: `B0${randomText(random, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 8)}`,
        sellerSku: `FF-DEMO-${digits(random, 4)}`,
        title: product.title,
        quantityOrdered,
        quantityShipped,
        unitPrice: product.price.toFixed(2),
      });
    }
    const givenName = pick(random, GIVEN_NAMES);
    const familyName = pick(random, FAMILY_NAMES);
    const isBusinessOrder = random() < 0.1;
    const phone = `+1 ${place.area}-555-01${digits(random, 2)}`;
    orders.push({
      orderId,
      sellingPartnerId: DEMO_SELLING_PARTNER_ID,
      marketplaceId,
      createdTime,
      lastUpdatedTime,
      status,
      fulfillmentChannel: random() < 0.8 ? "MFN" : "AFN",
      isPrime: random() < 0.4,
      isBusinessOrder,
      earliestShipDate: createdTime + DAY_MS,
      latestShipDate: createdTime + 3 * DAY_MS,
      currencyCode: market.currencyCode,
      items,
      buyer: {
        buyerName: `${givenName} ${familyName}`,
        buyerEmail: `${randomText(random, ALPHANUMERIC, 16)}@marketplace.amazon.com`,
        ...(isBusinessOrder ? { buyerCompanyName: `${familyName} Demo Supplies Ltd` } : {}),
      },
      shippingAddress: {
        name: `${givenName} ${familyName}`,
        addressLine1: `${100 + Math.floor(random() * 9800)} ${pick(random, STREETS)}`,
        city: place.city,
        stateOrRegion: place.state,
        postalCode: marketplaceId === MARKETPLACE_US ? `${place.zip}-${digits(random, 4)}` : place.zip,
        countryCode: market.countryCode,
        phone,
        addressType: isBusinessOrder ? "Commercial" : "Residential",
      },
    });
  }
  return orders;
}

/** Order total as a two-place decimal string (sum of unit price x quantity). */
export function orderTotal(order: FakeOrder): string {
  const cents = order.items.reduce((sum, item) => sum + Math.round(Number(item.unitPrice) * 100) * item.quantityOrdered, 0);
  return (cents / 100).toFixed(2);
}
