package models

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// Metrics counted in the tallies. A metric with a ":" suffix is per programme
// or per person group.
const (
	MetricFairsHeld      = "fair_held"     // held fairs, and fair_held:<programme>
	MetricSpecialFairs   = "fair_special"  // held fairs of kind special (专场)
	MetricFairPosts      = "fair_posts"    // posts_offered of held fairs, and per programme
	MetricFairIntents    = "fair_intents"  // intents of held fairs, and per programme
	MetricFairVisitors   = "fair_visitors" // visitors of held fairs
	MetricJobPosts       = "job_posts"     // headcount of all jobs
	MetricJobs           = "jobs"          // jobs, counted (for the lists' totals)
	MetricGraduateJobs   = "graduate_jobs" // jobs for graduates, counted
	MetricGraduatePosts  = "graduate_posts"
	MetricPlaced         = "placed" // placements, and placed:<group>
	MetricPlacedYoung    = "placed_young"
	MetricVisits         = "visits" // outreach visits (送政策送岗位送服务)
	YoungAgeMin          = 18
	YoungAgeMax          = 45
	tallyGrainDay        = "d"
	tallyGrainMonth      = "m"
	tallyUpsertBatchSize = 200
)

// Tally is one row of the summary table.
type Tally struct {
	Grain  string
	Period string
	City   string
	Metric string
	N      int64
}

type tallyKey struct{ day, city, metric string }

// Deltas collects changes to the tallies made by one transaction.
type Deltas map[tallyKey]int64

// Add counts n of metric on day in city.
func (d Deltas) Add(day Date, city, metric string, n int64) {
	if n == 0 {
		return
	}
	d[tallyKey{day.String(), city, metric}] += n
}

// fairDeltas is what a held fair adds to the tallies (sign -1 removes it).
func fairDeltas(d Deltas, f *Fair, sign int64) {
	if f.Status != FairHeld {
		return
	}
	day := f.StartDate
	d.Add(day, f.City, MetricFairsHeld, sign)
	if f.Kind == FairSpecial {
		d.Add(day, f.City, MetricSpecialFairs, sign)
	}
	d.Add(day, f.City, MetricFairPosts, sign*int64(deref(f.PostsOffered)))
	d.Add(day, f.City, MetricFairIntents, sign*int64(deref(f.Intents)))
	d.Add(day, f.City, MetricFairVisitors, sign*int64(deref(f.Visitors)))
	for _, p := range f.Programmes {
		d.Add(day, f.City, MetricFairsHeld+":"+p, sign)
		d.Add(day, f.City, MetricFairPosts+":"+p, sign*int64(deref(f.PostsOffered)))
		d.Add(day, f.City, MetricFairIntents+":"+p, sign*int64(deref(f.Intents)))
	}
}

// jobDeltas is what a job adds to the tallies.
func jobDeltas(d Deltas, j *Job, sign int64) {
	d.Add(j.PostedOn, j.City, MetricJobPosts, sign*int64(j.Headcount))
	d.Add(j.PostedOn, j.City, MetricJobs, sign)
	if j.ForGraduates {
		d.Add(j.PostedOn, j.City, MetricGraduatePosts, sign*int64(j.Headcount))
		d.Add(j.PostedOn, j.City, MetricGraduateJobs, sign)
	}
}

// visitDeltas is what a visit adds to the tallies.
func visitDeltas(d Deltas, v *Visit, sign int64) {
	d.Add(v.On, v.City, MetricVisits, sign)
}

// placementDeltas is what a placement adds to the tallies.
func placementDeltas(d Deltas, p *Placement, sign int64) {
	d.Add(p.PlacedOn, p.City, MetricPlaced, sign)
	for _, g := range p.GroupList() {
		d.Add(p.PlacedOn, p.City, MetricPlaced+":"+g, sign)
	}
	if age := AgeOn(p.BirthDate, p.PlacedOn); age >= YoungAgeMin && age <= YoungAgeMax {
		d.Add(p.PlacedOn, p.City, MetricPlacedYoung, sign)
	}
}

// apply writes the deltas into the day and month rows, inside tx.
func (d Deltas) apply(tx *gorm.DB) error {
	if len(d) == 0 {
		return nil
	}
	// Merge the day keys into month keys, then upsert in a stable order so
	// that concurrent PostgreSQL transactions take row locks in one order.
	rows := make(map[Tally]int64, len(d)*2)
	for k, n := range d {
		if n == 0 {
			continue
		}
		rows[Tally{Grain: tallyGrainDay, Period: k.day, City: k.city, Metric: k.metric}] += n
		rows[Tally{Grain: tallyGrainMonth, Period: k.day[:7], City: k.city, Metric: k.metric}] += n
	}
	list := make([]Tally, 0, len(rows))
	for t, n := range rows {
		if n != 0 {
			t.N = n
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Grain != b.Grain {
			return a.Grain < b.Grain
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		if a.City != b.City {
			return a.City < b.City
		}
		return a.Metric < b.Metric
	})
	for start := 0; start < len(list); start += tallyUpsertBatchSize {
		end := min(start+tallyUpsertBatchSize, len(list))
		batch := list[start:end]
		var sb strings.Builder
		args := make([]any, 0, len(batch)*5)
		sb.WriteString("INSERT INTO tallies (grain, period, city, metric, n) VALUES ")
		for i, t := range batch {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(?,?,?,?,?)")
			args = append(args, t.Grain, t.Period, t.City, t.Metric, t.N)
		}
		sb.WriteString(" ON CONFLICT (grain, period, city, metric) DO UPDATE SET n = tallies.n + excluded.n")
		if err := tx.Exec(sb.String(), args...).Error; err != nil {
			return fmt.Errorf("update tallies: %w", err)
		}
	}
	return nil
}

// Drift is a difference between the tallies and a recount of the records.
type Drift struct {
	Grain  string `json:"grain"`
	Period string `json:"period"`
	City   string `json:"city"`
	Metric string `json:"metric"`
	Tally  int64  `json:"tally"`
	Count  int64  `json:"count"`
}

// Verify recounts every metric from the records and lists where the tallies differ.
func (s *Store) Verify(ctx context.Context) ([]Drift, error) {
	want := Deltas{}
	if err := recount(s.read(ctx), want); err != nil {
		return nil, err
	}
	expected := map[Tally]int64{}
	for k, n := range want {
		expected[Tally{Grain: tallyGrainDay, Period: k.day, City: k.city, Metric: k.metric}] += n
		expected[Tally{Grain: tallyGrainMonth, Period: k.day[:7], City: k.city, Metric: k.metric}] += n
	}
	var have []Tally
	if err := s.read(ctx).Raw("SELECT grain, period, city, metric, n FROM tallies").Scan(&have).Error; err != nil {
		return nil, fmt.Errorf("read tallies: %w", err)
	}
	var drift []Drift
	for _, t := range have {
		key := t
		key.N = 0
		if expected[key] != t.N {
			drift = append(drift, Drift{t.Grain, t.Period, t.City, t.Metric, t.N, expected[key]})
		}
		delete(expected, key)
	}
	for k, n := range expected {
		if n != 0 {
			drift = append(drift, Drift{k.Grain, k.Period, k.City, k.Metric, 0, n})
		}
	}
	sort.Slice(drift, func(i, j int) bool {
		return drift[i].Grain+drift[i].Period+drift[i].City+drift[i].Metric <
			drift[j].Grain+drift[j].Period+drift[j].City+drift[j].Metric
	})
	return drift, nil
}

// RebuildTallies replaces the summary tables by a recount of the records, in
// one transaction, and answers how many rows differed before. It repairs
// tallies that drifted (a bug, a hand edit, a restore of part of a backup).
func (s *Store) RebuildTallies(ctx context.Context) (int, error) {
	drift, err := s.Verify(ctx)
	if err != nil {
		return 0, err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if s.Dialect == "postgres" {
			// Writers move the tallies in their own transactions: they wait
			// for the rebuild, and the recount sees every write committed
			// before it, so none is lost or counted twice. (SQLite has one
			// writer: the rebuild holds it.)
			if err := tx.Exec("LOCK TABLE tallies IN EXCLUSIVE MODE").Error; err != nil {
				return fmt.Errorf("lock tallies: %w", err)
			}
		}
		want := Deltas{}
		if err := recount(tx, want); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM tallies").Error; err != nil {
			return fmt.Errorf("clear tallies: %w", err)
		}
		return want.apply(tx)
	})
	if err != nil {
		return 0, fmt.Errorf("rebuild tallies: %w", err)
	}
	return len(drift), nil
}

// recount counts every metric straight from the records, with one grouped
// query per kind of record.
func recount(db *gorm.DB, d Deltas) error {
	type row struct {
		Day    Date
		City   string
		Metric string
		N      int64
	}
	add := func(q string, args ...any) error {
		var rows []row
		if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
			return fmt.Errorf("recount: %w", err)
		}
		for _, r := range rows {
			d.Add(r.Day, r.City, r.Metric, r.N)
		}
		return nil
	}
	held := "FROM fairs f WHERE f.status = 'held' GROUP BY f.start_date, f.city"
	heldP := "FROM fairs f JOIN fair_programmes fp ON fp.fair_id = f.id WHERE f.status = 'held' GROUP BY f.start_date, f.city, fp.programme"
	queries := []string{
		"SELECT f.start_date AS day, f.city, '" + MetricFairsHeld + "' AS metric, COUNT(*) AS n " + held,
		"SELECT f.start_date AS day, f.city, '" + MetricSpecialFairs + "' AS metric, COUNT(*) AS n FROM fairs f WHERE f.status = 'held' AND f.kind = '" + FairSpecial + "' GROUP BY f.start_date, f.city",
		"SELECT f.start_date AS day, f.city, '" + MetricFairPosts + "' AS metric, SUM(f.posts_offered) AS n " + held,
		"SELECT f.start_date AS day, f.city, '" + MetricFairIntents + "' AS metric, SUM(f.intents) AS n " + held,
		"SELECT f.start_date AS day, f.city, '" + MetricFairVisitors + "' AS metric, SUM(f.visitors) AS n " + held,
		"SELECT f.start_date AS day, f.city, '" + MetricFairsHeld + ":' || fp.programme AS metric, COUNT(*) AS n " + heldP,
		"SELECT f.start_date AS day, f.city, '" + MetricFairPosts + ":' || fp.programme AS metric, SUM(f.posts_offered) AS n " + heldP,
		"SELECT f.start_date AS day, f.city, '" + MetricFairIntents + ":' || fp.programme AS metric, SUM(f.intents) AS n " + heldP,
		"SELECT posted_on AS day, city, '" + MetricJobPosts + "' AS metric, SUM(headcount) AS n FROM jobs GROUP BY posted_on, city",
		"SELECT posted_on AS day, city, '" + MetricGraduatePosts + "' AS metric, SUM(headcount) AS n FROM jobs WHERE for_graduates GROUP BY posted_on, city",
		"SELECT posted_on AS day, city, '" + MetricJobs + "' AS metric, COUNT(*) AS n FROM jobs GROUP BY posted_on, city",
		"SELECT posted_on AS day, city, '" + MetricGraduateJobs + "' AS metric, COUNT(*) AS n FROM jobs WHERE for_graduates GROUP BY posted_on, city",
		"SELECT placed_on AS day, city, '" + MetricPlaced + "' AS metric, COUNT(*) AS n FROM placements GROUP BY placed_on, city",
		"SELECT visited_on AS day, city, '" + MetricVisits + "' AS metric, COUNT(*) AS n FROM visits GROUP BY visited_on, city",
	}
	for _, q := range queries {
		if err := add(q); err != nil {
			return err
		}
	}
	for _, g := range Groups {
		q := "SELECT placed_on AS day, city, ? AS metric, COUNT(*) AS n FROM placements WHERE groups LIKE ? GROUP BY placed_on, city"
		if err := add(q, MetricPlaced+":"+g.Code, "%,"+g.Code+",%"); err != nil {
			return err
		}
	}
	// The ledger, from the logs rather than the graduates' derived columns,
	// so that a derived column gone wrong shows as drift.
	year := "':' || CAST(g.graduation_year AS TEXT)"
	for _, q := range []string{
		"SELECT g.registered_on AS day, g.city, '" + MetricGraduates + "' || " + year + " AS metric, COUNT(*) AS n FROM graduates g GROUP BY g.registered_on, g.city, g.graduation_year",
		"SELECT g.registered_on AS day, g.city, '" + MetricGraduatesNeedy + "' || " + year + " AS metric, COUNT(*) AS n FROM graduates g WHERE g.needy_family AND g.wants_job GROUP BY g.registered_on, g.city, g.graduation_year",
		"SELECT f.day, g.city, '" + MetricGraduatesReached + "' || " + year + " AS metric, COUNT(*) AS n FROM graduates g JOIN (SELECT graduate_id, MIN(contacted_on) AS day FROM graduate_contacts WHERE reached GROUP BY graduate_id) f ON f.graduate_id = g.id GROUP BY f.day, g.city, g.graduation_year",
		"SELECT f.day, g.city, '" + MetricGraduatesServed + "' || " + year + " AS metric, COUNT(*) AS n FROM graduates g JOIN (SELECT graduate_id, MIN(served_on) AS day FROM graduate_services GROUP BY graduate_id) f ON f.graduate_id = g.id GROUP BY f.day, g.city, g.graduation_year",
		// A graduate whose personal data was cleared keeps the employment recorded.
		"SELECT g.employed_on AS day, g.city, '" + MetricGraduatesNeedyPlaced + "' || " + year + " AS metric, COUNT(*) AS n FROM graduates g WHERE g.needy_family AND g.wants_job AND g.employed_on IS NOT NULL AND g.id_hash LIKE '" + purgedHash + "%' GROUP BY g.employed_on, g.city, g.graduation_year",
	} {
		if err := add(q); err != nil {
			return err
		}
	}
	// Employment is found among the placements, the person looked up in
	// each year of the person index.
	years, err := placementYears(db)
	if err != nil {
		return err
	}
	err = add("SELECT f.day, g.city, '"+MetricGraduatesNeedyPlaced+"' || "+year+" AS metric, COUNT(*) AS n FROM graduates g JOIN (SELECT g2.id, MIN(p.placed_on) AS day FROM graduates g2 JOIN placements p ON p.year IN ? AND p.id_hash = g2.id_hash AND p.placed_on >= g2.registered_on WHERE g2.needy_family AND g2.wants_job GROUP BY g2.id) f ON f.id = g.id GROUP BY f.day, g.city, g.graduation_year",
		years)
	if err != nil {
		return err
	}
	// Ages are compared in Go: the two databases disagree on date arithmetic.
	var people []struct {
		PlacedOn  Date
		City      string
		BirthDate Date
	}
	if err := db.Raw("SELECT placed_on, city, birth_date FROM placements").Scan(&people).Error; err != nil {
		return fmt.Errorf("recount ages: %w", err)
	}
	for _, p := range people {
		if age := AgeOn(p.BirthDate, p.PlacedOn); age >= YoungAgeMin && age <= YoungAgeMax {
			d.Add(p.PlacedOn, p.City, MetricPlacedYoung, 1)
		}
	}
	return nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
