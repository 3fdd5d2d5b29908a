package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// SecretFingerprint identifies a secret without revealing it:
// HMAC-SHA256(secret, "jobfair secret fingerprint") in hex.
func SecretFingerprint(secret []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("jobfair secret fingerprint"))
	return hex.EncodeToString(mac.Sum(nil))
}
