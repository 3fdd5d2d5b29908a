package api_test

import (
	"fmt"
	"testing"
	"time"

	"jobfair/api/apitest"
)

// A held fair keeps its date, city and programmes; only its results may be
// corrected, and the tallies follow the correction.
func TestHeldFairKeepsItsFacts(t *testing.T) {
	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			env := apitest.New(t, d)
			tok := env.Admin()
			r := env.Must(201, tok, "POST", "/api/v1/fairs", map[string]any{"title": "新就业形态专场", "city": "沈阳市",
				"starts_at": "2025-05-10T09:00:00+08:00", "ends_at": "2025-05-10T12:00:00+08:00", "mode": "livestream",
				"programmes": []string{"new_forms"}})
			path := fmt.Sprintf("/api/v1/fairs/%d", apitest.ID(t, r))
			env.Must(200, tok, "PATCH", path, map[string]any{"status": "held", "visitors": 100, "employers_attended": 10,
				"posts_offered": 300, "intents": 40})
			before := apitest.Snapshot(t, env.Store)
			for _, body := range []map[string]any{
				{"starts_at": "2024-05-10T09:00:00+08:00", "ends_at": "2024-05-10T12:00:00+08:00"},
				{"city": "大连市"},
				{"programmes": []string{"chunnuan"}},
			} {
				if r := env.Do(tok, "PATCH", path, body); r.Code != 409 {
					t.Errorf("PATCH %v on a held fair: %d %s", body, r.Code, r.Body)
				}
			}
			if after := apitest.Snapshot(t, env.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused edits changed the database: %v -> %v", before, after)
			}
			env.Must(200, tok, "PATCH", path, map[string]any{"intents": 55})
			env.Clock.Advance(time.Hour)
			if drift, err := env.Store.Verify(t.Context()); err != nil || len(drift) > 0 {
				t.Fatalf("verify after a corrected result: %v %v", drift, err)
			}
		})
	}
}
