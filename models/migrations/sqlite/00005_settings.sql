-- +goose Up
-- Facts about the installation itself, such as the fingerprint of the secret
-- the database was first started with (never the secret).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE settings;
