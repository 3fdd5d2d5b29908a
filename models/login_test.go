package models_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
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

// TestSQLiteFilesArePrivate checks that a new SQLite database, its WAL and
// its folder can be read by their owner only, whatever the umask allows.
func TestSQLiteFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data", "jobfair")
	path := filepath.Join(dir, "j.db")
	s, err := models.Open(context.Background(), path, apitest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want os.FileMode
	}{{filepath.Dir(dir), 0o700}, {dir, 0o700}, {path, 0o600}, {path + "-wal", 0o600}, {path + "-shm", 0o600}} {
		st, err := os.Stat(c.path)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if st.Mode().Perm() != c.want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(c.path), st.Mode().Perm(), c.want)
		}
	}
}
