INSERT INTO product (sku, name, price, stock) VALUES ('TEE-001', 'Organic cotton T-shirt', 19.90, 120);
INSERT INTO product (sku, name, price, stock) VALUES ('MUG-002', 'Stoneware mug', 12.50, 80);
INSERT INTO product (sku, name, price, stock) VALUES ('BAG-003', 'Canvas tote bag', 24.00, 40);
INSERT INTO product (sku, name, price, stock) VALUES ('CAP-004', 'Baseball cap', 17.00, 60);
INSERT INTO product (sku, name, price, stock) VALUES ('SCK-005', 'Wool socks (pair)', 9.90, 200);
INSERT INTO product (sku, name, price, stock) VALUES ('LIM-006', 'Limited print', 150.00, 3);

INSERT INTO customer (username, first_seen) VALUES ('alice', CURRENT_TIMESTAMP);
INSERT INTO customer (username, first_seen) VALUES ('bob', CURRENT_TIMESTAMP);

INSERT INTO store_inventory (store, product_id, quantity) VALUES ('north', 1, 14);
INSERT INTO store_inventory (store, product_id, quantity) VALUES ('north', 2, 9);
INSERT INTO store_inventory (store, product_id, quantity) VALUES ('north', 5, 30);
INSERT INTO store_inventory (store, product_id, quantity) VALUES ('south', 1, 6);
INSERT INTO store_inventory (store, product_id, quantity) VALUES ('south', 3, 11);
INSERT INTO store_inventory (store, product_id, quantity) VALUES ('south', 4, 8);
