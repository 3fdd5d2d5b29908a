package models

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// MinSecretLength is the shortest secret the server accepts: the secret keys
// the hashes of ID numbers, and a short one could be guessed.
const MinSecretLength = 32

// secretFingerprintKey names the fingerprint in the settings table.
const secretFingerprintKey = "secret_fingerprint"

// secretLabel is what the fingerprint is an HMAC of: a fixed text, so that
// the fingerprint says nothing about the secret and about no ID number.
const secretLabel = "jobfair secret fingerprint v1"

// Errors of CheckSecret; the server explains each and stops.
var (
	ErrSecretTooShort = errors.New("secret too short")
	ErrSecretChanged  = errors.New("secret differs from the one the database was started with")
)

// SecretFingerprint is HMAC-SHA256 of a fixed label under the secret, in hex.
// It tells whether a secret is the one a database was started with, and
// cannot be turned back into the secret.
func SecretFingerprint(secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(secretLabel))
	return hex.EncodeToString(m.Sum(nil))
}

// CheckSecret holds the store's secret against the fingerprint the database
// keeps. A database without one (new, or from before fingerprints) records
// the current secret's. A secret shorter than MinSecretLength, or another
// secret than the recorded one, is refused: ID hashes made under one secret
// do not match those of another, so duplicate detection would silently stop.
func (s *Store) CheckSecret(ctx context.Context) error {
	if len(s.secret) < MinSecretLength {
		return ErrSecretTooShort
	}
	want := SecretFingerprint(s.secret)
	return s.tx(ctx, func(tx *gorm.DB) error {
		var have []string
		if err := tx.Table("settings").Where("key = ?", secretFingerprintKey).Pluck("value", &have).Error; err != nil {
			return fmt.Errorf("read secret fingerprint: %w", err)
		}
		if len(have) == 0 {
			err := tx.Clauses(clause.OnConflict{DoNothing: true}).Table("settings").Create(map[string]any{
				"key": secretFingerprintKey, "value": want, "updated_at": s.now()}).Error
			if err != nil {
				return fmt.Errorf("record secret fingerprint: %w", err)
			}
			return nil
		}
		if !hmac.Equal([]byte(have[0]), []byte(want)) {
			return ErrSecretChanged
		}
		return nil
	})
}

// ForgetSecret removes the recorded fingerprint, so that the next start
// records the secret it is given. It is for an operator who lost the secret
// and accepts that people placed before cannot be recognised any more.
func (s *Store) ForgetSecret(ctx context.Context) error {
	return dbErr(s.write(ctx).Exec("DELETE FROM settings WHERE key = ?", secretFingerprintKey).Error, "forget secret fingerprint")
}
