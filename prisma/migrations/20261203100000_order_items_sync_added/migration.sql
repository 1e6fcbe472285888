-- Order detail page and sync summary (issue 11).
--
-- items: the order's line items as Amazon's Orders API 2026-01-01 returns
-- them in searchOrders (ASIN, seller SKU, title, quantity, unit price). None
-- of it is buyer PII, so it is stored in clear; v0 connections leave it NULL
-- (v0 needs one getOrderItems call per order, which the sync does not make).
ALTER TABLE "amazon_orders" ADD COLUMN "items" JSONB;

-- orders_added: how many of orders_upserted were new rows, so a finished sync
-- can say "120 orders added, 3 updated" instead of one undifferentiated count.
ALTER TABLE "sync_runs" ADD COLUMN "orders_added" INTEGER NOT NULL DEFAULT 0;
