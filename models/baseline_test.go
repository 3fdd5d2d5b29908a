package models_test

import (
	"context"
	"io"
	"testing"

	"jobfair/models/storetest"
	"jobfair/seeds"
)

// The bench's ingest baseline must copy every record, on both databases.
func TestCopyPlainCopiesEveryRecord(t *testing.T) {
	tables := []string{"employers", "fairs", "jobs", "placements", "visits"}
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			src := storetest.NewStore(t, d)
			if err := seeds.LoadDemo(ctx, src, seeds.DemoOptions{Scale: 0.002, Years: []int{2025}, Progress: io.Discard}); err != nil {
				t.Fatal(err)
			}
			dst := storetest.NewStore(t, d)
			n, _, err := src.CopyPlain(ctx, dst)
			if err != nil {
				t.Fatal(err)
			}
			var total int64
			for _, table := range tables {
				want, got := storetest.Count(t, src, table), storetest.Count(t, dst, table)
				if want == 0 || got != want {
					t.Errorf("%s: copied %d of %d rows", table, got, want)
				}
				total += want
			}
			if n != total {
				t.Errorf("CopyPlain answered %d rows, the tables hold %d", n, total)
			}
		})
	}
}
