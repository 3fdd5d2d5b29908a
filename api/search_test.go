package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"jobfair/api/apitest"
)

// titlesOf lists one field of the items of a list answer.
func titlesOf(t *testing.T, w *recWorld, token, path, field string) []string {
	t.Helper()
	var page listPage
	w.Must(http.StatusOK, token, "GET", path, nil).Decode(t, &page)
	var out []string
	for _, it := range page.Items {
		s, _ := it[field].(string)
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// A search of several words finds what holds all of them, in any of the
// searched fields; % and _ are plain characters.
func TestSearchMatchesAllWords(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		w.fair(t, "沈阳高校毕业生专场招聘会", "沈阳市", "2025-07-10", "graduates")
		w.fair(t, "大连高校毕业生专场", "大连市", "2025-07-11", "graduates")
		w.fair(t, "沈阳市春风行动", "沈阳市", "2025-07-12", "chunnuan")
		w.fair(t, "100%就业 招聘会", "沈阳市", "2025-07-13", "chunnuan")
		q := func(s string) string { return url.QueryEscape(s) }
		cases := []struct {
			path string
			want []string
		}{
			{"/api/v1/fairs?q=" + q("沈阳 高校"), []string{"沈阳高校毕业生专场招聘会"}},
			{"/api/v1/fairs?q=" + q("高校　专场"), []string{"大连高校毕业生专场", "沈阳高校毕业生专场招聘会"}},
			{"/api/v1/fairs?q=" + q("沈阳 会展中心"), []string{"沈阳市春风行动", "沈阳高校毕业生专场招聘会"}},
			{"/api/v1/fairs?q=" + q("100%"), []string{"100%就业 招聘会"}},
			{"/api/v1/fairs?q=" + q("%"), []string{"100%就业 招聘会"}},
			{"/api/v1/fairs?q=" + q("_"), nil},
			{"/api/v1/public/fairs?q=" + q("沈阳 高校"), []string{"沈阳高校毕业生专场招聘会"}},
		}
		for _, c := range cases {
			if got := titlesOf(t, w, w.org, c.path, "title"); !slices.Equal(got, c.want) {
				t.Errorf("%s: %q, want %q", c.path, got, c.want)
			}
		}

		w.job(t, w.emp, "数控车床操作工", "2025-06-01", 3)
		w.job(t, w.emp2, "港口机械维修工", "2025-06-01", 2)
		for path, want := range map[string][]string{
			"/api/v1/jobs?q=" + q("沈阳 操作工"):          {"数控车床操作工"},
			"/api/v1/jobs?q=" + q("机械 维修"):           {"港口机械维修工"},
			"/api/v1/jobs?q=" + q("沈阳 维修"):           nil,
			"/api/v1/public/jobs?q=" + q("大连 港口 维修"): {"港口机械维修工"},
		} {
			if got := titlesOf(t, w, w.org, path, "title"); !slices.Equal(got, want) {
				t.Errorf("%s: %q, want %q", path, got, want)
			}
		}
		for path, want := range map[string][]string{
			"/api/v1/employers?q=" + q("沈阳 机械"):                          {"沈阳重型机械有限公司"},
			"/api/v1/employers?q=" + q("有限公司 大连"):                        {"大连港湾物流有限公司"},
			"/api/v1/employers?q=" + q(apitest.CreditCode("沈阳重型机械有限公司")): {"沈阳重型机械有限公司"},
		} {
			if got := titlesOf(t, w, w.org, path, "name"); !slices.Equal(got, want) {
				t.Errorf("%s: %q, want %q", path, got, want)
			}
		}
	})
}

// 就业登记 is found by the person's name, or by a full ID number through its
// hash; a part of an ID number finds nothing, since numbers are not stored.
func TestPlacementsSearchByNameOrIDNumber(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		id1 := apitest.IDNumber("210102", "1990-03-07", 1)
		id2 := apitest.IDNumber("210202", "1995-08-01", 2)
		w.placement(t, placementInput("张小明", id1, w.emp, "沈阳市", "2025-03-01"))
		w.placement(t, placementInput("李小红", id2, w.emp2, "大连市", "2025-03-02"))
		for q, want := range map[string][]string{
			"小明":       {"张小明"},
			"小":        {"张小明", "李小红"},
			id1:        {"张小明"},
			id2 + " 李": {"李小红"},
			id2 + " 张": nil,
			id1[:10]:   nil,
			"王":        nil,
		} {
			path := "/api/v1/placements?q=" + url.QueryEscape(q)
			if got := titlesOf(t, w, w.org, path, "person_name"); !slices.Equal(got, want) {
				t.Errorf("%s: %q, want %q", path, got, want)
			}
		}
	})
}
