package api_test

import (
	"fmt"
	"testing"
)

// TestPublicFairsShowNoAccountsOrCounts: anonymous visitors see a fair's
// what, where and when, not its organiser's account, sign-ups or results.
func TestPublicFairsShowNoAccountsOrCounts(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		id := w.fair(t, "秋季招聘会", "沈阳市", "2025-07-10", "chunnuan")
		w.Must(201, w.empTok, "POST", fmt.Sprintf("/api/v1/fairs/%d/signups", id), nil)
		var list struct{ Items []map[string]any }
		w.Must(200, "", "GET", "/api/v1/public/fairs", nil).Decode(t, &list)
		detail := w.Must(200, "", "GET", fmt.Sprintf("/api/v1/public/fairs/%d", id), nil).JSON()
		if len(list.Items) != 1 {
			t.Fatalf("public fairs: %v", list.Items)
		}
		for name, fair := range map[string]map[string]any{"list": list.Items[0], "detail": detail} {
			for _, hidden := range []string{"organiser_id", "signups", "visitors", "employers_attended", "posts_offered", "intents"} {
				if _, ok := fair[hidden]; ok {
					t.Errorf("public %s shows %s: %v", name, hidden, fair)
				}
			}
			for _, shown := range []string{"id", "title", "city", "venue", "starts_at", "ends_at", "mode", "programmes", "status", "organisation"} {
				if _, ok := fair[shown]; !ok {
					t.Errorf("public %s lacks %s: %v", name, shown, fair)
				}
			}
		}
		// Signed-in users still see the full record.
		if f := w.Must(200, w.org, "GET", fmt.Sprintf("/api/v1/fairs/%d", id), nil).JSON(); f["organiser_id"] == nil {
			t.Errorf("organiser's view lacks organiser_id: %v", f)
		}
	})
}
