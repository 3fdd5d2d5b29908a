//go:build !unix

package bench

// settle has nothing to wait for where sync(2) is missing (see settle_unix.go).
func settle() {}
