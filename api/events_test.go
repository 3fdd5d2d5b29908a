package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"jobfair/api/apitest"
	"jobfair/models"
)

// Organisers carry the kind of their organisation: set by admins, shown in
// /me and the user list, "other" unless set, and only for organisers.
func TestOrganisationKind(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			admin := env.Admin()
			create := func(body map[string]any) *apitest.Response {
				body["password"] = apitest.Password
				return env.Do(admin, "POST", "/api/v1/users", body)
			}
			r := create(map[string]any{"username": "uni", "role": "organiser", "city": "沈阳市", "organisation_kind": "university"})
			if r.Code != http.StatusCreated || r.JSON()["organisation_kind"] != "university" {
				t.Fatalf("university organiser: %d %s", r.Code, r.Body)
			}
			uni := apitest.ID(t, r)
			r = create(map[string]any{"username": "plain_org", "role": "organiser"})
			if r.Code != http.StatusCreated || r.JSON()["organisation_kind"] != "other" {
				t.Errorf("an organiser without a kind is other: %d %s", r.Code, r.Body)
			}
			r = create(map[string]any{"username": "off", "role": "official"})
			if r.Code != http.StatusCreated || r.JSON()["organisation_kind"] != "" {
				t.Errorf("an official has no kind: %d %s", r.Code, r.Body)
			}
			off := apitest.ID(t, r)
			before := apitest.Snapshot(t, env.Store)
			for _, c := range []struct {
				name string
				body map[string]any
			}{
				{"unknown kind", map[string]any{"username": "x1", "role": "organiser", "organisation_kind": "ministry"}},
				{"kind of an official", map[string]any{"username": "x2", "role": "official", "organisation_kind": "public_service"}},
				{"kind of an employer", map[string]any{"username": "x3", "role": "employer", "employer_id": 1, "organisation_kind": "other"}},
			} {
				if r := create(c.body); r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["organisation_kind"] == nil {
					t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
				}
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused users changed the database")
			}

			// An admin changes it; the user sees it in /me.
			upath := fmt.Sprintf("/api/v1/users/%d", uni)
			r = env.Must(http.StatusOK, admin, "PATCH", upath, map[string]any{"organisation_kind": "public_service"})
			if r.JSON()["organisation_kind"] != "public_service" {
				t.Errorf("patched: %s", r.Body)
			}
			tok := env.Login("uni", apitest.Password)
			if me := env.Must(http.StatusOK, tok, "GET", "/api/v1/me", nil).JSON(); me["organisation_kind"] != "public_service" {
				t.Errorf("/me: %v", me)
			}
			var users struct {
				Items []models.User
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/users?role=organiser", nil).Decode(t, &users)
			kinds := map[string]string{}
			for _, u := range users.Items {
				kinds[u.Username] = u.OrganisationKind
			}
			if kinds["uni"] != "public_service" || kinds["plain_org"] != "other" {
				t.Errorf("user list: %v", kinds)
			}
			for _, c := range []struct {
				name, path string
				body       map[string]any
			}{
				{"unknown kind", upath, map[string]any{"organisation_kind": "ministry"}},
				{"kind of an official", fmt.Sprintf("/api/v1/users/%d", off), map[string]any{"organisation_kind": "university"}},
				{"role away with a kind", upath, map[string]any{"role": "official", "organisation_kind": "university"}},
			} {
				if r := env.Do(admin, "PATCH", c.path, c.body); r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["organisation_kind"] == nil {
					t.Errorf("%s: %d %s", c.name, r.Code, r.Body)
				}
			}
			// Another role drops the kind; becoming an organiser again starts as other.
			r = env.Must(http.StatusOK, admin, "PATCH", upath, map[string]any{"role": "official"})
			if r.JSON()["organisation_kind"] != "" {
				t.Errorf("official keeps a kind: %s", r.Body)
			}
			r = env.Must(http.StatusOK, admin, "PATCH", upath, map[string]any{"role": "organiser"})
			if r.JSON()["organisation_kind"] != "other" {
				t.Errorf("organiser again: %s", r.Body)
			}
			// Only admins set it.
			if r := env.Do(tok, "PATCH", upath, map[string]any{"organisation_kind": "public_service"}); r.Code != http.StatusForbidden {
				t.Errorf("by the user: %d", r.Code)
			}
		})
	}
}

func fairBody(title, city, day string, kind string, programmes ...string) map[string]any {
	b := map[string]any{"title": title, "city": city, "venue": "会展中心", "mode": "onsite", "programmes": programmes,
		"starts_at": day + "T09:00:00+08:00", "ends_at": day + "T15:00:00+08:00"}
	if kind != "" {
		b["kind"] = kind
	}
	return b
}

// Only a public-service organisation (or an admin) gives a fair the
// public_service programme, when registering it and when changing it.
func TestPublicServiceProgrammeNeedsAPublicServiceOrganiser(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			admin := env.Admin()
			public := env.User("centre", models.RoleOrganiser, "沈阳市", 0)
			others := map[string]string{
				"university": env.OrganiserOfKind("uni", "沈阳市", models.OrgUniversity),
				"hr_agency":  env.OrganiserOfKind("agency", "沈阳市", models.OrgHRAgency),
				"other":      env.OrganiserOfKind("misc", "", models.OrgOther),
			}
			before := apitest.Snapshot(t, env.Store)
			for kind, tok := range others {
				r := env.Do(tok, "POST", "/api/v1/fairs", fairBody("公共服务招聘会", "沈阳市", "2025-08-01", "", "chunnuan", "public_service"))
				if r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["programmes"] == nil {
					t.Errorf("%s organiser: %d %s", kind, r.Code, r.Body)
				}
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused fairs changed the database")
			}
			env.Must(http.StatusCreated, public, "POST", "/api/v1/fairs", fairBody("公共服务招聘会", "沈阳市", "2025-08-01", "", "public_service"))
			env.Must(http.StatusCreated, admin, "POST", "/api/v1/fairs", fairBody("公共服务招聘会", "沈阳市", "2025-08-02", "", "public_service"))

			// On change: adding it is refused, other changes are not.
			uni := others["university"]
			r := env.Must(http.StatusCreated, uni, "POST", "/api/v1/fairs", fairBody("高校双选会", "沈阳市", "2025-08-03", "", "graduates"))
			path := fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, r))
			resp := env.Do(uni, "PATCH", path, map[string]any{"programmes": []string{"graduates", "public_service"}})
			if resp.Code != http.StatusUnprocessableEntity || resp.ErrorFields()["programmes"] == nil {
				t.Errorf("adding public_service: %d %s", resp.Code, resp.Body)
			}
			env.Must(http.StatusOK, uni, "PATCH", path, map[string]any{"programmes": []string{"graduates", "key_groups"}, "venue": "东北大学体育馆"})
			var f models.Fair
			env.Must(http.StatusOK, uni, "GET", path, nil).Decode(t, &f)
			if fmt.Sprint(f.Programmes) != "[graduates key_groups]" || f.Venue != "东北大学体育馆" {
				t.Errorf("after the allowed change: %+v", f)
			}

			// A fair that has it keeps it when its organiser is no longer a
			// public-service one and edits it, sending the programmes back.
			r = env.Must(http.StatusCreated, public, "POST", "/api/v1/fairs", fairBody("公共服务招聘会", "沈阳市", "2025-08-04", "", "public_service"))
			path = fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, r))
			var users struct{ Items []models.User }
			env.Must(http.StatusOK, admin, "GET", "/api/v1/users?q=centre", nil).Decode(t, &users)
			env.Must(http.StatusOK, admin, "PATCH", fmt.Sprintf("/api/v1/users/%d", users.Items[0].ID), map[string]any{"organisation_kind": "other"})
			public = env.Login("centre", apitest.Password)
			env.Must(http.StatusOK, public, "PATCH", path, map[string]any{"venue": "新场馆", "programmes": []string{"public_service"}})
			resp = env.Do(public, "POST", "/api/v1/fairs", fairBody("公共服务招聘会", "沈阳市", "2025-08-05", "", "public_service"))
			if resp.Code != http.StatusUnprocessableEntity {
				t.Errorf("after the kind changed: %d", resp.Code)
			}
			noDrift(t, env)
		})
	}
}

// Fairs are special (the default) or general; special_fairs counts the held
// special ones, worked out by hand, and the lists filter by kind.
func TestFairKind(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			admin := env.Admin()
			env.Clock.T = time.Date(2024, 12, 31, 18, 0, 0, 0, models.Shanghai)
			org := env.User("org", models.RoleOrganiser, "", 0)
			hold := func(id int64) {
				env.Must(http.StatusOK, org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", id), map[string]any{"status": "held",
					"visitors": 10, "employers_attended": 2, "posts_offered": 30, "intents": 4})
			}
			ids := map[string]int64{}
			for _, f := range []struct{ name, city, day, kind, status string }{
				{"S1", "沈阳市", "2024-02-01", "", "held"},
				{"S2", "大连市", "2024-06-30", "special", "held"},
				{"G1", "沈阳市", "2024-03-01", "general", "held"},
				{"G2", "大连市", "2024-05-01", "general", "held"},
				{"S3", "沈阳市", "2024-07-01", "special", "held"},
				{"S4", "沈阳市", "2024-04-01", "special", "cancelled"},
				{"G3", "沈阳市", "2025-03-01", "general", "planned"},
			} {
				r := env.Must(http.StatusCreated, org, "POST", "/api/v1/fairs", fairBody(f.name, f.city, f.day, f.kind, "chunnuan"))
				want := f.kind
				if want == "" {
					want = "special"
				}
				if r.JSON()["kind"] != want {
					t.Errorf("%s: kind %v, want %s", f.name, r.JSON()["kind"], want)
				}
				ids[f.name] = apitest.ID(t, r)
				switch f.status {
				case "held":
					hold(ids[f.name])
				case "cancelled":
					env.Must(http.StatusOK, org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", ids[f.name]), map[string]any{"status": "cancelled"})
				}
			}
			r := getRollup(t, env, admin, "year=2024&as_of=2024-06-30")
			expect(t, "special_fairs 06-30", r.goal(t, "special_fairs"), map[string]any{"actual": 2,
				"records": "/api/v1/fairs?year=2024&to=2024-06-30&status=held&kind=special"})
			r = getRollup(t, env, admin, "year=2024")
			expect(t, "special_fairs year", r.goal(t, "special_fairs"), map[string]any{"actual": 3})
			r = getRollup(t, env, admin, "year=2024&city=大连市")
			expect(t, "special_fairs 大连", r.goal(t, "special_fairs"), map[string]any{"actual": 1})
			var months struct {
				Items []struct{ Actual *float64 }
			}
			env.Must(http.StatusOK, admin, "GET", "/api/v1/rollup/months?year=2024&goal=special_fairs", nil).Decode(t, &months)
			var got []float64
			for _, it := range months.Items {
				got = append(got, *it.Actual)
			}
			if fmt.Sprint(got) != "[0 1 0 0 0 1 1 0 0 0 0 0]" {
				t.Errorf("special fairs by month: %v", got)
			}

			count := func(tok, q string) int {
				var l struct{ Total int }
				env.Must(http.StatusOK, tok, "GET", "/api/v1/fairs?"+q, nil).Decode(t, &l)
				return l.Total
			}
			for q, want := range map[string]int{"kind=special": 4, "kind=general": 3, "kind=special&status=held&year=2024": 3,
				"kind=general&city=沈阳市": 2, "": 7} {
				if got := count(admin, q); got != want {
					t.Errorf("fairs?%s: %d, want %d", q, got, want)
				}
			}
			if r := env.Do(admin, "GET", "/api/v1/fairs?kind=综合", nil); r.Code != http.StatusBadRequest {
				t.Errorf("bad kind filter: %d", r.Code)
			}
			// The public pages show the kind and filter by it.
			var pub struct {
				Items []models.Fair
				Total int
			}
			env.Must(http.StatusOK, "", "GET", "/api/v1/public/fairs?kind=general&year=2025", nil).Decode(t, &pub)
			if pub.Total != 1 || pub.Items[0].Kind != "general" || pub.Items[0].Title != "G3" {
				t.Errorf("public fairs: %+v", pub)
			}
			if k := env.Must(http.StatusOK, "", "GET", fmt.Sprintf("/api/v1/public/fairs/%d", ids["G3"]), nil).JSON()["kind"]; k != "general" {
				t.Errorf("public fair: kind %v", k)
			}

			// A bad kind is named; a planned fair changes kind, a held one keeps it.
			if r := env.Do(org, "POST", "/api/v1/fairs", fairBody("X", "沈阳市", "2025-03-02", "综合", "chunnuan")); r.Code != 422 || r.ErrorFields()["kind"] == nil {
				t.Errorf("bad kind: %d %s", r.Code, r.Body)
			}
			env.Must(http.StatusOK, org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", ids["G3"]), map[string]any{"kind": "special"})
			if r := env.Do(org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", ids["G1"]), map[string]any{"kind": "special"}); r.Code != http.StatusConflict {
				t.Errorf("kind of a held fair: %d %s", r.Code, r.Body)
			}
			if r := env.Do(org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", ids["G3"]), map[string]any{"kind": "big"}); r.Code != 422 || r.ErrorFields()["kind"] == nil {
				t.Errorf("bad kind on change: %d %s", r.Code, r.Body)
			}
			// Deleting a held special fair takes it out of the count.
			env.Must(http.StatusNoContent, admin, "DELETE", fmt.Sprintf("/api/v1/fairs/%d", ids["S3"]), nil)
			r = getRollup(t, env, admin, "year=2024")
			expect(t, "special_fairs after delete", r.goal(t, "special_fairs"), map[string]any{"actual": 2})
			noDrift(t, env)
		})
	}
}
