package sheet

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestParseCellDate(t *testing.T) {
	cases := []struct {
		in       string
		raw      bool
		date1904 bool
		want     string
	}{
		{"2023-03-01", false, false, "2023-03-01"},
		{"2023/3/1", false, false, "2023-03-01"},
		{"2023.3.1", false, false, "2023-03-01"},
		{"20230301", false, false, "2023-03-01"},
		{"2023年3月1日", false, false, "2023-03-01"},
		{"２０２３－０３－０１", false, false, "2023-03-01"},
		{" 2023-03-01 08:30:00 ", false, false, "2023-03-01"},
		{"2023-03-01T00:00:00Z", true, false, "2023-03-01"},
		{"44986", true, false, "2023-03-01"},
		{"44986.75", true, false, "2023-03-01"},
		{"43525", true, true, "2023-03-02"}, // the 1904 date system counts from 1904-01-01
		{"20230301", true, false, "2023-03-01"},
		{"44986", false, false, ""}, // a serial is only a date in a workbook
		{"2023-02-29", false, false, ""},
		{"2023/13/1", false, false, ""},
		{"23-03-01", false, false, ""},
		{"2023-3", false, false, ""},
		{"明天", false, false, ""},
		{"0", true, false, ""},
		{"", false, false, ""},
	}
	for _, c := range cases {
		d, ok := parseDate(c.in, c.raw, c.date1904)
		got := ""
		if ok {
			got = d.Format(time.DateOnly)
		}
		if got != c.want {
			t.Errorf("parseDate(%q, raw=%v, 1904=%v) = %q, want %q", c.in, c.raw, c.date1904, got, c.want)
		}
	}
}

func TestCellValues(t *testing.T) {
	for in, want := range map[string]string{
		" 210102199003070011 ": "210102199003070011", "２１０１０２１９９００３０７００１ｘ": "21010219900307001X",
		"'210102199003070011": "210102199003070011", `="210102199003070011"`: "210102199003070011",
		"2101 0219 9003 0700 11": "210102199003070011", "\t91210100mA0xxxxxx": "91210100MA0XXXXXX",
	} {
		if got := cleanCode(in); got != want {
			t.Errorf("cleanCode(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"姓名": "姓名", " 姓名 ": "姓名", "　姓名　": "姓名", "*身份证号": "身份证号", "＊身份证号": "身份证号",
		"面向高校毕业生（是/否）": "面向高校毕业生", "Person_Name": "person_name", "用人单位 信用代码": "用人单位信用代码",
	} {
		if got := normHeader(in); got != want {
			t.Errorf("normHeader(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]int{"5": 5, "3,000": 3000, "3000.0": 3000, "３０": 30, "4500元": 4500} {
		if got, ok := parseInt(in); !ok || got != want {
			t.Errorf("parseInt(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"1.5", "两", "", "1e99"} {
		if _, ok := parseInt(in); ok {
			t.Errorf("parseInt(%q) accepted", in)
		}
	}
	for in, want := range map[string]bool{"是": true, "否": false, "Y": true, "FALSE": false, "1": true} {
		if got, ok := parseBool(in); !ok || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := parseBool(""); ok {
		t.Error("parseBool read an empty cell as false: each import picks its own default")
	}
	if _, ok := parseBool("也许"); ok {
		t.Error("parseBool accepted 也许")
	}
}

// rowsOf reads a table into row number -> cells joined by |.
func rowsOf(t *testing.T, data []byte) map[int]string {
	t.Helper()
	tab, err := openTable(data, DefaultLimits)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer tab.close()
	out := map[int]string{}
	for tab.next() {
		n, cells := tab.row()
		out[n] = strings.Join(cells, "|")
	}
	if err := tab.err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadTableRowNumbers(t *testing.T) {
	// Blank lines are rows of the spreadsheet; a quoted cell with a line
	// break is one row.
	csvText := "姓名,备注\r\n张三,a\r\n\r\n李四,\"两行\r\n的备注\"\r\n王五,b\r\n   \r\n赵六,c"
	got := rowsOf(t, []byte(csvText))
	want := map[int]string{1: "姓名|备注", 2: "张三|a", 4: "李四|两行\n的备注", 5: "王五|b", 6: "   ", 7: "赵六|c"}
	if len(got) != len(want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("row %d = %q, want %q", n, got[n], w)
		}
	}

	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "日期"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"张三", 44986})
	f.SetSheetRow("Sheet1", "B5", &[]any{"第五行"})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	got = rowsOf(t, b.Bytes())
	if got[1] != "姓名|日期" || got[2] != "张三|44986" || got[5] != "|第五行" || got[3] != "" {
		t.Errorf("xlsx rows %v", got)
	}
}

func TestReadTableEncodings(t *testing.T) {
	text := "姓名\t城市\n张三\t沈阳市\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.ReplaceAll(text, "\t", ",")))
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	for name, data := range map[string][]byte{
		"utf8": []byte(strings.ReplaceAll(text, "\t", ",")), "bom": append([]byte("\xEF\xBB\xBF"), strings.ReplaceAll(text, "\t", ",")...),
		"gb18030": gb, "utf16 tab-separated": u16, "semicolons": []byte(strings.ReplaceAll(text, "\t", ";")),
	} {
		got := rowsOf(t, data)
		if got[1] != "姓名|城市" || got[2] != "张三|沈阳市" {
			t.Errorf("%s: %v", name, got)
		}
	}
	if _, err := openTable([]byte("PK\x03\x04garbage"), DefaultLimits); !isRefusal(err, false) {
		t.Errorf("broken zip: %v", err)
	}
	if _, err := openTable([]byte("GIF89a\x00\x01"), DefaultLimits); !isRefusal(err, false) {
		t.Errorf("image: %v", err)
	}
}

// isRefusal reports whether err is the package's own refusal of a file.
func isRefusal(err error, tooLarge bool) bool {
	var e *Error
	return errors.As(err, &e) && e.TooLarge == tooLarge && e.Field != "" && e.Reason != "" && e.Message != ""
}

// FuzzReadTable feeds arbitrary bytes to the table reader: it must not
// panic, must number rows upwards from 1, and on CSV must not invent rows.
func FuzzReadTable(f *testing.F) {
	f.Add([]byte("姓名,身份证号\n张三,210102199003070011\n"))
	f.Add([]byte("\xEF\xBB\xBFa,b\r\n\r\n\"x\ny\",z"))
	f.Add([]byte("a;b;c\n1;2;3"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := openTable(data, DefaultLimits)
		if err != nil {
			if !isRefusal(err, false) && !isRefusal(err, true) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		defer tab.close()
		last := 0
		for tab.next() {
			n, cells := tab.row()
			if n <= last {
				t.Fatalf("row %d after row %d", n, last)
			}
			last = n
			for _, c := range cells {
				if !utf8.ValidString(c) && !bytes.HasPrefix(data, []byte("PK")) {
					t.Fatalf("cell %q is not UTF-8", c)
				}
			}
		}
		if err := tab.err(); err != nil && !isRefusal(err, false) {
			t.Fatalf("error of the wrong kind: %v", err)
		}
		if raw, _ := tab.excel(); !raw {
			if lines := bytes.Count(data, []byte("\n")) + 1; last > lines {
				t.Fatalf("row %d of a text of %d lines", last, lines)
			}
		}
	})
}
