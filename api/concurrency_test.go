package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"jobfair/api/apitest"
)

const writers = 32

// postAll sends the bodies at once, one goroutine each, and answers the responses.
func postAll(w *recWorld, path string, bodies []map[string]any) []*apitest.Response {
	out := make([]*apitest.Response, len(bodies))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, b := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = w.Do(w.org, "POST", path, b)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

func TestConcurrentPlacements(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		bodies := make([]map[string]any, writers)
		for i := range bodies {
			groups := []string{"reemployed"}
			if i%3 == 0 {
				groups = append(groups, "hard_to_employ")
			}
			city, employer := "沈阳市", w.emp
			if i%2 == 1 {
				city, employer = "大连市", w.emp2
			}
			bodies[i] = placementInput(fmt.Sprintf("并发%d", i), apitest.IDNumber("210102", fmt.Sprintf("19%02d-01-15", 60+i), i),
				employer, city, fmt.Sprintf("2025-%02d-10", 1+i%6), groups...)
		}
		ids := map[int64]bool{}
		for i, r := range postAll(w, "/api/v1/placements", bodies) {
			if r.Code != http.StatusCreated {
				t.Errorf("request %d: %d %s", i, r.Code, r.Body)
				continue
			}
			// Each answer names its own record, though the group was
			// written with one statement.
			id := apitest.ID(t, r)
			ids[id] = true
			got := w.Must(http.StatusOK, w.admin, "GET", fmt.Sprintf("/api/v1/placements/%d", id), nil).JSON()
			if got["person_name"] != bodies[i]["person_name"] || got["placed_on"] != bodies[i]["placed_on"] {
				t.Errorf("request %d answered id %d, which holds %v on %v; want %v on %v", i, id,
					got["person_name"], got["placed_on"], bodies[i]["person_name"], bodies[i]["placed_on"])
			}
		}
		if len(ids) != writers {
			t.Errorf("%d distinct ids in %d answers", len(ids), writers)
		}
		if n := apitest.Count(t, w.Store, "placements"); n != writers {
			t.Errorf("%d placements stored, want %d", n, writers)
		}
		if p := getList(t, w.Env, w.admin, "/api/v1/placements?year=2025"); p.Total != writers {
			t.Errorf("list total %d", p.Total)
		}
		checkTallies(t, w.Env)
	})
}

// Placements arriving together are written in groups; a refusal in a group
// is the refused placement's answer only, and everyone else's is stored.
func TestConcurrentPlacementsFailAlone(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		dl := w.User("alone_off", "official", "大连市", 0)
		w.Must(http.StatusOK, dl, "POST", "/api/v1/periods/2025-04/submit", map[string]any{"city": "大连市"})
		otherJob := w.job(t, w.emp2, "港口机械维修工", "2025-03-01", 2)
		same := apitest.IDNumber("210102", "1985-05-05", 77)
		bodies := make([]map[string]any, writers)
		want := make([]string, writers)
		for i := range bodies {
			b := placementInput(fmt.Sprintf("分组%d", i), apitest.IDNumber("210102", fmt.Sprintf("19%02d-03-15", 60+i), i),
				w.emp, "沈阳市", "2025-03-10", "reemployed")
			want[i] = "created"
			switch i % 8 {
			case 0:
				b["id_number"], want[i] = same, "same"
			case 3:
				b["job_id"], want[i] = otherJob, "bad_job"
			case 5:
				b["city"], b["employer_id"], b["placed_on"], want[i] = "大连市", w.emp2, "2025-04-10", "closed"
			}
			bodies[i] = b
		}
		created, same1 := 0, 0
		for i, r := range postAll(w, "/api/v1/placements", bodies) {
			switch want[i] {
			case "created":
				if r.Code != http.StatusCreated {
					t.Errorf("request %d: %d %s", i, r.Code, r.Body)
				}
				created++
			case "same":
				switch {
				case r.Code == http.StatusCreated:
					same1++
				case r.Code != http.StatusConflict || r.ErrorCode() != "conflict":
					t.Errorf("request %d (same person): %d %s", i, r.Code, r.Body)
				}
			case "bad_job":
				if r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["job_id"] == nil {
					t.Errorf("request %d (another employer's job): %d %s", i, r.Code, r.Body)
				}
			case "closed":
				if r.Code != http.StatusConflict || r.ErrorCode() != "period_closed" {
					t.Errorf("request %d (closed month): %d %s", i, r.Code, r.Body)
				}
			}
		}
		if same1 != 1 {
			t.Errorf("the same person was stored %d times, want once", same1)
		}
		if n := apitest.Count(t, w.Store, "placements"); n != int64(created+same1) {
			t.Errorf("%d placements stored, want %d", n, created+same1)
		}
		checkTallies(t, w.Env)
	})
}

func TestConcurrentSamePerson(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		raw := apitest.IDNumber("210102", "1990-09-09", 99)
		bodies := make([]map[string]any, writers)
		for i := range bodies {
			bodies[i] = placementInput("同一人", raw, w.emp, "沈阳市", fmt.Sprintf("2025-%02d-%02d", 1+i%6, 1+i%28))
		}
		var created int64
		conflicts := []*apitest.Response{}
		for i, r := range postAll(w, "/api/v1/placements", bodies) {
			switch r.Code {
			case http.StatusCreated:
				if created != 0 {
					t.Errorf("request %d: a second 201: %s", i, r.Body)
				}
				created = apitest.ID(t, r)
			case http.StatusConflict:
				conflicts = append(conflicts, r)
			default:
				t.Errorf("request %d: %d %s", i, r.Code, r.Body)
			}
		}
		if created == 0 || len(conflicts) != writers-1 {
			t.Fatalf("%d conflicts, created %d", len(conflicts), created)
		}
		for _, r := range conflicts {
			e, _ := r.JSON()["error"].(map[string]any)
			if r.ErrorCode() != "conflict" || e["id"] != float64(created) {
				t.Errorf("conflict does not name record %d: %s", created, r.Body)
			}
		}
		if n := apitest.Count(t, w.Store, "placements"); n != 1 {
			t.Errorf("%d placements stored", n)
		}
		checkTallies(t, w.Env)
	})
}

// TestWritesRaceASubmit submits 沈阳市's May while placements of that month
// arrive: each write is stored (201) or refused (409 period_closed), none
// fails or waits for ever, and the stored ones are exactly those answered
// 201. Afterwards the month refuses every write.
func TestWritesRaceASubmit(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		sy := w.User("race_off", "official", "沈阳市", 0)
		bodies := make([]map[string]any, writers)
		for i := range bodies {
			bodies[i] = placementInput(fmt.Sprintf("竞争%d", i), apitest.IDNumber("210102", fmt.Sprintf("19%02d-02-15", 60+i), i),
				w.emp, "沈阳市", "2025-05-10")
		}
		var submit *apitest.Response
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			submit = w.Do(sy, "POST", "/api/v1/periods/2025-05/submit", map[string]any{"city": "沈阳市"})
		}()
		stored := 0
		for i, r := range postAll(w, "/api/v1/placements", bodies) {
			switch {
			case r.Code == http.StatusCreated:
				stored++
			case r.Code == http.StatusConflict && r.ErrorCode() == "period_closed":
			default:
				t.Errorf("request %d: %d %s", i, r.Code, r.Body)
			}
		}
		wg.Wait()
		if submit.Code != http.StatusOK {
			t.Fatalf("submit: %d %s", submit.Code, submit.Body)
		}
		if n := apitest.Count(t, w.Store, "placements"); n != int64(stored) {
			t.Errorf("%d placements stored, %d answered 201", n, stored)
		}
		r := w.Do(w.org, "POST", "/api/v1/placements", placementInput("迟到", apitest.IDNumber("210102", "1990-03-01", 999), w.emp, "沈阳市", "2025-05-11"))
		if r.Code != http.StatusConflict || r.ErrorCode() != "period_closed" {
			t.Errorf("after the submit: %d %s", r.Code, r.Body)
		}
		checkTallies(t, w.Env)
	})
}
