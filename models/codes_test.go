package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Published valid examples of the two national codes.
const (
	validID = "11010519491231002X"
)

var validCreditCodes = []string{"91350100M000100Y43", "91110000600037341L"}

func TestValidateCreditCodePublishedExamples(t *testing.T) {
	for _, code := range validCreditCodes {
		if err := ValidateCreditCode(code); err != nil {
			t.Errorf("ValidateCreditCode(%q) = %v, want nil", code, err)
		}
		check, ok := CreditCodeCheckChar(code[:17])
		if !ok || check != code[17] {
			t.Errorf("CreditCodeCheckChar(%q) = %q, %v; want %q", code[:17], check, ok, code[17])
		}
		if err := ValidateCreditCode(NormalizeCreditCode("  " + strings.ToLower(code) + "\t")); err != nil {
			t.Errorf("normalised lower-case %q: %v", code, err)
		}
	}
}

func TestValidateCreditCodeRejects(t *testing.T) {
	tests := []struct {
		name, code string
		want       error
	}{
		{"empty", "", ErrCreditCodeLength},
		{"17 chars", "91350100M000100Y4", ErrCreditCodeLength},
		{"19 chars", "91350100M000100Y433", ErrCreditCodeLength},
		{"letter I is not in the set", "9135010IM000100Y43", ErrCreditCodeChar},
		{"bad check char outside the set", "91350100M000100Y4Z", ErrCreditCodeChar},
		{"lower case is not normalised here", "91110000600037341l", ErrCreditCodeChar},
		{"wrong check char", "91350100M000100Y44", ErrCreditCodeChecksum},
		{"multi-byte", "91350100M000100Y4中", ErrCreditCodeLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateCreditCode(tt.code); !errors.Is(err, tt.want) {
				t.Errorf("ValidateCreditCode(%q) = %v, want %v", tt.code, err, tt.want)
			}
		})
	}
}

// Every single-character change of a valid code must be caught: the weights
// are non-zero modulo the prime 31.
func TestValidateCreditCodeSingleChangesFail(t *testing.T) {
	replacements := creditCodeChars + "IOSVZ*-_ a"
	for _, code := range validCreditCodes {
		for pos := 0; pos < len(code); pos++ {
			for i := 0; i < len(replacements); i++ {
				c := replacements[i]
				if c == code[pos] {
					continue
				}
				mutated := code[:pos] + string(c) + code[pos+1:]
				if err := ValidateCreditCode(mutated); err == nil {
					t.Errorf("ValidateCreditCode(%q) accepted a change at %d of %q", mutated, pos, code)
				}
			}
		}
	}
}

func TestParseIDNumberPublishedExample(t *testing.T) {
	for _, in := range []string{validID, strings.ToLower(validID), " " + validID + "\n"} {
		id, err := ParseIDNumber(in)
		if err != nil {
			t.Fatalf("ParseIDNumber(%q): %v", in, err)
		}
		if got, want := id.Birth, (Date{1949, time.December, 31}); got != want {
			t.Errorf("birth %v, want %v", got, want)
		}
		if id.Sex != "女" { // 17th digit 2 is even
			t.Errorf("sex %q, want 女", id.Sex)
		}
		if got := id.Masked(); got != "1101**********002X" {
			t.Errorf("Masked() = %q", got)
		}
	}
	a, _ := ParseIDNumber(validID)
	b, _ := ParseIDNumber(strings.ToLower(validID))
	if a.Hash([]byte("k")) != b.Hash([]byte("k")) {
		t.Error("lower-case x hashes differently from upper-case X")
	}
	if a.Hash([]byte("k")) == a.Hash([]byte("other")) {
		t.Error("hash does not depend on the secret")
	}
}

func TestParseIDNumberRejects(t *testing.T) {
	withCheck := func(first17 string) string {
		c, ok := IDCheckDigit(first17)
		if !ok {
			t.Fatalf("IDCheckDigit(%q) not ok", first17)
		}
		return first17 + string(c)
	}
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrIDNumberLength},
		{"15-digit old number", "110105491231002", ErrIDNumberLength},
		{"19 chars", validID + "1", ErrIDNumberLength},
		{"letter inside", "1101051949123100AX", ErrIDNumberChar},
		{"bad check char", "11010519491231002Y", ErrIDNumberChar},
		{"wrong check digit", "110105194912310021", ErrIDNumberChecksum},
		{"30 February", withCheck("21010219990230123"), ErrIDNumberBirth},
		{"29 February of a common year", withCheck("21010219990229123"), ErrIDNumberBirth},
		{"month 13", withCheck("21010219991301123"), ErrIDNumberBirth},
		{"day 00", withCheck("21010219990100123"), ErrIDNumberBirth},
		{"before 1900", withCheck("21010218991231123"), ErrIDNumberBirth},
		{"full-width digits", "１１０１０５１９４９１２３１００２X", ErrIDNumberLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseIDNumber(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ParseIDNumber(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
	leap := withCheck("21010220000229123")
	id, err := ParseIDNumber(leap)
	if err != nil {
		t.Fatalf("29 February 2000 rejected: %v", err)
	}
	if id.Sex != "男" {
		t.Errorf("sex %q, want 男 (17th digit 3)", id.Sex)
	}
}

// Every single-character change of a valid number must fail, whether on the
// check digit or on the birth date.
func TestParseIDNumberSingleChangesFail(t *testing.T) {
	const replacements = "0123456789XAx* "
	for pos := 0; pos < len(validID); pos++ {
		for i := 0; i < len(replacements); i++ {
			c := replacements[i]
			if strings.EqualFold(string(c), string(validID[pos])) {
				continue
			}
			mutated := validID[:pos] + string(c) + validID[pos+1:]
			if _, err := ParseIDNumber(mutated); err == nil {
				t.Errorf("ParseIDNumber(%q) accepted a change at %d", mutated, pos)
			}
		}
	}
}

func TestMaskedZeroValue(t *testing.T) {
	if got := (IDNumber{}).Masked(); got != "" {
		t.Errorf("zero IDNumber masked as %q", got)
	}
}

func TestAgeOn(t *testing.T) {
	d := func(s string) Date {
		t.Helper()
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		birth, on string
		want      int
	}{
		{"2000-06-15", "2018-06-14", 17},
		{"2000-06-15", "2018-06-15", 18}, // birthday on the day
		{"2000-06-15", "2018-06-16", 18},
		{"2000-06-15", "2000-06-15", 0},
		{"1980-12-31", "2025-12-31", 45},
		{"1980-12-31", "2026-01-01", 45},
		{"2000-02-29", "2018-02-28", 17}, // Feb 29 births: a common year's 28 February is not yet the birthday
		{"2000-02-29", "2018-03-01", 18},
		{"2000-02-29", "2020-02-28", 19},
		{"2000-02-29", "2020-02-29", 20},
		{"2004-02-29", "2022-02-28", 17},
		{"2004-02-29", "2022-03-01", 18},
	}
	for _, tt := range tests {
		if got := AgeOn(d(tt.birth), d(tt.on)); got != tt.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.birth, tt.on, got, tt.want)
		}
	}
	id, err := ParseIDNumber(validID)
	if err != nil {
		t.Fatal(err)
	}
	if got := id.AgeOn(d("2023-12-30")); got != 73 {
		t.Errorf("IDNumber.AgeOn = %d, want 73", got)
	}
	if got := id.AgeOn(d("2023-12-31")); got != 74 {
		t.Errorf("IDNumber.AgeOn on the birthday = %d, want 74", got)
	}
}

func TestTodayIsShanghai(t *testing.T) {
	// 17:00 UTC on 30 June is already 1 July in Shanghai.
	if got := Today(time.Date(2025, 6, 30, 17, 0, 0, 0, time.UTC)); got.String() != "2025-07-01" {
		t.Errorf("Today = %s, want 2025-07-01", got)
	}
	if got := Today(time.Date(2025, 6, 30, 15, 59, 0, 0, time.UTC)); got.String() != "2025-06-30" {
		t.Errorf("Today = %s, want 2025-06-30", got)
	}
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{validID, strings.ToLower(validID), "", "110105491231002", "21010219990230123X", " 210102200002291238 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIDNumber(s)
		if err != nil {
			return
		}
		norm := strings.ToUpper(strings.TrimSpace(s))
		if len(norm) != 18 {
			t.Fatalf("accepted %q of length %d", s, len(norm))
		}
		check, ok := IDCheckDigit(norm[:17])
		if !ok || check != norm[17] {
			t.Fatalf("accepted %q whose check character should be %q", s, check)
		}
		if got := strings.ReplaceAll(id.Birth.String(), "-", ""); got != norm[6:14] {
			t.Fatalf("birth %s from %q", id.Birth, s)
		}
		if (norm[16]-'0')%2 == 1 != (id.Sex == "男") {
			t.Fatalf("sex %q from %q", id.Sex, s)
		}
		m := id.Masked()
		if len(m) != 18 || m[:4] != norm[:4] || m[14:] != norm[14:] || m[4:14] != strings.Repeat("*", 10) {
			t.Fatalf("Masked() = %q from %q", m, s)
		}
		again, err := ParseIDNumber(norm)
		if err != nil {
			t.Fatalf("normalised %q rejected: %v", norm, err)
		}
		if again.Hash([]byte("k")) != id.Hash([]byte("k")) || again.Birth != id.Birth || again.Sex != id.Sex {
			t.Fatalf("parsing the normalised form of %q gives another number", s)
		}
	})
}

func FuzzValidateCreditCode(f *testing.F) {
	for _, s := range append(validCreditCodes, "", "91350100M000100Y44", "91110000600037341l", " 91350100m000100y43 ", "9135010IM000100Y43") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeCreditCode(s)
		if NormalizeCreditCode(n) != n {
			t.Fatalf("normalising %q is not idempotent: %q", s, n)
		}
		err := ValidateCreditCode(n)
		if (err == nil) != (ValidateCreditCode(NormalizeCreditCode(n)) == nil) {
			t.Fatalf("validity of %q changes on normalising again", s)
		}
		if err != nil {
			return
		}
		if len(n) != 18 {
			t.Fatalf("accepted %q of length %d", n, len(n))
		}
		for i := 0; i < 18; i++ {
			if strings.IndexByte(creditCodeChars, n[i]) < 0 {
				t.Fatalf("accepted %q with %q outside the set", n, n[i])
			}
		}
		check, ok := CreditCodeCheckChar(n[:17])
		if !ok || check != n[17] {
			t.Fatalf("accepted %q whose check character should be %q", n, check)
		}
	})
}
