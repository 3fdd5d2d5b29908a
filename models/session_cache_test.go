package models_test

import (
	"context"
	"testing"
	"time"

	"jobfair/models"
	"jobfair/models/storetest"
)

// TestRememberedSessionOutlivesPlacements checks what the sign-in generation
// is for: a session read a moment ago stays remembered across placements
// recorded meanwhile (they write no user and no session), while any other
// write of the store makes the next request read it again. A second store on
// the same database plays another instance, whose writes this one does not
// see until it reads again.
func TestRememberedSessionOutlivesPlacements(t *testing.T) {
	age := *models.SessionCacheAge
	*models.SessionCacheAge = time.Minute
	t.Cleanup(func() { *models.SessionCacheAge = age })
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			s := openMigrated(t, dsn, storetest.Secret)
			other, err := models.Open(ctx, dsn, storetest.Secret)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()

			e, err := s.CreateEmployer(ctx, models.System, models.EmployerInput{Name: "沈阳甲公司",
				CreditCode: storetest.CreditCode("甲"), City: "沈阳市"})
			if err != nil {
				t.Fatal(err)
			}
			u, err := s.CreateUser(ctx, models.System, models.NewUser{Username: "sy_org", Password: "Test12345678",
				Role: models.RoleOrganiser, City: "沈阳市"})
			if err != nil {
				t.Fatal(err)
			}
			token, _, err := s.Login(ctx, "sy_org", "Test12345678", "192.0.2.1", models.DefaultSessionPolicy)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Authenticate(ctx, token, models.DefaultSessionPolicy); err != nil {
				t.Fatalf("fresh session: %v", err)
			}

			// Another instance disables the user, which ends the session.
			off := true
			if _, err := other.UpdateUser(ctx, models.System, u.ID, models.UserPatch{Disabled: &off}); err != nil {
				t.Fatal(err)
			}
			before := s.Generation()
			for i := range 3 {
				if _, err := s.CreatePlacement(ctx, models.System, models.PlacementInput{PersonName: "张三",
					IDNumber: storetest.IDNumber("210102", "1990-05-01", i), EmployerID: &e.ID,
					City: "沈阳市", PlacedOn: "2024-03-02"}); err != nil {
					t.Fatal(err)
				}
			}
			if s.Generation() == before {
				t.Fatal("placements did not move the store's generation")
			}
			if _, _, err := s.Authenticate(ctx, token, models.DefaultSessionPolicy); err != nil {
				t.Fatalf("after placements only, the session was read again: %v", err)
			}

			// A write of this store that is not marked as leaving sessions
			// alone ends the memory: the session is read, and found ended.
			if _, err := s.CreateEmployer(ctx, models.System, models.EmployerInput{Name: "沈阳乙公司",
				CreditCode: storetest.CreditCode("乙"), City: "沈阳市"}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Authenticate(ctx, token, models.DefaultSessionPolicy); models.ErrorCode(err) != models.EUnauthenticated {
				t.Fatalf("after another write: %v, want the session ended", err)
			}
		})
	}
}
