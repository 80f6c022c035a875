/**
 * Yodify wire records -> pricing.ts inputs, shared by the connector and the
 * sandbox so both read the same fields the same way.
 */
import type { PricingAccount, PricingQuantityDiscount, PricingSku } from "./pricing";
import type { WireDiscountLevel, WireProduct, WireQuantityDiscount, WireSku } from "./wire";

export function pricingQuantityDiscount(qd: WireQuantityDiscount | null | undefined): PricingQuantityDiscount | null {
  if (!qd) return null;
  return {
    isActive: qd.is_active,
    applyToSalePrice: qd.apply_to_sale_price === true,
    calculation: qd.calculation,
    tiers: (qd.tiers ?? []).map((t) => ({ quantity: t.quantity, percent: t.percent_discount })),
    levels: (qd.discount_levels ?? []).map((l) => ({
      discountLevelId: l.id,
      tiers: (l.tiers ?? []).map((t) => ({ quantity: t.quantity, percent: t.percent_discount })),
    })),
  };
}

/** The SKU's own quantity discount wins over its product's. */
export function pricingSku(sku: WireSku, product: WireProduct | null | undefined): PricingSku {
  return {
    listPrice: sku.list_price,
    salePrice: sku.sale_price ?? null,
    isOnSale: sku.is_on_sale ?? false,
    saleStart: sku.sale_start_date ?? null,
    saleEnd: sku.sale_end_date ?? null,
    brandId: sku.brand?.id ?? product?.brand_id ?? product?.brand?.id ?? null,
    priceDiscounts: (sku.price_discounts ?? []).map((d) => ({ discountLevelId: d.discount_level_id, percent: d.percent_discount })),
    quantityDiscount: pricingQuantityDiscount(sku.quantity_discount ?? product?.quantity_discount),
  };
}

export function pricingAccount(level: WireDiscountLevel | null, discountLevelId: number | null): PricingAccount {
  return {
    discountLevelId: level?.id ?? discountLevelId,
    brandDiscounts: (level?.brand_discounts ?? []).map((b) => ({ brandId: b.brand_id, percent: b.percent_discount })),
  };
}
