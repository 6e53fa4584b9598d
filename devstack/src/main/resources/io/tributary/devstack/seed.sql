-- The legacy schema the pipelines read: upper-case legacy names, as found in old monoliths.
CREATE TABLE IF NOT EXISTS customers (
    cust_id      bigserial PRIMARY KEY,
    cust_nm      varchar(200) NOT NULL,
    cust_email   varchar(200),
    cust_phone   varchar(40),
    cust_attrs   jsonb,
    created_ts   timestamptz NOT NULL DEFAULT now(),
    updated_ts   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS orders (
    ord_id       bigserial PRIMARY KEY,
    cust_id      bigint NOT NULL REFERENCES customers (cust_id),
    ord_total    numeric(12, 2) NOT NULL,
    ord_status   varchar(20) NOT NULL,
    updated_ts   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS commodity_prices (
    cmdty_cd     varchar(12) NOT NULL,
    price_dt     date NOT NULL,
    price_amt    numeric(18, 6) NOT NULL,
    ccy_cd       char(3) NOT NULL,
    updated_ts   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cmdty_cd, price_dt)
);
INSERT INTO customers (cust_nm, cust_email, cust_phone, cust_attrs)
SELECT 'Customer ' || n, 'customer' || n || '@example.com', '+47 555 ' || lpad(n::text, 4, '0'),
       jsonb_build_object('tier', CASE WHEN n % 3 = 0 THEN 'gold' ELSE 'standard' END, 'since', 2000 + n % 20)
FROM generate_series(1, 50) AS n
WHERE NOT EXISTS (SELECT 1 FROM customers);
INSERT INTO orders (cust_id, ord_total, ord_status)
SELECT 1 + n % 50, round((n * 13.37)::numeric, 2), CASE WHEN n % 4 = 0 THEN 'SHIPPED' ELSE 'OPEN' END
FROM generate_series(1, 200) AS n
WHERE NOT EXISTS (SELECT 1 FROM orders);
INSERT INTO commodity_prices (cmdty_cd, price_dt, price_amt, ccy_cd)
SELECT c, current_date - d, round((100 + d * 0.75 + length(c))::numeric, 6), 'USD'
FROM unnest(ARRAY['BRENT', 'WTI', 'GOLD', 'COPPER']) AS c, generate_series(0, 29) AS d
WHERE NOT EXISTS (SELECT 1 FROM commodity_prices);
-- Full row images in the change stream: an update then carries every column, TOASTed ones included, so the
-- read models can replace whole documents (external versions keep them in order) without losing a value.
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE orders REPLICA IDENTITY FULL;
