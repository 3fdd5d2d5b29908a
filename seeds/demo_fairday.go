package seeds

import (
	"context"
	"time"

	"jobfair/models"
)

// Fair day in the demo: the latest 40 fairs held (about the last month of the
// demo's years) have the registrations, check-ins and intents behind their results (every
// visitor checked in, some registered and absent, some walk-ins; as many
// people with intents as the fair reported), and the planned fairs have their
// first registrations. Their jobs carry a description and a contact.

const (
	shareNoShow = 0.15 // registered, never came
	shareWalkIn = 0.20 // of those who came
)

func (g *demoGen) makeFairDay(ctx context.Context) error {
	fairs, err := g.s.DemoFairDayFairs(ctx, g.scaled(40, 3))
	if err != nil {
		return err
	}
	var drafts []models.RegistrationDraft
	var ids []int64
	for _, f := range fairs {
		ids = append(ids, f.ID)
		phones := map[string]bool{}
		phone := func() string {
			for {
				p := g.mobile()
				if !phones[p] {
					phones[p] = true
					return p
				}
			}
		}
		if f.Status == models.FairPlanned {
			for range g.scaled(150, 3) {
				at := g.now().Add(-time.Duration(g.rng.IntN(10*24*60)) * time.Minute)
				drafts = append(drafts, models.RegistrationDraft{FairID: f.ID, Name: g.personName(), Phone: phone(), RegisteredAt: at})
			}
			continue
		}
		came := f.Visitors
		door := f.EndsAt.Sub(f.StartsAt)
		if door > 6*time.Hour {
			door = 6 * time.Hour
		}
		start := len(drafts)
		for i := range came + int(float64(came)*shareNoShow) {
			d := models.RegistrationDraft{FairID: f.ID, Name: g.personName(), Phone: phone()}
			if i < came {
				in := f.StartsAt.Add(time.Duration(g.rng.Float64() * g.rng.Float64() * float64(door)))
				d.CheckedInAt = &in
				if g.rng.Float64() < shareWalkIn {
					d.WalkIn, d.RegisteredAt = true, in
				}
			}
			if !d.WalkIn {
				d.RegisteredAt = f.StartsAt.Add(-time.Duration(1+g.rng.IntN(14*24*60)) * time.Minute)
			}
			drafts = append(drafts, d)
		}
		// As many people with intents as the fair reported, each for one or two of its jobs.
		if len(f.Jobs) > 0 {
			for i := range min(f.Intents, came) {
				d := &drafts[start+i]
				d.Jobs = []int64{f.Jobs[g.rng.IntN(len(f.Jobs))]}
				if len(f.Jobs) > 1 && g.rng.Float64() < 0.3 {
					if j := f.Jobs[g.rng.IntN(len(f.Jobs))]; j != d.Jobs[0] {
						d.Jobs = append(d.Jobs, j)
					}
				}
			}
		}
	}
	if err := g.s.DemoRegistrations(ctx, drafts); err != nil {
		return err
	}
	g.rep.Registrations = len(drafts)
	return g.s.DemoJobDetails(ctx, ids)
}

// now is the demo's present moment: today at noon, Shanghai time.
func (g *demoGen) now() time.Time {
	return time.Date(g.today.Year, g.today.Month, g.today.Day, 12, 0, 0, 0, models.Shanghai)
}
