package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var testColumns = []Column{
	{Field: "person_name", Header: "姓名", Required: true},
	{Field: "id_number", Header: "身份证号", Required: true, Aliases: []string{"身份证号码"}, Kind: Code},
	{Field: "groups", Header: "人员类别", Kind: Choice},
	{Field: "placed_on", Header: "就业日期", Kind: Date},
	{Field: "headcount", Header: "人数", Kind: Int},
	{Field: "for_graduates", Header: "面向高校毕业生（是/否）", Kind: Bool},
	{Field: "city", Header: "城市", Kind: Choice},
}

func workbook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readAllRows(t *testing.T, r *Reader) map[int][]string {
	t.Helper()
	out := map[int][]string{}
	for {
		n, cells, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if cells == nil {
			return out
		}
		out[n] = cells
	}
}

func TestReaderMatchesHeadersAndNormalisesCells(t *testing.T) {
	csv := "某某大学2023届毕业生名单\n\n*身份证号码, 姓名 ,面向高校毕业生,人员类别,就业日期,人数,城市,多余的列\n" +
		"'２１０１０２１９９００３０７００１ｘ,张三,是,毕业生；再就业,2023/3/1,\"3,000\",　沈阳市　,x\n" +
		",,,,,,,\n" +
		"210102199003070011,李四,,,明天,三,大连,\n"
	r, err := Open([]byte(csv), testColumns, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := readAllRows(t, r)
	want := map[int]string{
		4: "张三|21010219900307001X|毕业生;再就业|2023-03-01|3000|true|沈阳市",
		6: "李四|210102199003070011||明天|三||大连",
	}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for n, w := range want {
		if g := strings.Join(got[n], "|"); g != w {
			t.Errorf("row %d = %q, want %q", n, g, w)
		}
	}
	if len(r.Sum()) != 64 {
		t.Errorf("sum %q", r.Sum())
	}

	x := workbook(t, []any{"姓名", "身份证号", "就业日期"}, []any{"王五", "210102199003070011", 44986})
	r, err = Open(x, testColumns, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if g := strings.Join(readAllRows(t, r)[2], "|"); g != "王五|210102199003070011||2023-03-01|||" {
		t.Errorf("xlsx row = %q", g)
	}
}

func TestReaderRefusals(t *testing.T) {
	refusal := func(t *testing.T, err error, field, reason string, large bool) {
		t.Helper()
		var e *Error
		if !errors.As(err, &e) || e.Field != field || !strings.Contains(e.Reason, reason) || e.TooLarge != large {
			t.Errorf("error %#v, want %s: …%s… (too large %v)", err, field, reason, large)
		}
	}
	_, err := Open([]byte("姓名,城市\n张三,沈阳市\n"), testColumns, DefaultLimits)
	refusal(t, err, "header", "缺少必填列：身份证号", false)
	_, err = Open([]byte("\n\n"), testColumns, DefaultLimits)
	refusal(t, err, "file", "没有表头", false)
	_, err = Open(nil, testColumns, DefaultLimits)
	refusal(t, err, "file", "文件为空", false)

	r, err := Open([]byte("姓名,身份证号\na,1\nb,2\nc,3\n"), testColumns, Limits{Rows: 2, Unzipped: 1 << 20, SharedStrings: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for i := 0; i < 4 && last == nil; i++ {
		_, _, last = r.Next()
	}
	refusal(t, last, "file", "最多2行", false)

	long := strings.Repeat("长", MaxCellChars+1)
	r, err = Open([]byte("姓名,身份证号\n"+long+",1\n"), testColumns, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = r.Next()
	refusal(t, err, "file", "超过32767个字符", true)
}

// A workbook that inflates past a bound is refused before excelize reads it:
// one huge cell, a huge shared-string table, or a sheet larger than allowed.
func TestXLSXInflationBounds(t *testing.T) {
	small := Limits{Rows: 1000, Unzipped: 4 << 20, SharedStrings: 1 << 20}
	cases := []struct {
		name   string
		data   []byte
		lim    Limits
		reason string
	}{
		{"one huge cell", withSheetXML(t, workbook(t, []any{"姓名", "身份证号"}), `<row r="2"><c r="A2" t="inlineStr"><is><t>`+
			strings.Repeat("x", maxXMLRun+10)+`</t></is></c></row>`), DefaultLimits, "单元格"},
		{"shared strings", manyStrings(t, 3000, 400), small, "共享字符串"},
		{"sheet too large", manyNumbers(t, 8000), Limits{Rows: 1 << 20, Unzipped: 256 << 10, SharedStrings: 1 << 20}, "解压后超过"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(c.data, testColumns, c.lim)
			var e *Error
			if !errors.As(err, &e) || !e.TooLarge || !strings.Contains(e.Reason, c.reason) {
				t.Fatalf("got %v, want a refusal naming %s", err, c.reason)
			}
		})
	}
	// The same kinds of files within their bounds are read.
	if _, err := Open(manyStrings(t, 30, 400), testColumns, small); err != nil {
		t.Errorf("small shared strings refused: %v", err)
	}
}

// withSheetXML puts rows of raw XML into the first sheet of a workbook, as a
// hand-made file can: excelize itself cuts long cells when it writes.
func withSheetXML(t testing.TB, data []byte, rows string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			body = bytes.Replace(body, []byte("</sheetData>"), []byte(rows+"</sheetData>"), 1)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func manyStrings(t testing.TB, n, size int) []byte {
	rows := [][]any{{"姓名", "身份证号"}}
	for i := 0; i < n; i++ {
		rows = append(rows, []any{fmt.Sprintf("%d%s", i, strings.Repeat("名", size)), "1"})
	}
	return workbook(t, rows...)
}

func manyNumbers(t testing.TB, n int) []byte {
	rows := [][]any{{"姓名", "身份证号"}}
	for i := 0; i < n; i++ {
		rows = append(rows, []any{i, i * 7})
	}
	return workbook(t, rows...)
}

// FuzzOpen feeds arbitrary bytes through the whole reader: it never panics,
// answers rows upwards with one cell per column, or refuses with an *Error.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("姓名,身份证号\n张三,210102199003070011\n"))
	f.Add([]byte("标题\n姓名;身份证号;人数\n张三;'2101;3,000\n"))
	f.Add(workbook(f, []any{"姓名", "身份证号", "就业日期"}, []any{"王五", "2101", 44986}))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open(data, testColumns, Limits{Rows: 1000, Unzipped: 8 << 20, SharedStrings: 1 << 20})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		defer r.Close()
		last := 0
		for {
			n, cells, err := r.Next()
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error of the wrong kind: %v", err)
				}
				return
			}
			if cells == nil {
				return
			}
			if n <= last || len(cells) != len(testColumns) {
				t.Fatalf("row %d after %d with %d cells", n, last, len(cells))
			}
			last = n
		}
	})
}
