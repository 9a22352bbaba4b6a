-- The table of Note (feature flyway): Flyway runs each V<n>__*.sql once, in order, when the
-- service starts, and records it in flyway_schema_history. Change the schema with a new file
-- (V2__...), never by editing this one.
CREATE TABLE note (
    id   BIGINT AUTO_INCREMENT PRIMARY KEY,
    text VARCHAR(255) NOT NULL
);
