package api_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"jobfair/api/apitest"
	"jobfair/models"
)

// TestRollupRecordsLinks follows every computed goal's records link and checks
// that it returns exactly what the rollup counted, with records on both sides
// of as_of and in two cities.
func TestRollupRecordsLinks(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			tok := env.Admin()
			env.Clock.T = time.Date(2024, 12, 31, 18, 0, 0, 0, models.Shanghai)
			sy, dl := env.Employer("沈阳甲公司", "沈阳市"), env.Employer("大连乙公司", "大连市")
			serial := 0
			for _, day := range []string{"2023-02-01", "2023-06-30", "2023-07-01", "2023-12-31", "2024-03-03"} {
				for i, e := range []struct {
					id   int64
					city string
				}{{sy, "沈阳市"}, {dl, "大连市"}} {
					serial++
					env.Must(201, tok, "POST", "/api/v1/placements", map[string]any{"person_name": "甲", "city": e.city,
						"id_number": apitest.IDNumber("210102", "1990-01-01", serial), "employer_id": e.id, "placed_on": day,
						"groups": [][]string{{"reemployed"}, {"hard_to_employ", "graduate"}}[i]})
					env.Must(201, tok, "POST", "/api/v1/jobs", map[string]any{"employer_id": e.id, "title": "岗位", "city": e.city,
						"headcount": 3 + i, "for_graduates": true, "posted_on": day})
					r := env.Must(201, tok, "POST", "/api/v1/fairs", map[string]any{"title": "专场", "city": e.city, "mode": "onsite",
						"starts_at": day + "T09:00:00+08:00", "ends_at": day + "T12:00:00+08:00",
						"programmes": []string{"public_service", "new_forms"}})
					env.Must(200, tok, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, r)), map[string]any{"status": "held",
						"visitors": 10, "employers_attended": 2, "posts_offered": 7, "intents": 5})
					// A general fair: counted as a public-service fair, not as a special one.
					r = env.Must(201, tok, "POST", "/api/v1/fairs", map[string]any{"title": "综合", "city": e.city, "mode": "onsite",
						"kind": "general", "starts_at": day + "T13:00:00+08:00", "ends_at": day + "T16:00:00+08:00",
						"programmes": []string{"public_service"}})
					env.Must(200, tok, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, r)), map[string]any{"status": "held",
						"visitors": 10, "employers_attended": 2, "posts_offered": 11, "intents": 5})
					for range i + 1 {
						env.Must(201, tok, "POST", "/api/v1/visits", map[string]any{"on": day, "city": e.city, "kind": "village",
							"place": "村", "items": []string{"policy"}})
					}
				}
			}
			for _, view := range []string{"year=2023&as_of=2023-06-30", "year=2023&as_of=2023-06-30&city=大连市", "year=2024&as_of=2024-12-31"} {
				var roll struct {
					Goals []struct {
						Code    string
						Actual  *float64
						Records *string
					}
				}
				env.Must(200, tok, "GET", "/api/v1/rollup?"+view, nil).Decode(t, &roll)
				checked := 0
				for _, g := range roll.Goals {
					if g.Records == nil || g.Actual == nil || g.Code == "young_share" {
						continue
					}
					var list struct {
						Total int
						Items []map[string]any
					}
					json.Unmarshal(env.Must(200, tok, "GET", *g.Records+"&page_size=500", nil).Body, &list)
					got := float64(list.Total)
					switch g.Code {
					case "graduate_posts":
						got = sum(list.Items, "headcount")
					case "public_service_posts":
						got = sum(list.Items, "posts_offered")
					case "new_forms_matches":
						got = sum(list.Items, "intents")
					}
					if got != *g.Actual {
						t.Errorf("%s %s: rollup %v, its records link %s gives %v", view, g.Code, *g.Actual, *g.Records, got)
					}
					checked++
				}
				if checked < 11 {
					t.Errorf("%s: only %d goals checked", view, checked)
				}
			}
		})
	}
}

func sum(items []map[string]any, field string) float64 {
	var s float64
	for _, it := range items {
		if v, ok := it[field].(float64); ok {
			s += v
		}
	}
	return s
}

// TestRollupAPIExample reproduces the example of API.md: 517 held fairs by
// 30 June 2023 against the target of 1000.
func TestRollupAPIExample(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			tok := env.Admin()
			env.Clock.T = time.Date(2023, 12, 31, 20, 0, 0, 0, models.Shanghai)
			day := time.Date(2023, 1, 1, 0, 0, 0, 0, models.Shanghai)
			for i := 0; i < 520; i++ {
				// 517 fairs from 1 January through 30 June, then three in July.
				start := day.AddDate(0, 0, i*181/517)
				if i >= 517 {
					start = time.Date(2023, 7, 1+i-517, 0, 0, 0, 0, models.Shanghai)
				}
				r := env.Must(201, tok, "POST", "/api/v1/fairs", map[string]any{"title": "专场", "city": models.Cities[i%14].Name,
					"mode": "online", "programmes": []string{"chunnuan"},
					"starts_at": start.Add(9 * time.Hour).Format(time.RFC3339), "ends_at": start.Add(12 * time.Hour).Format(time.RFC3339)})
				env.Must(200, tok, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, r)), map[string]any{"status": "held",
					"visitors": 1, "employers_attended": 1, "posts_offered": 1, "intents": 1})
			}
			var roll struct {
				Year         int
				AsOf         string  `json:"as_of"`
				TimeProgress float64 `json:"time_progress"`
				Goals        []struct {
					Code       string
					Name       string
					Target     float64
					Actual     float64
					Completion float64
					Status     string
					Forecast   float64
					Unit       string
				}
			}
			env.Must(200, tok, "GET", "/api/v1/rollup?year=2023&as_of=2023-06-30", nil).Decode(t, &roll)
			if roll.Year != 2023 || roll.AsOf != "2023-06-30" || roll.TimeProgress != 0.4959 {
				t.Fatalf("rollup head: %+v", roll)
			}
			for _, g := range roll.Goals {
				if g.Code != "special_fairs" {
					continue
				}
				if g.Name != "专场招聘会" || g.Target != 1000 || g.Actual != 517 || g.Completion != 0.517 ||
					g.Status != "ahead" || g.Forecast != 1042 || g.Unit != "场" {
					t.Fatalf("special_fairs: %+v, want API.md's example", g)
				}
				return
			}
			t.Fatal("no special_fairs goal")
		})
	}
}
