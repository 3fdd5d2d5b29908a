package models

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text rules that hold for every string a client sends (API.md Part 2):
// names, titles, venues, search terms and anything else at most
// MaxTextLen characters (usernames MaxUsernameLen), valid UTF-8, no control
// characters and no bidirectional overrides or isolates, which can make a
// name read differently on screen from what is stored.
const (
	MaxTextLen     = 200
	MaxUsernameLen = 64
)

// TextProblem explains why s breaks the text rules with at most max
// characters, or answers "" when it keeps them.
func TextProblem(s string, max int) string {
	n := 0
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "含有无效的字符编码"
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			return "不能包含控制字符"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return "不能包含文字方向控制字符"
		}
		n++
	}
	if n > max {
		return fmt.Sprintf("不能超过%d个字符", max)
	}
	return ""
}

// CleanText is s with everything the text rules refuse taken out, cut to
// max characters: for text that is kept although nobody checked it (what an
// unauthenticated caller sends, an uploaded file's name).
func CleanText(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == max {
			break
		}
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") ||
			r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// CheckText applies the text rules to every string in v, a request decoded
// from JSON (a struct, or a pointer to one, with lists, maps and nested
// structs), and answers the bad fields keyed by JSON name, in Chinese. A
// field may allow a different length with the tag `text:"N"`; every other
// string gets MaxTextLen. New request types are covered without a tag.
func CheckText(v any) map[string]string {
	fields := map[string]string{}
	checkTextValue(reflect.ValueOf(v), "", MaxTextLen, fields, 0)
	return fields
}

func checkTextValue(v reflect.Value, name string, max int, fields map[string]string, depth int) {
	if depth > 10 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkTextValue(v.Elem(), name, max, fields, depth+1)
		}
	case reflect.String:
		if p := TextProblem(v.String(), max); p != "" {
			if _, dup := fields[name]; !dup {
				fields[name] = fieldLabel(name) + p
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := 0; i < v.Len(); i++ {
			checkTextValue(v.Index(i), name+"["+strconv.Itoa(i)+"]", max, fields, depth+1)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String {
				if p := TextProblem(k.String(), max); p != "" {
					fields[name] = fieldLabel(name) + "的键" + p
					continue
				}
				checkTextValue(iter.Value(), joinName(name, k.String()), max, fields, depth+1)
			} else {
				checkTextValue(iter.Value(), name, max, fields, depth+1)
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fname, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if fname == "-" {
				continue
			}
			if f.Anonymous && fname == "" {
				checkTextValue(v.Field(i), name, max, fields, depth+1)
				continue
			}
			if fname == "" {
				fname = f.Name
			}
			fmax := MaxTextLen
			tag, lines := strings.CutSuffix(f.Tag.Get("text"), ",lines")
			if n, err := strconv.Atoi(tag); err == nil && n > 0 {
				fmax = n
			}
			if lines {
				// Multi-line text (a job's description): line breaks are allowed, nothing else.
				checkLines(v.Field(i), joinName(name, fname), fmax, fields)
				continue
			}
			checkTextValue(v.Field(i), joinName(name, fname), fmax, fields, depth+1)
		}
	}
}

// lineBreaks takes out the line breaks of multi-line text before the text rules.
var lineBreaks = strings.NewReplacer("\r\n", "", "\n", "")

func checkLines(v reflect.Value, name string, max int, fields map[string]string) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.String {
		return
	}
	if p := TextProblem(lineBreaks.Replace(v.String()), max); p != "" {
		fields[name] = fieldLabel(name) + p
	}
}

func joinName(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

// fieldLabel names a field in a message the way CheckStruct does: its
// Chinese label, a list item by its number.
func fieldLabel(name string) string {
	if name == "" {
		return "请求"
	}
	last := name
	if i := strings.LastIndexByte(last, '.'); i >= 0 {
		last = last[i+1:]
	}
	base, index, isItem := strings.Cut(last, "[")
	label, ok := FieldLabels[base]
	if !ok {
		label = base
	}
	if isItem {
		label += "中的第" + itemNumber(strings.TrimSuffix(index, "]")) + "项"
	}
	return label
}
