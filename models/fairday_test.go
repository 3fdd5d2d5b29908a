package models

import (
	"strings"
	"testing"
)

// TestTicketsCannotBeGuessed: a ticket is 128 bits from crypto/rand, written
// as 26 base32 characters; many drawn are all different, and every
// character of the alphabet turns up in every position's range.
func TestTicketsCannotBeGuessed(t *testing.T) {
	if ticketBytes*8 < 128 {
		t.Fatalf("a ticket holds %d random bits, want at least 128", ticketBytes*8)
	}
	seen := map[string]bool{}
	chars := map[rune]int{}
	for range 20000 {
		tk, err := NewTicket()
		if err != nil {
			t.Fatal(err)
		}
		if len(tk) != 26 || strings.Trim(tk, "abcdefghijklmnopqrstuvwxyz234567") != "" {
			t.Fatalf("ticket %q: want 26 lower-case base32 characters", tk)
		}
		if seen[tk] {
			t.Fatalf("ticket %q drawn twice", tk)
		}
		seen[tk] = true
		for _, r := range tk[:25] { // the last character holds only 3 bits
			chars[r]++
		}
	}
	// 500,000 characters over 32 symbols: each about 15,625 times; a biased
	// source (a clock, a counter) would leave some far off.
	for r, n := range chars {
		if n < 14000 || n > 17300 {
			t.Errorf("character %q appears %d times, want about 15,625", r, n)
		}
	}
	if len(chars) != 32 {
		t.Errorf("%d distinct characters, want 32", len(chars))
	}
	if normalTicket("  ABCD efgh ") != "abcdefgh" {
		t.Errorf("a typed ticket is read without case and spaces: %q", normalTicket("  ABCD efgh "))
	}
}
