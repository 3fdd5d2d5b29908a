package models

import "testing"

var sinkErr error

func BenchmarkValidateCreditCode(b *testing.B) {
	for b.Loop() {
		sinkErr = ValidateCreditCode("91350100M000100Y43")
	}
}

func BenchmarkParseIDNumber(b *testing.B) {
	for b.Loop() {
		_, sinkErr = ParseIDNumber("11010519491231002X")
	}
}

func BenchmarkIDHash(b *testing.B) {
	id, err := ParseIDNumber("11010519491231002X")
	if err != nil {
		b.Fatal(err)
	}
	secret := []byte("bench-secret-0123456789abcdef012")
	b.ResetTimer()
	for b.Loop() {
		_ = id.Hash(secret)
	}
}

func BenchmarkBuildPlacement(b *testing.B) {
	employer := int64(1)
	in := PlacementInput{PersonName: "张三", IDNumber: "11010519491231002X", Groups: []string{"reemployed", "graduate"},
		EmployerID: &employer, City: "沈阳市", PlacedOn: "2023-03-02"}
	today := Date{2025, 6, 30}
	secret := []byte("bench-secret-0123456789abcdef012")
	for b.Loop() {
		fields := map[string]string{}
		_ = BuildPlacement(in, today, secret, fields)
		if len(fields) > 0 {
			b.Fatal(fields)
		}
	}
}
