package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jobfair/api/apitest"
	"jobfair/models"
)

// impWorld is a router on a fresh database with what import and export
// tests need: two employers, organisers of the province and of 沈阳市, a
// 大连市 official.
type impWorld struct {
	*apitest.Env
	admin, org, syOrg, dlOff string
	code1, code2             string // credit codes of the 沈阳市 and 大连市 employers
	emp1, emp2               int64
}

func onBothImport(t *testing.T, fn func(t *testing.T, w *impWorld)) {
	t.Helper()
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			e := apitest.New(t, d)
			w := &impWorld{Env: e, admin: e.Admin()}
			w.org = e.User("imp_org", models.RoleOrganiser, "", 0)
			w.syOrg = e.User("imp_sy_org", models.RoleOrganiser, "沈阳市", 0)
			w.dlOff = e.User("imp_dl_off", models.RoleOfficial, "大连市", 0)
			w.emp1 = e.Employer("沈阳华信机械制造有限公司", "沈阳市")
			w.emp2 = e.Employer("大连海湾物流有限公司", "大连市")
			w.code1, w.code2 = apitest.CreditCode("沈阳华信机械制造有限公司"), apitest.CreditCode("大连海湾物流有限公司")
			fn(t, w)
		})
	}
}

// idNo makes a valid ID number of a 沈阳市 person born on birth (YYYYMMDD).
func idNo(birth string, serial int) string {
	first := fmt.Sprintf("210102%s%03d", birth, serial)
	check, _ := models.IDCheckDigit(first)
	return first + string(check)
}

// badCheck is id with a wrong check digit.
func badCheck(id string) string {
	last := id[17]
	if last == '1' {
		return id[:17] + "2"
	}
	return id[:17] + "1"
}

// goodRows are three valid placements of 2025 in 沈阳市.
func (w *impWorld) goodRows() [][]string {
	return [][]string{
		{"张三", idNo("19900307", 11), "失业人员再就业；就业困难人员", w.code1, "沈阳市", "2025-03-01"},
		{"李四", idNo("19850512", 12), "", w.code1, "沈阳市", "2025/3/2"},
		{"王五", idNo("20000101", 13), "graduate;veteran", w.code2, "大连市", "2025-03-03"},
	}
}

// wantImported checks a 201 {"imported": n} and that the tallies agree with the records.
func (w *impWorld) wantImported(t *testing.T, r *apitest.Response, n int) {
	t.Helper()
	if r.Code != http.StatusCreated {
		t.Fatalf("import: status %d, want 201: %s", r.Code, r.Body)
	}
	if got := r.JSON()["imported"]; got != float64(n) {
		t.Fatalf("imported %v, want %d: %s", got, n, r.Body)
	}
	drift, err := w.Store.Verify(context.Background())
	if err != nil || len(drift) > 0 {
		t.Fatalf("tallies drift after import: %v %v", drift, err)
	}
}

// rowErrors decodes the rows of a 422 import answer: row -> field -> reason.
func rowErrors(t *testing.T, r *apitest.Response) (map[int]map[string]string, int) {
	t.Helper()
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.Code, r.Body)
	}
	var body struct {
		Error struct {
			Code    string
			Rows    []models.RowError
			BadRows int `json:"bad_rows"`
		}
	}
	r.Decode(t, &body)
	if body.Error.Code != models.EInvalid {
		t.Fatalf("code %q, want validation_failed", body.Error.Code)
	}
	out := map[int]map[string]string{}
	for _, row := range body.Error.Rows {
		out[row.Row] = row.Fields
	}
	return out, body.Error.BadRows
}

func TestImportPlacementsEncodingsAndHeaders(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		rows := w.goodRows()
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csvFile(placementHeader, shift(rows, 50)))
		if err != nil {
			t.Fatal(err)
		}
		english := []string{"person_name", "id_number", "groups", "employer_credit_code", "city", "placed_on"}
		messy := []string{"　姓名　", "＊身份证号", "人员类别（可多选）", "用人单位信用代码", "城市", " 就业日期 ", "备注"}
		textDates := [][]string{
			{"赵六", idNo("19900307", 21), "", w.code1, "沈阳市", "2025-03-01"},
			{"钱七", idNo("19900307", 22), "", w.code1, "沈阳", "2025.3.2"},
			{"孙八", idNo("19900307", 23), "", w.code1, "沈阳市", "20250303"},
			{"周九", idNo("19900307", 24), "", w.code1, "沈阳市", "2025年3月4日"},
		}
		cases := []struct {
			name string
			file string
			data []byte
			n    int
		}{
			{"utf8", "a.csv", csvFile(placementHeader, rows), 3},
			{"bom", "b.csv", append([]byte("\xEF\xBB\xBF"), csvFile(placementHeader, shift(rows, 100))...), 3},
			{"gb18030", "c.csv", gb, 3},
			{"english", "d.csv", csvFile(english, shift(rows, 200)), 3},
			{"messy header, extra column, blank rows", "e.csv",
				[]byte(strings.ReplaceAll(string(csvFile(messy, withCol(shift(rows, 300), "备注"))), "\n", "\n\n")), 3},
			{"xlsx date cells", "f.xlsx", xlsxFile(t, placementHeader, shift(rows, 400), map[int]bool{5: true}), 3},
			{"xlsx text dates", "g.xlsx", xlsxFile(t, placementHeader, textDates, nil), 4},
		}
		total := 0
		for _, c := range cases {
			r := upload(w.Env, w.org, "/api/v1/placements/import", c.file, c.data)
			if r.Code != http.StatusCreated {
				t.Fatalf("%s: %d %s", c.name, r.Code, r.Body)
			}
			w.wantImported(t, r, c.n)
			total += c.n
		}
		if n := apitest.Count(t, w.Store, "placements"); n != int64(total) {
			t.Fatalf("%d placements, want %d", n, total)
		}
		// Groups and dates arrive as they were meant.
		list := w.Must(http.StatusOK, w.admin, "GET", "/api/v1/placements?page_size=500", nil)
		var page struct {
			Items []struct {
				PersonName string   `json:"person_name"`
				Groups     []string `json:"groups"`
				PlacedOn   string   `json:"placed_on"`
				IDNumber   string   `json:"id_number"`
				City       string
			}
		}
		list.Decode(t, &page)
		seen := map[string]string{}
		for _, p := range page.Items {
			seen[p.PersonName+p.PlacedOn] = strings.Join(p.Groups, ",") + "|" + p.City
			if !regexp.MustCompile(`^\d{4}\*{10}\d{3}[\dX]$`).MatchString(p.IDNumber) {
				t.Errorf("id_number %q is not masked", p.IDNumber)
			}
		}
		for key, want := range map[string]string{
			"张三2025-03-01": "reemployed,hard_to_employ|沈阳市", "李四2025-03-02": "|沈阳市",
			"王五2025-03-03": "graduate,veteran|大连市", "钱七2025-03-02": "|沈阳市", "孙八2025-03-03": "|沈阳市",
			"周九2025-03-04": "|沈阳市",
		} {
			if seen[key] != want {
				t.Errorf("%s: %q, want %q", key, seen[key], want)
			}
		}
	})
}

// shift gives the rows other ID numbers (serial + by), so that one file can
// be imported after another.
func shift(rows [][]string, by int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		r = append([]string(nil), r...)
		serial := 0
		fmt.Sscanf(r[1][14:17], "%d", &serial)
		r[1] = idNo(r[1][6:14], serial+by)
		out[i] = r
	}
	return out
}

func withCol(rows [][]string, v string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append(append([]string(nil), r...), v)
	}
	return out
}

func TestImportPlacementsReportsEveryBadRow(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		placedBefore := idNo("19800101", 31)
		w.Must(http.StatusCreated, w.admin, "POST", "/api/v1/placements", map[string]any{"person_name": "旧人",
			"id_number": placedBefore, "employer_id": w.emp1, "city": "沈阳市", "placed_on": "2025-01-10"})
		unknownCode := apitest.CreditCode("未登记的公司")
		badCode := w.code1[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", w.code1[17])+1)%31])
		first := idNo("19900307", 1)
		rows := [][]string{
			{"张三", first, "失业人员再就业", w.code1, "沈阳市", "2025-03-01"},                  // 2 good
			{"李四", badCheck(idNo("19900307", 2)), "", w.code1, "沈阳市", "2025-03-01"}, // 3 checksum
			{"王五", idNo("19900307", 3), "", w.code1, "长春市", "2025-03-01"},           // 4 city
			{"赵六", idNo("19900307", 4), "外星人", w.code1, "沈阳市", "2025-03-01"},        // 5 group
			{"钱七", idNo("19900307", 5), "", unknownCode, "沈阳市", "2025-03-01"},       // 6 employer unknown
			{"孙八", first, "", w.code1, "沈阳市", "2025-05-01"},                         // 7 same person as row 2
			{"", "", "", "", "", ""}, // 8 empty: skipped
			{"周九", idNo("19900307", 6), "", w.code1, "沈阳市", "2025-07-01"},  // 9 future
			{"吴十", idNo("19700307", 7), "", w.code1, "沈阳市", "1999-12-31"},  // 10 before 2000
			{"郑一", idNo("20120307", 8), "", w.code1, "沈阳市", "2025-01-01"},  // 11 aged 12
			{"", idNo("19900307", 9), "", w.code1, "沈阳市", "2025-01-01"},    // 12 no name
			{"冯二", idNo("19900307", 10), "", badCode, "沈阳市", "2025-01-01"}, // 13 credit code checksum
			{"陈三", placedBefore, "", w.code1, "沈阳市", "2025-02-01"},         // 14 placed in 2025 already
			{"褚四", idNo("19900307", 11), "", w.code1, "沈阳市", "2025/13/45"}, // 15 no such date
			{"卫五", idNo("19900307", 12), "", w.code1, "沈阳市", ""},           // 16 no date
			{"蒋六", idNo("19900307", 13), "", w.code1, "大连市", "2025-03-01"}, // 17 fine for a province organiser
		}
		before := apitest.Snapshot(t, w.Store)
		got, bad := rowErrors(t, upload(w.Env, w.org, "/api/v1/placements/import", "bad.csv", csvFile(placementHeader, rows)))
		want := map[int]map[string]string{
			3:  {"id_number": "校验码"},
			4:  {"city": "地级市"},
			5:  {"groups": "外星人"},
			6:  {"employer_credit_code": "未在平台登记"},
			7:  {"id_number": "与第2行是同一人"},
			9:  {"placed_on": "不能晚于今天"},
			10: {"placed_on": "2000"},
			11: {"placed_on": "16"},
			12: {"person_name": "必填"},
			13: {"employer_credit_code": "校验位"},
			14: {"id_number": "已于2025年登记"},
			15: {"placed_on": "无法识别的日期"},
			16: {"placed_on": "必填"},
		}
		if bad != len(want) {
			t.Errorf("bad_rows %d, want %d", bad, len(want))
		}
		checkRowErrors(t, got, want)
		if after := apitest.Snapshot(t, w.Store); !maps.Equal(before, after) {
			t.Errorf("a rejected import changed the database:\n%v\n%v", before, after)
		}

		// A city organiser may import its own city only.
		rows = [][]string{
			{"张三", idNo("19900307", 41), "", w.code1, "沈阳市", "2025-03-01"},
			{"李四", idNo("19900307", 42), "", w.code2, "大连市", "2025-03-01"},
		}
		got, bad = rowErrors(t, upload(w.Env, w.syOrg, "/api/v1/placements/import", "scope.csv", csvFile(placementHeader, rows)))
		checkRowErrors(t, got, map[int]map[string]string{3: {"city": "无权导入其他城市的记录"}})
		if bad != 1 {
			t.Errorf("bad_rows %d, want 1", bad)
		}
		w.wantImported(t, upload(w.Env, w.syOrg, "/api/v1/placements/import", "scope.csv", csvFile(placementHeader, rows[:1])), 1)
	})
}

func checkRowErrors(t *testing.T, got, want map[int]map[string]string) {
	t.Helper()
	for row, fields := range want {
		for field, part := range fields {
			if msg := got[row][field]; !strings.Contains(msg, part) {
				t.Errorf("row %d %s: %q, want it to mention %q (row: %v)", row, field, msg, part, got[row])
			}
		}
		for field := range got[row] {
			if _, ok := fields[field]; !ok {
				t.Errorf("row %d: unexpected problem with %s: %q", row, field, got[row][field])
			}
		}
	}
	for row := range got {
		if _, ok := want[row]; !ok {
			t.Errorf("row %d reported, want it fine: %v", row, got[row])
		}
	}
}

func TestImportPlacementsAllOrNothing(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		rows := personRows(3000, []string{w.code1, w.code2})
		for i := range rows {
			rows[i][5] = time.Date(2025, 1, 1+i%180, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		}
		rows[len(rows)-1][1] = badCheck(rows[len(rows)-1][1])
		before := apitest.Snapshot(t, w.Store)
		got, bad := rowErrors(t, upload(w.Env, w.org, "/api/v1/placements/import", "big.csv", csvFile(placementHeader, rows)))
		if bad != 1 || got[len(rows)+1]["id_number"] == "" {
			t.Fatalf("want only row %d reported, got %d rows: %v", len(rows)+1, bad, got)
		}
		if after := apitest.Snapshot(t, w.Store); !maps.Equal(before, after) {
			t.Fatalf("a rejected import changed the database:\n%v\n%v", before, after)
		}
		audits := apitest.Count(t, w.Store, "audit_log")

		// Without the bad row it goes in, audited once; the same file again is every row a duplicate.
		data := csvFile(placementHeader, rows[:len(rows)-1])
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/placements/import", "名单.csv", data), len(rows)-1)
		if n := apitest.Count(t, w.Store, "audit_log"); n != audits+1 {
			t.Errorf("audit entries %d, want %d", n, audits+1)
		}
		r := w.Must(http.StatusOK, w.admin, "GET", "/api/v1/audit?action=import", nil)
		detail := fmt.Sprint(r.JSON()["items"])
		sum := sha256.Sum256(data)
		for _, part := range []string{"名单.csv", "2999", hex.EncodeToString(sum[:]), "placement"} {
			if !strings.Contains(detail, part) {
				t.Errorf("audit entry lacks %q: %s", part, detail)
			}
		}
		before = apitest.Snapshot(t, w.Store)
		again := upload(w.Env, w.org, "/api/v1/placements/import", "名单.csv", data)
		got, bad = rowErrors(t, again)
		if bad != len(rows)-1 || len(got) != 1000 {
			t.Errorf("duplicate file: bad_rows %d (want %d), listed %d (want 1000)", bad, len(rows)-1, len(got))
		}
		if !strings.Contains(got[2]["id_number"], "已于2025年登记") {
			t.Errorf("row 2: %v", got[2])
		}
		if msg := again.JSON()["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "同一文件") {
			t.Errorf("message does not say the file was imported before: %s", msg)
		}
		if after := apitest.Snapshot(t, w.Store); !maps.Equal(before, after) {
			t.Fatalf("a duplicate file changed the database")
		}
	})
}

func TestImportRejectsWhatIsNotASpreadsheet(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
		var zipped bytes.Buffer
		zw := zip.NewWriter(&zipped)
		f, _ := zw.Create("readme.txt")
		f.Write([]byte("hello"))
		zw.Close()
		cases := []struct {
			name, file string
			data       []byte
			field      string
		}{
			{"png", "photo.png", png, "file"},
			{"zip", "a.xlsx", zipped.Bytes(), "file"},
			{"xls", "old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "file"},
			{"empty", "empty.csv", nil, "file"},
			{"header only", "t.csv", csvFile(placementHeader, nil), "file"},
			{"text", "notes.txt", []byte("这是一份会议纪要，\n不是名单。\n"), "header"},
			{"missing columns", "m.csv", []byte("姓名,城市,就业日期\n张三,沈阳市,2025-01-01\n"), "header"},
		}
		for _, c := range cases {
			r := upload(w.Env, w.org, "/api/v1/placements/import", c.file, c.data)
			if r.Code != http.StatusUnprocessableEntity || r.ErrorFields()[c.field] == nil {
				t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.Code, r.Body, c.field)
			}
		}
		r := upload(w.Env, w.org, "/api/v1/placements/import", "m.csv", []byte("姓名,城市,就业日期\n张三,沈阳市,2025-01-01\n"))
		if msg, _ := r.ErrorFields()["header"].(string); !strings.Contains(msg, "身份证号") || !strings.Contains(msg, "用人单位信用代码") {
			t.Errorf("missing columns not named: %q", msg)
		}
		// A JSON body, and a form without the field.
		r = w.Do(w.org, "POST", "/api/v1/placements/import", map[string]any{"rows": 1})
		if r.Code != http.StatusBadRequest {
			t.Errorf("JSON body: %d %s", r.Code, r.Body)
		}
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("note", "x")
		mw.Close()
		r = w.Do(w.org, "POST", "/api/v1/placements/import", b.Bytes(), "Content-Type", mw.FormDataContentType())
		if r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["file"] == nil {
			t.Errorf("no file: %d %s", r.Code, r.Body)
		}
		if n := apitest.Count(t, w.Store, "placements"); n != 0 {
			t.Errorf("%d placements written", n)
		}
	})
}

func TestImportTooLarge(t *testing.T) {
	e := apitest.New(t, "sqlite")
	tok := e.User("big_org", models.RoleOrganiser, "", 0)
	data := bytes.Repeat([]byte("张三,210102199003070011,,91210100MA0XXXXXX,沈阳市,2025-01-01\n"), 21<<20/60)
	body, ctype := multipartBody(t, "big.csv", append(csvFile(placementHeader, nil), data...))
	for _, chunked := range []bool{false, true} {
		var rd io.Reader = bytes.NewReader(body)
		if chunked {
			rd = io.MultiReader(rd) // no length known up front
		}
		req := httptest.NewRequest("POST", "/api/v1/placements/import", rd)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", "Bearer "+tok)
		if chunked {
			req.ContentLength = -1
		}
		r := e.Serve(req)
		if r.Code != http.StatusRequestEntityTooLarge || r.ErrorCode() != models.ETooLarge {
			t.Errorf("chunked=%v: %d %.300s, want 413 too_large", chunked, r.Code, r.Body)
		}
	}
}

func TestImportJobs(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		fair := apitest.ID(t, w.Must(http.StatusCreated, w.org, "POST", "/api/v1/fairs", map[string]any{
			"title": "春季招聘会", "city": "沈阳市", "mode": "onsite", "programmes": []string{"graduates"},
			"starts_at": "2025-03-01T09:00:00+08:00", "ends_at": "2025-03-01T16:00:00+08:00"}))
		header := []string{"岗位名称", "用人单位信用代码", "城市", "招聘人数", "面向高校毕业生（是/否）", "发布日期", "最低月薪", "最高月薪", "学历要求", "招聘会编号"}
		rows := [][]string{
			{"机械设计工程师", w.code1, "", "5", "是", "2025-02-20", "6000", "9000", "本科", fmt.Sprint(fair)},
			{"仓储管理员", w.code2, "大连市", "3", "否", "2025/2/21", "", "", "", ""},
			{"数控操作工", w.code1, "沈阳", "10", "", "", "4500", "6500", "senior_high", ""},
		}
		r := upload(w.Env, w.org, "/api/v1/jobs/import", "jobs.csv", csvFile(header, rows))
		w.wantImported(t, r, 3)
		list := w.Must(http.StatusOK, w.admin, "GET", "/api/v1/jobs?page_size=10", nil)
		var page struct{ Items []models.Job }
		list.Decode(t, &page)
		byTitle := map[string]models.Job{}
		for _, j := range page.Items {
			byTitle[j.Title] = j
		}
		if j := byTitle["机械设计工程师"]; j.City != "沈阳市" || j.Headcount != 5 || !j.ForGraduates || j.Education != "bachelor" ||
			j.FairID == nil || *j.FairID != fair || *j.SalaryMax != 9000 || j.EmployerID != w.emp1 {
			t.Errorf("机械设计工程师: %+v", j)
		}
		if j := byTitle["数控操作工"]; j.PostedOn != w.Store.Today() || j.Education != "senior_high" || j.ForGraduates {
			t.Errorf("数控操作工: %+v", j)
		}
		// English headers and bad rows.
		english := []string{"title", "employer_credit_code", "city", "headcount", "for_graduates", "posted_on", "salary_min", "salary_max", "education", "fair_id"}
		rows = [][]string{
			{"会计", w.code1, "沈阳市", "2", "是", "2025-01-01", "", "", "", ""},
			{"出纳", w.code1, "沈阳市", "0", "是", "2025-01-01", "", "", "", ""},
			{"", w.code1, "沈阳市", "1", "也许", "2025-08-01", "9000", "5000", "小学", "99999"},
			{"司机", apitest.CreditCode("无此单位"), "沈阳市", "两个", "否", "2025-01-01", "", "", "", ""},
		}
		before := apitest.Snapshot(t, w.Store)
		got, bad := rowErrors(t, upload(w.Env, w.org, "/api/v1/jobs/import", "jobs.csv", csvFile(english, rows)))
		checkRowErrors(t, got, map[int]map[string]string{
			3: {"headcount": "1"},
			4: {"title": "必填", "for_graduates": "是", "posted_on": "不能晚于今天", "salary_max": "不能低于",
				"education": "小学", "fair_id": "不存在"},
			5: {"employer_credit_code": "未在平台登记", "headcount": "不是整数"},
		})
		if bad != 3 {
			t.Errorf("bad_rows %d, want 3", bad)
		}
		if after := apitest.Snapshot(t, w.Store); !maps.Equal(before, after) {
			t.Errorf("a rejected import changed the database")
		}
		// A 沈阳市 organiser: a row of the 大连市 employer with no city is another city's.
		got, _ = rowErrors(t, upload(w.Env, w.syOrg, "/api/v1/jobs/import", "jobs.csv",
			csvFile(header, [][]string{{"理货员", w.code2, "", "2", "否", "2025-01-01", "", "", "", ""}})))
		checkRowErrors(t, got, map[int]map[string]string{2: {"city": "无权导入其他城市"}})
	})
}

func TestImportTemplates(t *testing.T) {
	e := apitest.New(t, "sqlite")
	org := e.User("tpl_org", models.RoleOrganiser, "", 0)
	for _, c := range []struct {
		path   string
		header string
	}{
		{"/api/v1/placements/template.csv", "姓名,身份证号,人员类别,用人单位信用代码,城市,就业日期\r\n"},
		{"/api/v1/jobs/template.csv", "岗位名称,用人单位信用代码,城市,招聘人数,面向高校毕业生（是/否）,发布日期,最低月薪,最高月薪,学历要求,招聘会编号\r\n"},
	} {
		r := e.Must(http.StatusOK, org, "GET", c.path, nil)
		if string(r.Body) != "\uFEFF"+c.header {
			t.Errorf("%s: %q", c.path, r.Body)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "filename*=UTF-8''") {
			t.Errorf("%s: Content-Disposition %q", c.path, cd)
		}
	}
	for _, c := range []struct {
		path, sheet string
		cols        []models.Column
	}{
		{"/api/v1/placements/template.xlsx", "就业登记", models.PlacementColumns},
		{"/api/v1/jobs/template.xlsx", "岗位", models.JobColumns},
	} {
		r := e.Must(http.StatusOK, org, "GET", c.path, nil)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if got := f.GetSheetList(); len(got) != 2 || got[0] != c.sheet || got[1] != "填写说明" {
			t.Errorf("%s: sheets %v", c.path, got)
		}
		rows, _ := f.GetRows(c.sheet)
		if len(rows) != 1 || len(rows[0]) != len(c.cols) || rows[0][0] != c.cols[0].Header {
			t.Errorf("%s: rows %v", c.path, rows)
		}
		help, _ := f.GetRows("填写说明")
		text := fmt.Sprint(help)
		for _, part := range []string{"葫芦岛市", "必填"} {
			if !strings.Contains(text, part) {
				t.Errorf("%s: 填写说明 lacks %q", c.path, part)
			}
		}
		f.Close()
		// The empty template imports as "no rows".
		path := strings.Replace(c.path, "template.xlsx", "import", 1)
		if r := upload(e, org, path, "t.xlsx", r.Body); r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["file"] == nil {
			t.Errorf("%s: empty template: %d %s", path, r.Code, r.Body)
		}
	}
}

func TestExportPlacementsAndJobs(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/placements/import", "a.csv", csvFile(placementHeader, w.goodRows())), 3)
		r := w.Must(http.StatusOK, w.admin, "GET", "/api/v1/placements/export.xlsx?year=2025", nil)
		if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("就业登记")) {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows := xlsxRows(t, r.Body)
		if len(rows) != 4 || rows[0][0] != "编号" || rows[0][2] != "身份证号" {
			t.Fatalf("rows %v", rows)
		}
		masked := regexp.MustCompile(`^\d{4}\*{10}\d{3}[\dX]$`)
		raw := map[string]bool{}
		for _, g := range w.goodRows() {
			raw[g[1]] = true
		}
		for _, row := range rows[1:] {
			if !masked.MatchString(row[2]) || raw[row[2]] {
				t.Errorf("ID number not masked: %q", row[2])
			}
		}
		// A 大连市 official exports its city only, and no other.
		rows = xlsxRows(t, w.Must(http.StatusOK, w.dlOff, "GET", "/api/v1/placements/export.xlsx", nil).Body)
		if len(rows) != 2 || rows[1][8] != "大连市" {
			t.Errorf("大连市 official: %v", rows)
		}
		if r := w.Do(w.dlOff, "GET", "/api/v1/placements/export.xlsx?city=沈阳市", nil); r.Code != http.StatusForbidden {
			t.Errorf("other city: %d", r.Code)
		}
		if r := w.Do(w.dlOff, "GET", "/api/v1/placements/export.xlsx?group=nonsense", nil); r.Code != http.StatusBadRequest {
			t.Errorf("bad filter: %d", r.Code)
		}

		header := []string{"岗位名称", "用人单位信用代码", "招聘人数", "面向高校毕业生"}
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/jobs/import", "j.csv", csvFile(header, [][]string{
			{"焊工", w.code1, "4", "否"}, {"管培生", w.code2, "6", "是"}})), 2)
		rows = xlsxRows(t, w.Must(http.StatusOK, w.admin, "GET", "/api/v1/jobs/export.xlsx?for_graduates=true", nil).Body)
		if len(rows) != 2 || rows[0][1] != "岗位名称" || rows[1][1] != "管培生" || rows[1][5] != "是" || rows[1][2] != "大连海湾物流有限公司" {
			t.Errorf("jobs export: %v", rows)
		}
		empTok := w.User("imp_emp", models.RoleEmployer, "", w.emp1)
		rows = xlsxRows(t, w.Must(http.StatusOK, empTok, "GET", "/api/v1/jobs/export.xlsx", nil).Body)
		if len(rows) != 2 || rows[1][1] != "焊工" {
			t.Errorf("employer's export: %v", rows)
		}
		if r := w.Do(empTok, "GET", "/api/v1/placements/export.xlsx", nil); r.Code != http.StatusForbidden {
			t.Errorf("employer exporting placements: %d", r.Code)
		}
	})
}

// Every cell of a placement export says what the record says, on both
// databases, newest placement first.
func TestExportPlacementsCellByCell(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		w.wantImported(t, upload(w.Env, w.org, "/api/v1/placements/import", "a.csv", csvFile(placementHeader, w.goodRows())), 3)
		rows := xlsxRows(t, w.Must(http.StatusOK, w.admin, "GET", "/api/v1/placements/export.xlsx?year=2025", nil).Body)
		if len(rows) != 4 {
			t.Fatalf("rows %v", rows)
		}
		groupName := map[string]string{}
		for _, g := range models.Groups {
			groupName[g.Code] = g.Name
		}
		for i, row := range rows[1:] {
			var p models.Placement
			w.Must(http.StatusOK, w.admin, "GET", "/api/v1/placements/"+row[0], nil).Decode(t, &p)
			var groups []string
			for _, g := range p.GroupCodes {
				groups = append(groups, groupName[g])
			}
			want := []string{strconv.FormatInt(p.ID, 10), p.PersonName, p.IDMasked, p.Sex, p.BirthDate.String(),
				strconv.Itoa(p.Age), strings.Join(groups, "；"), p.EmployerName, p.City, p.PlacedOn.String(), "", "",
				p.CreatedAt.In(models.Shanghai).Format("2006-01-02 15:04")}
			for len(row) < len(want) {
				row = append(row, "")
			}
			if fmt.Sprintf("%q", row) != fmt.Sprintf("%q", want) {
				t.Errorf("row %d\n got %q\nwant %q", i+2, row, want)
			}
			if day := []string{"2025-03-03", "2025-03-02", "2025-03-01"}[i]; row[9] != day {
				t.Errorf("row %d placed on %s, want %s first", i+2, row[9], day)
			}
		}
		if rows[1][6] != "高校毕业生；退役军人" || rows[1][4] != "2000-01-01" || rows[1][5] != "25" || rows[1][12] == "" {
			t.Errorf("first row %q", rows[1])
		}
	})
}

func xlsxRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// benchRows is the size of the files the import and export benchmarks use.
const benchRows = 100_000

// personRows makes n placement rows with distinct valid ID numbers, placed in
// 2024 with employers from codes, as strings in template order.
func personRows(n int, codes []string) [][]string {
	rows := make([][]string, n)
	groups := []string{"", "失业人员再就业", "失业人员再就业；就业困难人员", "高校毕业生", "rural_migrant", "退役军人"}
	for i := range rows {
		city := models.Cities[i%len(models.Cities)]
		birth := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/1000*7)
		first := fmt.Sprintf("%s02%s%03d", city.Code, birth.Format("20060102"), i%1000)
		check, _ := models.IDCheckDigit(first)
		placed := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%360)
		rows[i] = []string{"张" + string(rune(0x4E00+i%2000)) + "明", first + string(check), groups[i%len(groups)],
			codes[i%len(codes)], city.Name, placed.Format("2006-01-02")}
	}
	return rows
}

func csvFile(header []string, rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.Bytes()
}

// xlsxFile writes rows to a workbook as Excel saves one (text in the shared
// strings table); cells of dateCols go in as Excel date serials, which is
// what a date typed into Excel is.
func xlsxFile(t testing.TB, header []string, rows [][]string, dateCols map[int]bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	row := make([]any, len(header))
	for i, h := range header {
		row[i] = h
	}
	if err := f.SetSheetRow("Sheet1", "A1", &row); err != nil {
		t.Fatal(err)
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	for n, r := range rows {
		row = make([]any, len(r))
		for i, v := range r {
			row[i] = v
			if dateCols[i] {
				if d, err := time.Parse("2006-01-02", v); err == nil {
					row[i] = int(d.Sub(epoch).Hours() / 24)
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBody wraps a file as the form field `file`.
func multipartBody(t testing.TB, name string, data []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// upload posts a file to an import route.
func upload(e *apitest.Env, token, path, name string, data []byte) *apitest.Response {
	e.T.Helper()
	body, ctype := multipartBody(e.T, name, data)
	return e.Do(token, "POST", path, body, "Content-Type", ctype)
}

// benchEmployers registers n employers straight through the store.
func benchEmployers(t testing.TB, e *apitest.Env, n int) []string {
	codes := make([]string, n)
	for i := range codes {
		name := fmt.Sprintf("测试用人单位%03d有限公司", i)
		codes[i] = apitest.CreditCode(name)
		e.Must(http.StatusCreated, e.Admin(), "POST", "/api/v1/employers",
			map[string]any{"name": name, "credit_code": codes[i], "city": models.Cities[i%14].Name})
	}
	return codes
}

// peakMemory samples the heap in use while a benchmark runs and reports its
// peak, with the process's peak resident set (VmHWM).
type peakMemory struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak atomic.Uint64
}

func watchMemory() *peakMemory {
	m := &peakMemory{stop: make(chan struct{})}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse + ms.StackInuse; v > m.peak.Load() {
				m.peak.Store(v)
			}
			select {
			case <-m.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return m
}

func (m *peakMemory) report(b *testing.B) {
	close(m.stop)
	m.wg.Wait()
	b.ReportMetric(float64(m.peak.Load())/(1<<20), "peak-heap-MB")
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(hwm, "peak-rss-MB")
	}
}

// vmHWM is the process's peak resident set in MB (Linux), 0 elsewhere.
func vmHWM() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

var placementHeader = []string{"姓名", "身份证号", "人员类别", "用人单位信用代码", "城市", "就业日期"}

func benchImport(b *testing.B, name string, file func(codes []string) []byte) {
	var data []byte
	var codes []string
	mem := watchMemory()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := apitest.New(b, "sqlite")
		if codes == nil {
			codes = benchEmployers(b, e, 50)
			data = file(codes)
			b.SetBytes(int64(len(data)))
		} else {
			for j := range 50 {
				name := fmt.Sprintf("测试用人单位%03d有限公司", j)
				e.Must(http.StatusCreated, e.Admin(), "POST", "/api/v1/employers",
					map[string]any{"name": name, "credit_code": codes[j], "city": models.Cities[j%14].Name})
			}
		}
		body, ctype := multipartBody(b, name, data)
		tok := e.Admin()
		runtime.GC()
		b.StartTimer()
		req := httptest.NewRequest("POST", "/api/v1/placements/import", bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		e.Router.ServeHTTP(w, req)
		if w.Code != http.StatusCreated {
			b.Fatalf("import: %d %.500s", w.Code, w.Body)
		}
	}
	b.StopTimer()
	mem.report(b)
}

// BenchmarkImportPlacementsCSV imports 100,000 placements from CSV through
// the router into SQLite.
func BenchmarkImportPlacementsCSV(b *testing.B) {
	benchImport(b, "placements.csv", func(codes []string) []byte {
		return csvFile(placementHeader, personRows(benchRows, codes))
	})
}

// BenchmarkImportPlacementsXLSX imports 100,000 placements from an .xlsx
// workbook with date cells.
func BenchmarkImportPlacementsXLSX(b *testing.B) {
	benchImport(b, "placements.xlsx", func(codes []string) []byte {
		return xlsxFile(b, placementHeader, personRows(benchRows, codes), map[int]bool{5: true})
	})
}

// BenchmarkExportPlacements streams 100,000 placements into an .xlsx answer.
func BenchmarkExportPlacements(b *testing.B) {
	e := apitest.New(b, "sqlite")
	codes := benchEmployers(b, e, 50)
	body, ctype := multipartBody(b, "p.csv", csvFile(placementHeader, personRows(benchRows, codes)))
	if r := e.Do(e.Admin(), "POST", "/api/v1/placements/import", body, "Content-Type", ctype); r.Code != http.StatusCreated {
		b.Fatalf("import: %d %.300s", r.Code, r.Body)
	}
	tok := e.Admin()
	runtime.GC()
	mem := watchMemory()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", "/api/v1/placements/export.xlsx?year=2024", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		e.Router.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("export: %d %.300s", w.Code, w.Body)
		}
		b.SetBytes(int64(w.Body.Len()))
	}
	b.StopTimer()
	mem.report(b)
}

// TestPlacementTotalsFromTallies: a placement list filtered by dates, city and
// group takes its total from the summary tables; it must equal the count of
// the same records (asked through a filter the tables do not hold).
func TestPlacementTotalsFromTallies(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		var rows [][]string
		start := time.Date(2023, 12, 20, 0, 0, 0, 0, time.UTC)
		for i := range 90 {
			day := start.AddDate(0, 0, i*4) // 2023-12-20 … 2024-12-05
			city, code := "沈阳市", w.code1
			if i%3 == 0 {
				city, code = "大连市", w.code2
			}
			group := "再就业"
			if i%4 == 0 {
				group = "高校毕业生"
			}
			rows = append(rows, []string{"测试" + fmt.Sprint(i), apitest.IDNumber("210102", "19900101", 400+i), group, code, city,
				day.Format("2006-01-02")})
		}
		w.wantImported(t, upload(w.Env, w.admin, "/api/v1/placements/import", "p.csv", csvFile(placementHeader, rows)), 90)
		total := func(query string) int64 {
			var l struct{ Total int64 }
			w.Must(http.StatusOK, w.admin, "GET", "/api/v1/placements?"+query, nil).Decode(t, &l)
			return l.Total
		}
		for _, q := range []string{"year=2024", "year=2023", "year=2024&to=2024-06-15", "from=2024-02-10&to=2024-03-20",
			"from=2024-03-01&to=2024-03-31", "from=2024-03-05&to=2024-03-05", "from=2024-03-04&to=2024-03-04",
			"year=2024&group=graduate", "year=2024&city=大连市", "from=2024-11-30", "to=2024-02-29", "",
			"from=2024-01-01&to=2024-12-31&city=沈阳市&group=reemployed", "from=2024-05-01&to=2024-04-30",
			"from=2024-02-10&to=2024-04-30", "from=2024-01-15", "from=2024-02-10&to=2024-05-13&city=沈阳市"} {
			tallied := total(q)
			// A filter on the employers leaves the same records but counts them in SQL.
			counted := total(q+fmt.Sprintf("&employer_id=%d", w.emp1)) + total(q+fmt.Sprintf("&employer_id=%d", w.emp2))
			if tallied != counted {
				t.Errorf("%q: %d from the tallies, %d counted", q, tallied, counted)
			}
		}
		if n := total("year=2024"); n < 80 {
			t.Errorf("2024 placements: %d", n)
		}
	})
}

// TestJobTotalsFromTallies: job lists filtered by dates, city and "for
// graduates" take their totals from the summary tables; they must equal the
// count of the same jobs.
func TestJobTotalsFromTallies(t *testing.T) {
	onBothImport(t, func(t *testing.T, w *impWorld) {
		start := time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC)
		for i := range 40 {
			emp, city := w.emp1, "沈阳市"
			if i%3 == 0 {
				emp, city = w.emp2, "大连市"
			}
			w.Must(http.StatusCreated, w.admin, "POST", "/api/v1/jobs", map[string]any{"employer_id": emp, "title": fmt.Sprint("岗位", i),
				"city": city, "headcount": 1 + i%4, "for_graduates": i%2 == 0, "posted_on": start.AddDate(0, 0, i*9).Format("2006-01-02")})
		}
		total := func(path, query string) int64 {
			var l struct{ Total int64 }
			w.Must(http.StatusOK, w.admin, "GET", path+"?"+query, nil).Decode(t, &l)
			return l.Total
		}
		for _, q := range []string{"year=2024", "year=2024&for_graduates=true", "year=2024&city=大连市&for_graduates=true",
			"from=2024-02-10&to=2024-06-30", "from=2024-03-05&to=2024-03-20", "year=2025", "", "to=2024-04-15&city=沈阳市"} {
			for _, path := range []string{"/api/v1/jobs", "/api/v1/public/jobs"} {
				tallied := total(path, q)
				counted := total("/api/v1/jobs", q+fmt.Sprintf("&employer_id=%d", w.emp1)) + total("/api/v1/jobs", q+fmt.Sprintf("&employer_id=%d", w.emp2))
				if tallied != counted {
					t.Errorf("%s?%s: %d from the tallies, %d counted", path, q, tallied, counted)
				}
			}
		}
		if n := total("/api/v1/jobs", "year=2024&for_graduates=true"); n != 20 {
			t.Errorf("graduate jobs of 2024: %d, want 20", n)
		}
		noDrift(t, w.Env)
	})
}
