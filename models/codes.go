package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// creditCodeChars is the 31-character set of GB 32100-2015 (no I, O, S, V, Z).
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// Errors of the two national codes, with the Chinese reasons shown to users.
var (
	ErrCreditCodeLength   = errors.New("统一社会信用代码应为18位")
	ErrCreditCodeChar     = errors.New("统一社会信用代码含有无效字符")
	ErrCreditCodeChecksum = errors.New("统一社会信用代码校验位错误")
	ErrIDNumberLength     = errors.New("身份证号码应为18位")
	ErrIDNumberChar       = errors.New("身份证号码含有无效字符")
	ErrIDNumberBirth      = errors.New("身份证号码中的出生日期无效")
	ErrIDNumberChecksum   = errors.New("身份证号码校验码错误")
)

// NormalizeCreditCode trims white space and upper-cases a 统一社会信用代码.
func NormalizeCreditCode(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// CreditCodeCheckChar computes the check character for the first 17 characters
// of a 统一社会信用代码 (GB 32100-2015). ok is false when a character is outside the set.
func CreditCodeCheckChar(first17 string) (check byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditCodeWeights[i]
	}
	return creditCodeChars[(31-sum%31)%31], true
}

// ValidateCreditCode checks an already normalised 统一社会信用代码.
func ValidateCreditCode(code string) error {
	if len(code) != 18 {
		return ErrCreditCodeLength
	}
	check, ok := CreditCodeCheckChar(code[:17])
	if !ok || strings.IndexByte(creditCodeChars, code[17]) < 0 {
		return ErrCreditCodeChar
	}
	if check != code[17] {
		return ErrCreditCodeChecksum
	}
	return nil
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// IDCheckDigit computes the check character of an 18-digit 居民身份证号码 (GB 11643-1999)
// from its first 17 digits. ok is false when they are not all digits.
func IDCheckDigit(first17 string) (check byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11], true
}

// IDNumber is a parsed 居民身份证号码. The raw number lives only as long as the
// request that carries it: the store keeps its keyed hash and masked form.
type IDNumber struct {
	raw   string
	Birth Date
	// Sex is "男" or "女", from the parity of the 17th digit.
	Sex string
}

// ParseIDNumber checks an 18-character ID number (a lower-case x is accepted)
// and derives birth date and sex from it.
func ParseIDNumber(s string) (IDNumber, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return IDNumber{}, ErrIDNumberLength
	}
	check, ok := IDCheckDigit(s[:17])
	if !ok || !(s[17] >= '0' && s[17] <= '9' || s[17] == 'X') {
		return IDNumber{}, ErrIDNumberChar
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1900 {
		return IDNumber{}, ErrIDNumberBirth
	}
	if check != s[17] {
		return IDNumber{}, ErrIDNumberChecksum
	}
	sex := "女"
	if (s[16]-'0')%2 == 1 {
		sex = "男"
	}
	return IDNumber{raw: s, Birth: DateOf(birth), Sex: sex}, nil
}

// Masked shows the first 4 and last 4 characters: 2101**********123X.
func (id IDNumber) Masked() string {
	if len(id.raw) != 18 {
		return ""
	}
	return id.raw[:4] + strings.Repeat("*", 10) + id.raw[14:]
}

// Hash is the keyed HMAC-SHA256 of the number, used to recognise the same person
// without keeping the number itself.
func (id IDNumber) Hash(secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(id.raw))
	return hex.EncodeToString(m.Sum(nil))
}

// AgeOn is the person's age in whole years on day d.
func (id IDNumber) AgeOn(d Date) int { return AgeOn(id.Birth, d) }

// AgeOn is the age in whole years on day d of someone born on birth.
func AgeOn(birth, d Date) int {
	age := d.Year - birth.Year
	if d.Month < birth.Month || d.Month == birth.Month && d.Day < birth.Day {
		age--
	}
	return age
}
