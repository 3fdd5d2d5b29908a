package api_test

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"jobfair/api/apitest"
	"jobfair/models"
)

// fairDay is a fair on today's date (2025-06-30, 09:00–16:00) run by 沈阳's
// organiser, with an employer approved for it and a job of its own there.
type fairDay struct {
	*apitest.Env
	admin, org, org2, off, off2, emp, emp2 string
	fair, job, job2, signup, employer      int64
}

func newFairDay(t *testing.T, dialect string) *fairDay {
	env := apitest.New(t, dialect)
	d := &fairDay{Env: env, admin: env.Admin()}
	d.employer = env.Employer("沈阳重型机械有限公司", "沈阳市")
	other := env.Employer("大连港务有限公司", "大连市")
	d.org = env.User("sy_org", models.RoleOrganiser, "沈阳市", 0)
	d.org2 = env.User("sy_org2", models.RoleOrganiser, "沈阳市", 0)
	d.off = env.User("sy_off", models.RoleOfficial, "沈阳市", 0)
	d.off2 = env.User("dl_off", models.RoleOfficial, "大连市", 0)
	d.emp = env.User("sy_emp", models.RoleEmployer, "", d.employer)
	d.emp2 = env.User("dl_emp", models.RoleEmployer, "", other)
	d.fair = d.newFair(t, "2025-06-30T09:00:00+08:00", "2025-06-30T16:00:00+08:00")
	d.signup = apitest.ID(t, env.Must(http.StatusCreated, d.emp, "POST", fmt.Sprintf("/api/v1/fairs/%d/signups", d.fair), nil))
	env.Must(http.StatusOK, d.org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d/signups/%d", d.fair, d.signup), map[string]any{"status": "approved"})
	d.job = apitest.ID(t, env.Must(http.StatusCreated, d.emp, "POST", "/api/v1/jobs", map[string]any{"title": "数控车工", "headcount": 5,
		"posted_on": "2025-06-20", "fair_id": d.fair, "description": "负责数控车床操作。\n两班倒。", "contact_name": "李经理",
		"contact_phone": "024-22334455"}))
	d.job2 = apitest.ID(t, env.Must(http.StatusCreated, d.emp2, "POST", "/api/v1/jobs", map[string]any{"title": "理货员", "headcount": 3,
		"posted_on": "2025-06-20", "fair_id": d.fair}))
	return d
}

func (d *fairDay) newFair(t *testing.T, starts, ends string) int64 {
	return apitest.ID(t, d.Must(http.StatusCreated, d.org, "POST", "/api/v1/fairs", map[string]any{"title": "沈阳市夏季招聘会",
		"city": "沈阳市", "venue": "沈阳人才大厦", "starts_at": starts, "ends_at": ends, "mode": "onsite", "programmes": []string{"chunnuan"}}))
}

func (d *fairDay) register(t *testing.T, fair int64, phone string) string {
	t.Helper()
	var r models.Registered
	d.Must(http.StatusCreated, "", "POST", fmt.Sprintf("/api/v1/public/fairs/%d/registrations", fair),
		map[string]any{"name": "赵求职", "phone": phone, "consent": true}).Decode(t, &r)
	return r.Ticket
}

func (d *fairDay) recorded(t *testing.T, fair int64) models.Recorded {
	t.Helper()
	var f models.Fair
	d.Must(http.StatusOK, d.admin, "GET", fmt.Sprintf("/api/v1/fairs/%d", fair), nil).Decode(t, &f)
	if f.Recorded == nil {
		t.Fatalf("fair %d has no recorded figures", fair)
	}
	return *f.Recorded
}

func TestFairDayRegistration(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			d := newFairDay(t, dialect)
			path := fmt.Sprintf("/api/v1/public/fairs/%d/registrations", d.fair)
			before := apitest.Snapshot(t, d.Store)
			for _, c := range []struct {
				body   map[string]any
				fields []string
			}{
				{map[string]any{"name": "赵求职", "phone": "13912345678"}, []string{"consent"}},
				{map[string]any{"name": " ", "phone": "12345", "consent": true}, []string{"name", "phone"}},
			} {
				resp := d.Do("", "POST", path, c.body)
				if resp.Code != http.StatusUnprocessableEntity {
					t.Errorf("%v: %d %s", c.body, resp.Code, resp.Body)
				}
				for _, f := range c.fields {
					if resp.ErrorFields()[f] == nil {
						t.Errorf("%v: no error for %s: %s", c.body, f, resp.Body)
					}
				}
			}
			if after := apitest.Snapshot(t, d.Store); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("refused registrations wrote: %v -> %v", before, after)
			}
			ticket := d.register(t, d.fair, "13912345678")
			if len(ticket) != 26 || strings.Trim(ticket, "abcdefghijklmnopqrstuvwxyz234567") != "" {
				t.Errorf("ticket %q: want 26 base32 characters (128 random bits)", ticket)
			}
			if resp := d.Do("", "POST", path, map[string]any{"name": "赵求职", "phone": "13912345678", "consent": true}); resp.Code != http.StatusConflict {
				t.Errorf("the same phone twice: %d %s", resp.Code, resp.Body)
			}
			// Held and cancelled fairs take no registrations.
			held := d.newFair(t, "2025-06-01T09:00:00+08:00", "2025-06-01T16:00:00+08:00")
			d.Must(http.StatusOK, d.org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", held), map[string]any{"status": "held"})
			if resp := d.Do("", "POST", fmt.Sprintf("/api/v1/public/fairs/%d/registrations", held),
				map[string]any{"name": "赵求职", "phone": "13912345679", "consent": true}); resp.Code != http.StatusConflict {
				t.Errorf("a held fair: %d %s", resp.Code, resp.Body)
			}
			// The ticket's page masks the person; the QR image holds the ticket.
			var info models.TicketInfo
			d.Must(http.StatusOK, "", "GET", "/api/v1/public/tickets/"+strings.ToUpper(ticket), nil).Decode(t, &info)
			if info.Name != "赵**" || info.Phone != "139****5678" || info.Fair.ID != d.fair || info.CheckedInAt != nil {
				t.Errorf("ticket page: %+v", info)
			}
			resp := d.Do("", "GET", "/api/v1/public/tickets/"+ticket+"/qr.png", nil)
			if img, err := png.Decode(bytes.NewReader(resp.Body)); err != nil || img.Bounds().Dx() < 200 {
				t.Errorf("QR image: %v", err)
			}
			d.Must(http.StatusNotFound, "", "GET", "/api/v1/public/tickets/aaaaaaaaaaaaaaaaaaaaaaaaaa", nil)

			// The public fair page: open for registration, its employers with their jobs counted, its own jobs.
			var view models.PublicFairView
			d.Must(http.StatusOK, "", "GET", fmt.Sprintf("/api/v1/public/fairs/%d", d.fair), nil).Decode(t, &view)
			if !view.RegistrationsOpen || len(view.Employers) != 1 || view.Employers[0].JobsCount != 1 {
				t.Errorf("public fair: %+v", view)
			}
			wantListIDs(t, d.Env, "", fmt.Sprintf("/api/v1/public/fairs/%d/jobs", d.fair), d.job2, d.job)
			var job models.PublicJobView
			d.Must(http.StatusOK, "", "GET", fmt.Sprintf("/api/v1/public/jobs/%d", d.job), nil).Decode(t, &job)
			if job.Description != "负责数控车床操作。\n两班倒。" || job.ContactName != "李经理" || job.Fair == nil || job.Fair.ID != d.fair ||
				job.EmployerName != "沈阳重型机械有限公司" {
				t.Errorf("public job: %+v", job)
			}
		})
	}
}

func TestFairDayCheckinAndIntents(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			d := newFairDay(t, dialect)
			ticket := d.register(t, d.fair, "13912345678")
			late := d.register(t, d.fair, "13912345670")
			other := d.newFair(t, "2025-07-10T09:00:00+08:00", "2025-07-10T16:00:00+08:00")
			foreign := d.register(t, other, "13912345678")
			checkins := fmt.Sprintf("/api/v1/fairs/%d/checkins", d.fair)
			intents := fmt.Sprintf("/api/v1/fairs/%d/intents", d.fair)

			// An intent needs a checked-in seeker.
			if resp := d.Do(d.emp, "POST", intents, map[string]any{"ticket": ticket, "job_id": d.job}); resp.Code != 422 || resp.ErrorFields()["ticket"] == nil {
				t.Errorf("an intent before check-in: %d %s", resp.Code, resp.Body)
			}
			for _, c := range []struct {
				token  string
				body   map[string]any
				status int
				field  string
			}{
				{d.org2, map[string]any{"ticket": ticket}, 403, ""}, // not this fair's organiser
				{d.org, map[string]any{"ticket": foreign}, 422, "ticket"},
				{d.org, map[string]any{"ticket": "nosuchticket"}, 422, "ticket"},
				{d.org, map[string]any{}, 422, "ticket"},
				{d.org, map[string]any{"name": "钱现场", "phone": "123"}, 422, "phone"},
			} {
				resp := d.Do(c.token, "POST", checkins, c.body)
				if resp.Code != c.status || c.field != "" && resp.ErrorFields()[c.field] == nil {
					t.Errorf("check-in %v: %d %s", c.body, resp.Code, resp.Body)
				}
			}
			var in models.Checkin
			d.Must(http.StatusCreated, d.org, "POST", checkins, map[string]any{"ticket": " " + strings.ToUpper(ticket) + " "}).Decode(t, &in)
			if in.Checkins != 1 || in.WalkIn || in.Name != "赵**" {
				t.Errorf("check-in: %+v", in)
			}
			resp := d.Do(d.org, "POST", checkins, map[string]any{"ticket": ticket})
			if resp.Code != http.StatusConflict || !strings.Contains(string(resp.Body), "已签到（") {
				t.Errorf("a second scan: %d %s", resp.Code, resp.Body)
			}
			d.Must(http.StatusCreated, d.org, "POST", checkins, map[string]any{"name": "钱现场", "phone": "13800000000"}).Decode(t, &in)
			if !in.WalkIn || in.Checkins != 2 {
				t.Errorf("walk-in: %+v", in)
			}
			if resp := d.Do(d.org, "POST", checkins, map[string]any{"name": "赵求职", "phone": "13912345678"}); resp.Code != 422 || resp.ErrorFields()["phone"] == nil {
				t.Errorf("a walk-in who registered before: %d %s", resp.Code, resp.Body)
			}

			// The organiser sees phones in full, the city's official masked, another city's not at all.
			var regs struct {
				Items []models.Registration `json:"items"`
				Total int64                 `json:"total"`
			}
			d.Must(http.StatusOK, d.org, "GET", fmt.Sprintf("/api/v1/fairs/%d/registrations?checked_in=true", d.fair), nil).Decode(t, &regs)
			if regs.Total != 2 || *regs.Items[0].Phone != "13800000000" || regs.Items[0].Name != "钱现场" {
				t.Errorf("organiser's list: %+v", regs)
			}
			d.Must(http.StatusOK, d.off, "GET", fmt.Sprintf("/api/v1/fairs/%d/registrations", d.fair), nil).Decode(t, &regs)
			for _, r := range regs.Items {
				if r.Phone != nil && !strings.Contains(*r.Phone, "****") {
					t.Errorf("an official sees a phone: %+v", r)
				}
			}
			if regs.Total != 3 {
				t.Errorf("registrations: %d", regs.Total)
			}
			d.Must(http.StatusNotFound, d.off2, "GET", fmt.Sprintf("/api/v1/fairs/%d/registrations", d.fair), nil)

			// Intents: by an approved employer for its own job of the fair, or by the organiser.
			for _, c := range []struct {
				token  string
				body   map[string]any
				status int
				field  string
			}{
				{d.emp2, map[string]any{"ticket": ticket, "job_id": d.job2}, 403, ""}, // not approved
				{d.emp, map[string]any{"ticket": ticket, "job_id": d.job2}, 422, "job_id"},
				{d.emp, map[string]any{"ticket": late, "job_id": d.job}, 422, "ticket"},
				{d.emp, map[string]any{"ticket": ticket}, 422, "job_id"},
			} {
				resp := d.Do(c.token, "POST", intents, c.body)
				if resp.Code != c.status || c.field != "" && resp.ErrorFields()[c.field] == nil {
					t.Errorf("intent %v: %d %s", c.body, resp.Code, resp.Body)
				}
			}
			var it models.Intent
			d.Must(http.StatusCreated, d.emp, "POST", intents, map[string]any{"ticket": ticket, "job_id": d.job}).Decode(t, &it)
			if it.JobTitle != "数控车工" || it.Name != "赵**" {
				t.Errorf("intent: %+v", it)
			}
			if resp := d.Do(d.emp, "POST", intents, map[string]any{"ticket": ticket, "job_id": d.job}); resp.Code != http.StatusConflict {
				t.Errorf("the same intent twice: %d", resp.Code)
			}
			d.Must(http.StatusCreated, d.org, "POST", intents, map[string]any{"ticket": ticket, "job_id": d.job2})
			var list struct {
				Items []models.Intent `json:"items"`
			}
			d.Must(http.StatusOK, d.emp, "GET", intents, nil).Decode(t, &list)
			if len(list.Items) != 1 || list.Items[0].JobID != d.job {
				t.Errorf("the employer's intents: %+v", list.Items)
			}

			// Recorded: 3 registrations, 2 check-ins, 1 employer approved, 1 person with intents, 8 posts.
			want := models.Recorded{Registrations: 3, Checkins: 2, EmployersApproved: 1, Intents: 1, Posts: 8}
			if got := d.recorded(t, d.fair); got != want {
				t.Errorf("recorded %+v, want %+v", got, want)
			}
			// Closing as held takes the recorded figures for the results not given.
			var f models.Fair
			d.Must(http.StatusOK, d.org, "PATCH", fmt.Sprintf("/api/v1/fairs/%d", d.fair), map[string]any{"status": "held", "visitors": 2500}).Decode(t, &f)
			if *f.Visitors != 2500 || *f.EmployersAttended != 1 || *f.PostsOffered != 8 || *f.Intents != 1 {
				t.Errorf("closed: %+v", f)
			}
			expect(t, "fair posts counted", getRollup(t, d.Env, d.admin, "year=2025").goal(t, "special_fairs"), map[string]any{"actual": 1})
			noDrift(t, d.Env)

			// A year after the fair, the names and phones are cleared and the counts stand.
			d.Clock.Advance(400 * 24 * time.Hour)
			d.admin, d.org = d.Login("admin", apitest.AdminPassword), d.Login("sy_org", apitest.Password) // the sessions ended
			if n, err := d.Store.PurgeRegistrations(t.Context(), false); err != nil || n != 4 {           // and the other fair's
				t.Fatalf("purge: %d %v", n, err)
			}
			if got := d.recorded(t, d.fair); got != want {
				t.Errorf("recorded after the purge %+v, want %+v", got, want)
			}
			d.Must(http.StatusOK, d.org, "GET", fmt.Sprintf("/api/v1/fairs/%d/registrations", d.fair), nil).Decode(t, &regs)
			for _, r := range regs.Items {
				if r.Name != "" || r.Phone != nil {
					t.Errorf("a purged registration keeps personal data: %+v", r)
				}
			}
			if n, err := d.Store.PurgeRegistrations(t.Context(), false); err != nil || n != 0 {
				t.Errorf("a second purge: %d %v", n, err)
			}
		})
	}
}

func TestSignupDecisionsAndNotifications(t *testing.T) {
	for _, dialect := range apitest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			d := newFairDay(t, dialect)
			other := d.newFair(t, "2025-07-10T09:00:00+08:00", "2025-07-10T16:00:00+08:00")
			a := apitest.ID(t, d.Must(http.StatusCreated, d.emp, "POST", fmt.Sprintf("/api/v1/fairs/%d/signups", other), nil))
			b := apitest.ID(t, d.Must(http.StatusCreated, d.emp2, "POST", fmt.Sprintf("/api/v1/fairs/%d/signups", other), nil))
			path := fmt.Sprintf("/api/v1/fairs/%d/signups/%d", other, a)
			if resp := d.Do(d.org, "PATCH", path, map[string]any{"status": "declined"}); resp.Code != 422 || resp.ErrorFields()["reason"] == nil {
				t.Errorf("a decline without a reason: %d %s", resp.Code, resp.Body)
			}
			// A batch with a decided sign-up in it changes nothing.
			if resp := d.Do(d.org, "POST", "/api/v1/signups/decisions", map[string]any{"ids": []int64{a, d.signup}, "status": "approved"}); resp.Code != 422 || resp.ErrorFields()["ids"] == nil {
				t.Errorf("a batch with a decided sign-up: %d %s", resp.Code, resp.Body)
			}
			var pending struct {
				Items []models.Signup `json:"items"`
			}
			d.Must(http.StatusOK, d.org, "GET", "/api/v1/signups", nil).Decode(t, &pending)
			if len(pending.Items) != 3 || pending.Items[0].Status != models.SignupPending || pending.Items[1].Status != models.SignupPending {
				t.Errorf("pending first: %+v", pending.Items)
			}
			var batch struct {
				Items []models.Signup `json:"items"`
			}
			d.Must(http.StatusOK, d.org, "POST", "/api/v1/signups/decisions", map[string]any{"ids": []int64{a, b}, "status": "declined",
				"reason": "展位已满"}).Decode(t, &batch)
			if len(batch.Items) != 2 || batch.Items[0].Status != models.SignupDeclined || batch.Items[0].Reason != "展位已满" {
				t.Errorf("batch: %+v", batch.Items)
			}

			// The employer hears of each decision; reading marks it.
			var notes struct {
				Items []models.Notification `json:"items"`
			}
			d.Must(http.StatusOK, d.emp, "GET", "/api/v1/notifications", nil).Decode(t, &notes)
			if len(notes.Items) != 2 || notes.Items[0].Kind != models.NoticeSignupDeclined || !strings.Contains(notes.Items[0].Text, "展位已满") ||
				notes.Items[1].Kind != models.NoticeSignupApproved || notes.Items[0].Read {
				t.Fatalf("notifications: %+v", notes.Items)
			}
			var unread models.UnreadNotifications
			d.Must(http.StatusOK, d.emp, "GET", "/api/v1/notifications/unread", nil).Decode(t, &unread)
			if unread.Unread != 2 {
				t.Errorf("unread: %d", unread.Unread)
			}
			d.Must(http.StatusNotFound, d.emp2, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", notes.Items[0].ID), nil)
			d.Must(http.StatusNoContent, d.emp, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", notes.Items[0].ID), nil)
			d.Must(http.StatusOK, d.emp, "GET", "/api/v1/notifications/unread", nil).Decode(t, &unread)
			if unread.Unread != 1 {
				t.Errorf("unread after one read: %d", unread.Unread)
			}
			d.Must(http.StatusNoContent, d.emp, "POST", "/api/v1/notifications/read", nil)
			d.Must(http.StatusOK, d.emp, "GET", "/api/v1/notifications/unread", nil).Decode(t, &unread)
			if unread.Unread != 0 {
				t.Errorf("unread after all read: %d", unread.Unread)
			}

			// A returned month tells the city's officials, not another city's.
			d.Must(http.StatusOK, d.off, "POST", "/api/v1/periods/2025-05/submit", map[string]any{"city": "沈阳市"})
			d.Must(http.StatusOK, d.admin, "POST", "/api/v1/periods/2025-05/return", map[string]any{"city": "沈阳市", "reason": "城镇调查失业率缺报"})
			d.Must(http.StatusOK, d.off, "GET", "/api/v1/notifications", nil).Decode(t, &notes)
			if len(notes.Items) != 1 || notes.Items[0].Kind != models.NoticePeriodReturned || !strings.Contains(notes.Items[0].Text, "缺报") ||
				!strings.HasPrefix(notes.Items[0].Link, "/reports?period=2025-05") {
				t.Errorf("official's notifications: %+v", notes.Items)
			}
			d.Must(http.StatusOK, d.off2, "GET", "/api/v1/notifications", nil).Decode(t, &notes)
			if len(notes.Items) != 0 {
				t.Errorf("another city's official was told: %+v", notes.Items)
			}
		})
	}
}
