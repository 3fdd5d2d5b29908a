package models_test

import (
	"os"
	"testing"
	"time"

	"jobfair/models/storetest"
)

// TestSQLiteCheckpointsBehindTheWriter checks that the writer leaves the
// write-ahead log to the checkpointer, and that the checkpointer copies it
// into the database file after a write without anyone asking.
func TestSQLiteCheckpointsBehindTheWriter(t *testing.T) {
	s := storetest.NewStore(t, "sqlite")
	db, err := s.SQLDB()
	if err != nil {
		t.Fatal(err)
	}
	var auto int
	if err := db.QueryRow("PRAGMA wal_autocheckpoint").Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Errorf("the writer checkpoints every %d pages itself; want 0", auto)
	}
	var seq int
	var name, path string
	if err := db.QueryRow("PRAGMA database_list").Scan(&seq, &name, &path); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE filler (b BLOB);
		INSERT INTO filler SELECT randomblob(4000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT i FROM n)`); err != nil {
		t.Fatal(err)
	}
	s.Changed() // written past the store's statements
	want := before.Size() + 2000*4000
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() >= want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the database file is %d bytes 10 s after the write, want at least %d: the log was not checkpointed", st.Size(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
