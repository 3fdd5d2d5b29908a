package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jobfair/api"
	"jobfair/api/apitest"
	"jobfair/models"
)

// wantEnvelope checks that r is the one error envelope with status and code.
func wantEnvelope(t *testing.T, r *apitest.Response, status int, code string) {
	t.Helper()
	if r.Code != status || r.ErrorCode() != code {
		t.Fatalf("status %d code %q, want %d %q: %s", r.Code, r.ErrorCode(), status, code, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &body); err != nil || len(body) != 1 || body["error"] == nil {
		t.Errorf("not the envelope: %s", r.Body)
	}
	e, _ := r.JSON()["error"].(map[string]any)
	if msg, _ := e["message"].(string); !hanRune.MatchString(msg) {
		t.Errorf("message %q is not in Chinese", msg)
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		for _, c := range []struct {
			method, path string
			status       int
			code         string
		}{
			{"GET", "/api/v1/nothing-here", 404, "not_found"},
			{"POST", "/api/v1/nothing-here", 404, "not_found"},
			{"GET", "/api/nothing", 404, "not_found"},
			{"GET", "/api/v1/fairs/", 404, "not_found"},
			{"GET", "/api/v1/fairs/1/nothing", 404, "not_found"},
			{"GET", "/not-an-api-path", 404, "not_found"}, // no frontend in tests
			{"GET", "/api/v1/fairs/abc", 404, "not_found"},
			{"GET", "/api/v1/fairs/0", 404, "not_found"},
			{"GET", "/api/v1/fairs/-3", 404, "not_found"},
			{"PUT", "/api/v1/fairs", 405, "method_not_allowed"},
			{"DELETE", "/api/v1/employers", 405, "method_not_allowed"},
			{"POST", "/api/v1/cities", 405, "method_not_allowed"},
			{"PUT", "/api/v1/jobs/1", 405, "method_not_allowed"},
			{"POST", "/healthz", 405, "method_not_allowed"},
		} {
			t.Run(c.method+" "+c.path, func(t *testing.T) {
				wantEnvelope(t, w.Do(w.admin, c.method, c.path, nil), c.status, c.code)
			})
		}
	})
}

func TestBodyLimitsAndMalformedJSON(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		valid := map[string]any{"name": "某公司", "credit_code": apitest.CreditCode("limit"), "city": "沈阳市",
			"industry": strings.Repeat("x", 1<<20)}
		big, _ := json.Marshal(valid)
		send := func(body []byte, chunked bool) *apitest.Response {
			req := httptest.NewRequest("POST", "/api/v1/employers", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+w.org)
			if chunked {
				req.ContentLength = -1
			}
			return w.Serve(req)
		}
		before := dbState(t, w.Env)
		wantEnvelope(t, send(big, false), 413, "too_large")
		wantEnvelope(t, send(big, true), 413, "too_large")
		// Exactly 1 MiB is within the limit: it is read and judged (here: a bad city).
		ok, _ := json.Marshal(map[string]any{"name": "某公司", "credit_code": apitest.CreditCode("limit"), "city": "北京市"})
		padded := append(ok[:len(ok)-1:len(ok)-1], []byte(strings.Repeat(" ", 1<<20-len(ok))+"}")...)
		if len(padded) != 1<<20 {
			t.Fatalf("padded body is %d bytes", len(padded))
		}
		if r := send(padded, true); r.Code != http.StatusUnprocessableEntity || r.ErrorFields()["city"] == nil {
			t.Errorf("1 MiB body: %d %s", r.Code, r.Body)
		}
		after := dbState(t, w.Env)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("%s changed: %d -> %d", k, v, after[k])
			}
		}

		checkRejected(t, w, []rejected{
			{name: "truncated object", token: w.org, method: "POST", path: "/api/v1/employers", body: `{"name": "某公司"`, status: 400, code: "bad_request"},
			{name: "syntax error", token: w.org, method: "POST", path: "/api/v1/employers", body: `{"name": }`, status: 400, code: "bad_request"},
			{name: "empty body", token: w.org, method: "POST", path: "/api/v1/fairs", body: "", status: 400, code: "bad_request"},
			{name: "two objects", token: w.org, method: "POST", path: "/api/v1/fairs", body: `{}{}`, status: 400, code: "bad_request"},
			{name: "an array", token: w.org, method: "POST", path: "/api/v1/jobs", body: `[]`, status: 400, code: "bad_request"},
			{name: "not JSON at all", token: w.org, method: "POST", path: "/api/v1/placements", body: `person_name=x`, status: 400, code: "bad_request"},
			{name: "number for a string", token: w.org, method: "POST", path: "/api/v1/employers",
				body: `{"name": 1, "credit_code": "x", "city": "沈阳市"}`, status: 400, code: "bad_request", fields: []string{"name"}},
			{name: "string for a number", token: w.admin, method: "POST", path: "/api/v1/jobs",
				body: `{"employer_id": "1", "title": "x", "headcount": 1}`, status: 400, code: "bad_request", fields: []string{"employer_id"}},
			{name: "object for an array", token: w.org, method: "POST", path: "/api/v1/placements",
				body: `{"groups": {"a": 1}}`, status: 400, code: "bad_request", fields: []string{"groups"}},
			{name: "number inside an array of strings", token: w.org, method: "POST", path: "/api/v1/fairs",
				body: `{"programmes": [1]}`, status: 400, code: "bad_request", fields: []string{"programmes*"}},
			{name: "string for a number in a patch", token: w.org, method: "PATCH", path: "/api/v1/fairs/1",
				body: `{"visitors": "many"}`, status: 400, code: "bad_request", fields: []string{"visitors"}},
			{name: "string for a status", token: w.org, method: "PATCH", path: "/api/v1/fairs/1/signups/1",
				body: `{"status": true}`, status: 400, code: "bad_request", fields: []string{"status"}},
		})
	})
}

func TestQueryParameters(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		var cases []rejected
		for _, list := range []string{"/api/v1/fairs", "/api/v1/jobs", "/api/v1/employers", "/api/v1/placements", "/api/v1/signups",
			"/api/v1/public/fairs", "/api/v1/public/jobs"} {
			cases = append(cases,
				rejected{name: list + " page_size 501", token: w.admin, method: "GET", path: list + "?page_size=501",
					status: 400, code: "bad_request", fields: []string{"page_size"}},
				rejected{name: list + " page 0", token: w.admin, method: "GET", path: list + "?page=0&page_size=0",
					status: 400, code: "bad_request", fields: []string{"page", "page_size"}},
			)
			if r := w.Must(http.StatusOK, w.admin, "GET", list+"?page_size=500", nil).JSON(); r["page_size"] != 500.0 || r["page"] != 1.0 {
				t.Errorf("%s?page_size=500: %v", list, r)
			}
		}
		for _, c := range []struct{ path, param string }{
			{"/api/v1/fairs?city=北京市", "city"},
			{"/api/v1/fairs?status=foo", "status"},
			{"/api/v1/fairs?programme=x", "programme"},
			{"/api/v1/fairs?year=abc", "year"},
			{"/api/v1/fairs?from=2025-02-30", "from"},
			{"/api/v1/jobs?city=北京市", "city"},
			{"/api/v1/jobs?for_graduates=maybe", "for_graduates"},
			{"/api/v1/jobs?education=phd", "education"},
			{"/api/v1/jobs?employer_id=-1", "employer_id"},
			{"/api/v1/employers?city=北京市", "city"},
			{"/api/v1/placements?city=北京市", "city"},
			{"/api/v1/placements?group=x", "group"},
			{"/api/v1/placements?year=20250", "year"},
			{"/api/v1/public/fairs?programme=x", "programme"},
			{"/api/v1/public/jobs?city=北京市", "city"},
		} {
			cases = append(cases, rejected{name: c.path, token: w.admin, method: "GET", path: c.path,
				status: 400, code: "bad_request", fields: []string{c.param}})
		}
		cases = append(cases, rejected{name: "every bad parameter at once", token: w.admin, method: "GET",
			path:   "/api/v1/fairs?city=北京市&status=foo&programme=x&year=1&page_size=1000",
			status: 400, code: "bad_request", fields: []string{"city", "status", "programme", "year", "page_size"}})
		checkRejected(t, w, cases)
	})
}

func TestOperations(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		r := w.Must(http.StatusOK, "", "GET", "/healthz", nil)
		if r.JSON()["status"] != "ok" {
			t.Errorf("healthz: %s", r.Body)
		}
		if id := r.Header.Get("X-Request-ID"); len(id) < 8 {
			t.Errorf("no request id: %q", id)
		}
		if r := w.Do("", "GET", "/healthz", nil, "X-Request-ID", "trace-42"); r.Header.Get("X-Request-ID") != "trace-42" {
			t.Errorf("request id not kept: %q", r.Header.Get("X-Request-ID"))
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("headers: %v", r.Header)
		}
		// Metrics are not on the public port unless a token is set (TestMetricsAreNotPublic).
		wantEnvelope(t, w.Do("", "GET", "/metrics", nil), http.StatusNotFound, "not_found")
		var doc struct {
			OpenAPI string                    `json:"openapi"`
			Paths   map[string]map[string]any `json:"paths"`
		}
		w.Must(http.StatusOK, "", "GET", "/api/openapi.json", nil).Decode(t, &doc)
		if !strings.HasPrefix(doc.OpenAPI, "3.") {
			t.Errorf("openapi %q", doc.OpenAPI)
		}
		for _, rt := range w.Routes {
			if doc.Paths[api.OpenAPIPath(rt.Path)][strings.ToLower(rt.Method)] == nil {
				t.Errorf("openapi lacks %s %s", rt.Method, rt.Path)
			}
		}
	})
}

// An error that is not a domain error answers 500 "内部错误" with no
// internals, and is logged with the request id.
func TestInternalErrorsHideInternals(t *testing.T) {
	onBoth(t, func(t *testing.T, w *recWorld) {
		if err := w.Store.Close(); err != nil {
			t.Fatal(err)
		}
		r := w.Do(w.admin, "GET", "/api/v1/employers", nil, "X-Request-ID", "req-internal-1")
		wantEnvelope(t, r, http.StatusInternalServerError, models.EInternal)
		e, _ := r.JSON()["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if !strings.Contains(msg, "内部错误") || !strings.Contains(msg, "req-internal-1") {
			t.Errorf("message %q", msg)
		}
		for _, leak := range []string{"sql", "database", "closed", "gorm", ".go"} {
			if bytes.Contains(bytes.ToLower(r.Body), []byte(leak)) {
				t.Errorf("answer shows %q: %s", leak, r.Body)
			}
		}
		if !strings.Contains(w.Log.String(), `"request_id":"req-internal-1"`) {
			t.Errorf("log lacks the request id: %s", w.Log.String())
		}
		if r := w.Do("", "GET", "/healthz", nil); r.Code != http.StatusServiceUnavailable {
			t.Errorf("healthz on a closed database: %d", r.Code)
		}
	})
}
