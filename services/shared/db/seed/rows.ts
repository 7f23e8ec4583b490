/**
 * Row shapes of the contract tables as the seed writes them (column names exactly as in the database).
 * Ids of auto-increment tables are left to the database except where other rows refer to them.
 */
export interface SeedRows {
  customers: {
    id: number;
    email: string;
    full_name: string;
    country: string;
    city: string;
    created_at: string;
  }[];
  products: {
    id: number;
    sku: string;
    name: string;
    category: string;
    unit_price: number;
    active: boolean;
    created_at: string;
  }[];
  inventory: {
    product_id: number;
    on_hand: number;
    reserved: number;
    reorder_level: number;
    updated_at: string;
  }[];
  orders: {
    id: string;
    customer_id: number;
    status: string;
    channel: string;
    currency: string;
    subtotal: number;
    shipping_fee: number;
    tax: number;
    total: number;
    ship_line1: string;
    ship_city: string;
    ship_postal_code: string;
    ship_country: string;
    latitude: number | null;
    longitude: number | null;
    fraud_score: number | null;
    cancel_reason: string | null;
    placed_at: string;
    confirmed_at: string | null;
    shipped_at: string | null;
    delivered_at: string | null;
    cancelled_at: string | null;
    updated_at: string;
  }[];
  order_items: {
    order_id: string;
    line_no: number;
    product_id: number;
    sku: string;
    quantity: number;
    unit_price: number;
    line_total: number;
  }[];
  payments: {
    order_id: string;
    method: string;
    status: string;
    amount: number;
    provider_ref: string;
    created_at: string;
    updated_at: string;
  }[];
  shipments: {
    order_id: string;
    carrier: string;
    tracking_number: string;
    status: string;
    shipped_at: string | null;
    delivered_at: string | null;
  }[];
  returns: {
    order_id: string;
    reason: string;
    comment: string | null;
    sentiment: string | null;
    sentiment_score: number | null;
    status: string;
    refund_amount: number | null;
    requested_at: string;
    resolved_at: string | null;
  }[];
  order_events: {
    event_id: string;
    order_id: string;
    type: string;
    source: string;
    partition_id: string | null;
    sequence_number: number | null;
    occurred_at: string;
    recorded_at: string;
    payload: string;
  }[];
  notifications: {
    order_id: string;
    channel: string;
    recipient: string;
    template: string;
    status: string;
    attempts: number;
    last_error: string | null;
    created_at: string;
    sent_at: string | null;
  }[];
  dead_letters: {
    event_id: string | null;
    partition_id: string | null;
    sequence_number: number | null;
    reason: string;
    payload: string;
    created_at: string;
  }[];
}
