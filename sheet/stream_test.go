package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// streamed writes rows through a Stream and opens the result with excelize;
// it answers the file's bytes too.
func streamed(t *testing.T, name string, headers []string, widths []float64, rows [][]any) (*excelize.File, []byte) {
	t.Helper()
	x, err := NewStream(name, headers, widths)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, r := range rows {
		if err := x.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Finish(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("open the export: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, b.Bytes()
}

// part is the text of one part of a workbook.
func part(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestStreamWritesWhatExcelReads(t *testing.T) {
	headers := []string{"编号", "姓名", "金额", "是否", "备注", "空"}
	rows := [][]any{
		{int64(7), "王小雨", 3.25, true, "a<b & c>d \"quoted\"", nil},
		{int64(-8), " 前后空格 ", int(12), false, "第一行\n第二行", nil},
		{int32(9), "控制\x01字符", 1e21, nil, "坏的\xffUTF-8", "末列"},
		{nil, "", nil, nil, nil, nil},
	}
	f, data := streamed(t, "就业登记&<名单>", headers, []float64{10, 12, 8.5}, rows)
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "就业登记&<名单>" {
		t.Fatalf("sheets %q", got)
	}
	sheet := f.GetSheetList()[0]
	got, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		headers,
		{"7", "王小雨", "3.25", "TRUE", "a<b & c>d \"quoted\""},
		{"-8", " 前后空格 ", "12", "FALSE", "第一行\n第二行"},
		{"9", "控制\uFFFD字符", "1E+21", "", "坏的\uFFFDUTF-8", "末列"},
	}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("rows\n got %q\nwant %q", got, want)
	}
	// Numbers are numbers (a cell without a type is one), text is text.
	for cell, kind := range map[string]excelize.CellType{"A2": excelize.CellTypeUnset, "C2": excelize.CellTypeUnset,
		"B2": excelize.CellTypeInlineString, "D2": excelize.CellTypeBool} {
		if k, err := f.GetCellType(sheet, cell); err != nil || k != kind {
			t.Errorf("%s: type %v, want %v (%v)", cell, k, kind, err)
		}
	}
	// The header row is bold on a tint and stays in view; the widths hold.
	id, err := f.GetCellStyle(sheet, "B1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	// (excelize names a fill's colour only in a workbook with a theme.)
	if err != nil || st.Font == nil || !st.Font.Bold || st.Fill.Type != "pattern" || st.Fill.Pattern != 1 ||
		!strings.Contains(part(t, data, "xl/styles.xml"), `<patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/>`) {
		t.Errorf("header style %+v %v", st, err)
	}
	if id, _ := f.GetCellStyle(sheet, "B2"); id != 0 {
		t.Errorf("data cell styled %d", id)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", panes, err)
	}
	for col, w := range map[string]float64{"A": 10, "B": 12, "C": 8.5} {
		if got, err := f.GetColWidth(sheet, col); err != nil || got != w {
			t.Errorf("width of %s: %v, want %v (%v)", col, got, w, err)
		}
	}
}

func TestStreamKeepsCellsWithinExcelsLimit(t *testing.T) {
	long := strings.Repeat("长", MaxCellChars+10)
	f, _ := streamed(t, "长", []string{"a"}, nil, [][]any{{long}})
	v, err := f.GetCellValue("长", "A2")
	if err != nil || len([]rune(v)) != MaxCellChars {
		t.Fatalf("cell of %d characters, want %d (%v)", len([]rune(v)), MaxCellChars, err)
	}
}

func TestStreamRefusesWhatItCannotWrite(t *testing.T) {
	x, err := NewStream("s", []string{"a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := x.file.Name()
	if err := x.Add([]any{struct{}{}}); err == nil {
		t.Error("a struct was written")
	}
	if err := x.Finish(); err == nil {
		t.Error("finished after a failed row")
	}
	if _, err := x.WriteTo(&bytes.Buffer{}); err == nil {
		t.Error("sent a failed export")
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}

	x, err = NewStream("s", []string{"a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := x.Add([]any{"late"}); err == nil {
		t.Error("a row added after Finish")
	}
}

func BenchmarkStream(b *testing.B) {
	row := []any{int64(123456), "王小雨", "2101**********123X", "女", "1990-01-02", 34, "高校毕业生；就业困难人员",
		"沈阳华信机械制造有限公司", "沈阳市", "2024-05-06", nil, int64(17), "2024-05-06 10:11"}
	for b.Loop() {
		x, err := NewStream("就业登记", []string{"a", "b", "c"}, []float64{10, 12, 22})
		if err != nil {
			b.Fatal(err)
		}
		for range 100_000 {
			if err := x.Add(row); err != nil {
				b.Fatal(err)
			}
		}
		if err := x.Finish(); err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

func TestColumnName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA"} {
		if got := string(columnName(n)); got != want {
			t.Errorf("column %d: %s, want %s", n, got, want)
		}
	}
}
