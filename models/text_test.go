package models_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"jobfair/models"
)

func TestTextProblem(t *testing.T) {
	for _, c := range []struct {
		name, s string
		max     int
		bad     bool
	}{
		{"plain Chinese", "沈阳市人力资源市场", 200, false},
		{"empty", "", 200, false},
		{"exactly the limit", strings.Repeat("岗", 200), 200, false},
		{"one over the limit", strings.Repeat("岗", 201), 200, true},
		{"username limit", strings.Repeat("a", 65), 64, true},
		{"NUL", "沈阳\x00公司", 200, true},
		{"BEL", "ding\a", 200, true},
		{"tab", "a\tb", 200, true},
		{"newline", "a\nb", 200, true},
		{"DEL", "a\x7fb", 200, true},
		{"C1 control", "a\u0085b", 200, true},
		{"right-to-left override", "invoice\u202egnp.exe", 200, true},
		{"left-to-right embedding", "\u202aabc", 200, true},
		{"first strong isolate", "abc\u2068", 200, true},
		{"pop directional isolate", "abc\u2069", 200, true},
		{"invalid UTF-8", "abc\xff", 200, true},
		{"a real replacement character", "abc\uFFFD", 200, false},
		{"zero width joiner is text", "👨\u200d👩", 200, false},
		{"full-width space is text", "沈阳\u3000公司", 200, false},
	} {
		got := models.TextProblem(c.s, c.max)
		if (got != "") != c.bad {
			t.Errorf("%s: TextProblem(%q) = %q, want bad=%v", c.name, c.s, got, c.bad)
		}
	}
}

type innerText struct {
	Note string `json:"note"`
}

type Embedded struct {
	Remark string `json:"remark"`
}

type hostileRequest struct {
	Embedded
	Name     string            `json:"name"`
	Username string            `json:"username" text:"64"`
	Long     string            `json:"source_text" text:"500"`
	Title    *string           `json:"title"`
	Tags     []string          `json:"programmes"`
	Inner    innerText         `json:"inner"`
	InnerPtr *innerText        `json:"inner_ptr"`
	Values   map[string]string `json:"values"`
	Any      any               `json:"any"`
	Skipped  string            `json:"-"`
	Count    int               `json:"count"`
	Raw      []byte            `json:"raw"`
}

func TestCheckTextWalksEveryString(t *testing.T) {
	bad := "x\x00y"
	title := "标题\u202e"
	in := hostileRequest{
		Embedded: Embedded{Remark: bad},
		Name:     strings.Repeat("名", 201),
		Username: strings.Repeat("u", 65),
		Long:     strings.Repeat("长", 500),
		Title:    &title,
		Tags:     []string{"chunnuan", "a\x07"},
		Inner:    innerText{Note: bad},
		InnerPtr: &innerText{Note: bad},
		Values:   map[string]string{"ok": "fine", "k": bad, "bad\x00key": "v"},
		Any:      map[string]any{"deep": []any{bad}},
		Skipped:  bad,
		Raw:      []byte{0, 1, 2},
	}
	fields := models.CheckText(&in)
	for _, name := range []string{"remark", "name", "username", "title", "programmes[1]", "inner.note",
		"inner_ptr.note", "values.k", "values", "any.deep[0]"} {
		if fields[name] == "" {
			t.Errorf("%s not named: %v", name, fields)
		}
	}
	for _, name := range []string{"source_text", "programmes[0]", "values.ok", "Skipped", "count", "raw"} {
		if fields[name] != "" {
			t.Errorf("%s named: %q", name, fields[name])
		}
	}
	if len(fields) != 10 {
		t.Errorf("fields %v", fields)
	}
	if got := fields["programmes[1]"]; got != "专项活动中的第2项不能包含控制字符" {
		t.Errorf("list item message %q", got)
	}
	if got := fields["username"]; got != "用户名不能超过64个字符" {
		t.Errorf("username message %q", got)
	}
	if got := models.CheckText(&hostileRequest{Name: "沈阳市", Long: strings.Repeat("长", 500)}); len(got) != 0 {
		t.Errorf("clean request named %v", got)
	}
	// CheckStruct applies the same rules before the type's own tags.
	fields = models.CheckStruct(models.EmployerInput{Name: "沈阳\x00公司", CreditCode: "x", City: "沈阳市"})
	if fields["name"] != "名称不能包含控制字符" || fields["credit_code"] == "" {
		t.Errorf("CheckStruct: %v", fields)
	}
}

func TestCleanText(t *testing.T) {
	if got := models.CleanText("ad\x00min\u202e\xff", 64); got != "admin" {
		t.Errorf("CleanText = %q", got)
	}
	if got := models.CleanText(strings.Repeat("名", 100), 64); utf8.RuneCountInString(got) != 64 {
		t.Errorf("CleanText kept %d characters", utf8.RuneCountInString(got))
	}
}

// FuzzTextRules checks that the checker and the cleaner agree: what the
// cleaner leaves always passes, text that passes is left as it is, and a
// refused text is never valid UTF-8 without a control, bidi or length reason.
func FuzzTextRules(f *testing.F) {
	for _, s := range []string{"", "沈阳市", "a\x00b", "\u202eabc", "abc\xff", "x\u2066y", strings.Repeat("岗", 201), "\uFFFD"} {
		f.Add(s, 200)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 1000 {
			return
		}
		clean := models.CleanText(s, max)
		if p := models.TextProblem(clean, max); p != "" {
			t.Fatalf("cleaned %q is refused: %s", clean, p)
		}
		p := models.TextProblem(s, max)
		if p == "" && clean != s {
			t.Fatalf("accepted %q was changed to %q", s, clean)
		}
		if p != "" && utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && !strings.ContainsFunc(s, func(r rune) bool {
			return r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		}) {
			t.Fatalf("%q refused for no reason: %s", s, p)
		}
		if utf8.RuneCountInString(clean) > max || len(clean) > len(s) {
			t.Fatalf("cleaned %q longer than allowed", clean)
		}
	})
}
