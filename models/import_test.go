package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
)

// importStore is a fresh store of dialect at 2025-06-30 with one employer per
// city; it answers the store and the employers' credit codes by city.
func importStore(t *testing.T, dialect string) (*models.Store, map[string]string) {
	t.Helper()
	s := storetest.NewStore(t, dialect)
	s.Now = func() time.Time { return time.Date(2025, 6, 30, 12, 0, 0, 0, models.Shanghai) }
	codes := map[string]string{}
	for _, c := range models.Cities {
		name := c.Name + "测试有限公司"
		code := storetest.CreditCode(name)
		if _, err := s.CreateEmployer(context.Background(), models.System,
			models.EmployerInput{Name: name, CreditCode: code, City: c.Name}); err != nil {
			t.Fatal(err)
		}
		codes[c.Name] = code
	}
	return s, codes
}

func person(birth time.Time, serial int) string {
	first := fmt.Sprintf("210102%s%03d", birth.Format("20060102"), serial%1000)
	check, _ := models.IDCheckDigit(first)
	return first + string(check)
}

// fileOf is an import of rows in the order of the import's columns.
func fileOf(name string, rows [][]string) models.ImportFile {
	return models.ImportFile{Name: name, Sum: strings.Repeat("0", 64), Rows: storetest.RowsOf(rows)}
}

func TestImportKeepsTalliesExact(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, codes := importStore(t, d)
			groups := []string{"", "失业人员再就业", "reemployed;hard_to_employ", "高校毕业生；退役军人", "残疾人、脱贫人口", "农村转移劳动力"}
			var rows [][]string
			n := 0
			for year := 2023; year <= 2025; year++ {
				for i := 0; i < 400; i++ {
					placed := time.Date(year, time.Month(1+i%6), 1+i%28, 0, 0, 0, 0, time.UTC)
					// Ages from 16 to 63 on the day, across the 18 and 45 edges.
					birth := placed.AddDate(-(16 + i%48), 0, i%3-1)
					if birth.AddDate(16, 0, 0).After(placed) {
						birth = birth.AddDate(0, 0, -2)
					}
					city := models.Cities[i%len(models.Cities)].Name
					rows = append(rows, []string{"张三", person(birth, n), groups[i%len(groups)], codes[city], city, placed.Format("2006-01-02")})
					n++
				}
			}
			got, err := s.ImportPlacements(context.Background(), models.System, fileOf("all.csv", rows))
			if err != nil || got != len(rows) {
				var e *models.Error
				if errors.As(err, &e) && len(e.Rows) > 0 {
					t.Logf("first bad row: %+v", e.Rows[0])
				}
				t.Fatalf("import: %d, %v", got, err)
			}
			drift, err := s.Verify(context.Background())
			if err != nil || len(drift) > 0 {
				t.Fatalf("drift: %v %v", drift, err)
			}
			if c := storetest.Count(t, s, "placements"); c != int64(len(rows)) {
				t.Fatalf("%d placements, want %d", c, len(rows))
			}
		})
	}
}

func TestImportListsTheFirstThousandBadRows(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, codes := importStore(t, d)
			var rows [][]string
			for i := 0; i < 1500; i++ {
				rows = append(rows, []string{"李四", person(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), i), "", codes["沈阳市"], "沈阳", "2025-01-02"})
			}
			for i := 0; i < 1500; i += 2 {
				rows[i][4] = "奉天市"
			}
			for i := 1; i < 1500; i += 2 {
				rows[i][5] = "2025-13-01"
			}
			_, err := s.ImportPlacements(context.Background(), models.System, fileOf("bad.csv", rows))
			var e *models.Error
			if !errors.As(err, &e) || e.Code != models.EInvalid {
				t.Fatalf("want a validation error, got %v", err)
			}
			if e.BadRows != 1500 || len(e.Rows) != 1000 {
				t.Fatalf("bad_rows %d, listed %d", e.BadRows, len(e.Rows))
			}
			for i, r := range e.Rows {
				if r.Row != i+2 {
					t.Fatalf("listed row %d is spreadsheet row %d, want %d", i, r.Row, i+2)
				}
				field := "city"
				if i%2 == 1 {
					field = "placed_on"
				}
				if len(r.Fields) != 1 || r.Fields[field] == "" {
					t.Fatalf("row %d: %v", r.Row, r.Fields)
				}
			}
			if n := storetest.Count(t, s, "placements"); n != 0 {
				t.Fatalf("%d placements written", n)
			}
		})
	}
}

func TestImportWhoMay(t *testing.T) {
	s, codes := importStore(t, "sqlite")
	rows := [][]string{{"王五", person(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 1), "", codes["沈阳市"], "沈阳市", "2025-01-02"}}
	for _, a := range []models.Actor{
		{UserID: 1, Role: models.RoleOfficial}, {UserID: 1, Role: models.RoleEmployer, EmployerID: 1}, {},
	} {
		if _, err := s.ImportPlacements(context.Background(), a, fileOf("a.csv", rows)); models.ErrorCode(err) != models.EForbidden {
			t.Errorf("%s imported placements: %v", a.Role, err)
		}
		if _, err := s.ImportJobs(context.Background(), a, fileOf("a.csv", rows)); models.ErrorCode(err) != models.EForbidden {
			t.Errorf("%s imported jobs: %v", a.Role, err)
		}
	}
}

func TestBuildJobFollowsJobInput(t *testing.T) {
	today := models.Date{Year: 2025, Month: time.June, Day: 30}
	n := func(v int) *int { return &v }
	cases := []struct {
		in   models.JobInput
		want []string
	}{
		{models.JobInput{Title: "焊工", Headcount: n(3)}, nil},
		{models.JobInput{Title: " ", Headcount: n(0)}, []string{"title", "headcount"}},
		{models.JobInput{Title: "焊工", Headcount: n(1), City: "长春市", Education: "phd"}, []string{"city", "education"}},
		{models.JobInput{Title: "焊工", Headcount: n(1), PostedOn: "2025-07-01", SalaryMin: n(9000), SalaryMax: n(5000)},
			[]string{"posted_on", "salary_max"}},
		{models.JobInput{Title: "焊工", Headcount: n(1), PostedOn: "01/07/2025"}, []string{"posted_on"}},
	}
	for _, c := range cases {
		fields := map[string]string{}
		j := models.BuildJob(c.in, today, fields)
		if len(fields) != len(c.want) {
			t.Errorf("%+v: fields %v, want %v", c.in, fields, c.want)
		}
		for _, f := range c.want {
			if fields[f] == "" {
				t.Errorf("%+v: %s not named: %v", c.in, f, fields)
			}
		}
		if len(c.want) == 0 && (j.PostedOn != today || j.Education != "any" || j.Headcount != 3) {
			t.Errorf("defaults: %+v", j)
		}
	}
}

// A person placed before whose row comes after whole batches have gone in is
// reported alone, and the import leaves nothing behind.
func TestImportRefusesAPersonPlacedBeforeInALaterBatch(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, codes := importStore(t, d)
			birth := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
			row := func(i int) []string {
				city := models.Cities[i%len(models.Cities)].Name
				return []string{"赵六", person(birth.AddDate(0, 0, i/1000), i), "", codes[city], city, "2025-02-03"}
			}
			if n, err := s.ImportPlacements(context.Background(), models.System, fileOf("first.csv", [][]string{row(4500)})); err != nil || n != 1 {
				t.Fatalf("first import: %d %v", n, err)
			}
			var rows [][]string
			for i := 0; i < 5000; i++ {
				rows = append(rows, row(i))
			}
			_, err := s.ImportPlacements(context.Background(), models.System, fileOf("second.csv", rows))
			var e *models.Error
			if !errors.As(err, &e) || e.BadRows != 1 || len(e.Rows) != 1 || e.Rows[0].Row != 4502 ||
				!strings.Contains(e.Rows[0].Fields["id_number"], "已于2025年登记") {
				t.Fatalf("want row 4502 refused alone, got %v %+v", err, e)
			}
			if n := storetest.Count(t, s, "placements"); n != 1 {
				t.Fatalf("%d placements after a refused import, want 1", n)
			}
			drift, err := s.Verify(context.Background())
			if err != nil || len(drift) > 0 {
				t.Fatalf("drift: %v %v", drift, err)
			}
		})
	}
}

// Placements imported, in a small file or a large one, employ the graduates
// of the ledger who are the same people.
func TestImportEmploysGraduates(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, codes := importStore(t, d)
			ctx := context.Background()
			birth := time.Date(2002, 3, 4, 0, 0, 0, 0, time.UTC)
			year := 2025
			id := func(i int) string { return person(birth.AddDate(0, 0, i/1000), i) }
			graduate := func(i int) int64 {
				g, err := s.CreateGraduate(ctx, models.System, models.GraduateInput{PersonName: "孙七", IDNumber: id(i),
					School: "东北大学", Education: "bachelor", GraduationYear: &year, City: "沈阳市", RegisteredOn: "2025-01-10"})
				if err != nil {
					t.Fatal(err)
				}
				return g.ID
			}
			small, large, other := graduate(7), graduate(8006), graduate(9999)
			row := func(i int) []string {
				return []string{"孙七", id(i), "高校毕业生", codes["沈阳市"], "沈阳市", "2025-03-01"}
			}
			var rows [][]string
			for i := 0; i < 10; i++ {
				rows = append(rows, row(i))
			}
			if _, err := s.ImportPlacements(ctx, models.System, fileOf("small.csv", rows)); err != nil {
				t.Fatal(err)
			}
			rows = rows[:0]
			for i := 1000; i < 8100; i++ { // id(8006) is row 7008: past the first few batches
				rows = append(rows, row(i))
			}
			if _, err := s.ImportPlacements(ctx, models.System, fileOf("large.csv", rows)); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[int64]bool{small: true, large: true, other: false} {
				g, err := s.GetGraduate(ctx, models.System, id)
				if err != nil {
					t.Fatal(err)
				}
				if employed := g.Status == models.GraduateEmployed && g.EmployedOn.String() == "2025-03-01" && g.Placement != nil; employed != want {
					t.Errorf("graduate %d: employed %v, want %v: %+v", id, employed, want, g.Graduate)
				}
			}
			drift, err := s.Verify(ctx)
			if err != nil || len(drift) > 0 {
				t.Fatalf("drift: %v %v", drift, err)
			}
		})
	}
}
