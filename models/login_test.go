package models_test

import (
	"context"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"jobfair/api/apitest"
	"jobfair/models"
)

// TestUnknownUserCostsLikeAKnownOne checks that a login for a username that
// does not exist compares the password against a hash of the configured
// cost, as a wrong password for a real user does, so that the time of the
// answer does not tell which usernames exist.
func TestUnknownUserCostsLikeAKnownOne(t *testing.T) {
	oldCost := models.BcryptCost
	models.BcryptCost = bcrypt.MinCost + 1 // not the test default, to tell them apart
	t.Cleanup(func() { models.BcryptCost = oldCost })
	var mu sync.Mutex
	var costs []int
	compare := *models.ComparePassword
	*models.ComparePassword = func(hash, password []byte) error {
		cost, err := bcrypt.Cost(hash)
		if err != nil {
			t.Errorf("compared against a hash that is not bcrypt: %v", err)
		}
		mu.Lock()
		costs = append(costs, cost)
		mu.Unlock()
		return compare(hash, password)
	}
	t.Cleanup(func() { *models.ComparePassword = compare })

	for _, d := range apitest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := apitest.NewStore(t, d)
			ctx := context.Background()
			if _, err := s.CreateUser(ctx, models.System, models.NewUser{Username: "sy_off", Password: apitest.Password,
				Role: models.RoleOfficial, City: "沈阳市"}); err != nil {
				t.Fatal(err)
			}
			costs = nil
			for _, name := range []string{"nobody", "sy_off"} {
				_, _, err := s.Login(ctx, name, "Wrong12345678", "192.0.2.1", models.DefaultSessionPolicy)
				if models.ErrorCode(err) != models.EUnauthenticated {
					t.Fatalf("login %s: %v", name, err)
				}
			}
			if len(costs) != 2 || costs[0] != models.BcryptCost || costs[1] != models.BcryptCost {
				t.Fatalf("costs compared (unknown user, wrong password): %v, want both %d", costs, models.BcryptCost)
			}
		})
	}
}
