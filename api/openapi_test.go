package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"jobfair/api"
	"jobfair/api/apitest"
	"jobfair/handlers"
	"jobfair/models"
)

// Every route of the table has a contract, and every contract a route: a
// route added later without one fails here (and the router does not build).
func TestEveryRouteHasAContract(t *testing.T) {
	routes := api.Routes(&handlers.Handler{})
	inTable := map[string]bool{}
	for _, rt := range routes {
		key := api.ContractKey(rt.Method, rt.Path)
		inTable[key] = true
		if _, ok := api.Contracts[key]; !ok {
			t.Errorf("route %s has no entry in api.Contracts (api/schemas.go)", key)
		}
	}
	for key := range api.Contracts {
		if !inTable[key] {
			t.Errorf("api.Contracts has %s, which is not in the route table", key)
		}
	}
	if _, err := api.OpenAPI(append(routes, api.Route{Method: "GET", Path: "/api/v1/nowhere", Roles: api.Anyone,
		Summary: "无", Handler: (&handlers.Handler{}).Me})); err == nil || !strings.Contains(err.Error(), "/api/v1/nowhere") {
		t.Errorf("a route without a contract builds: %v", err)
	}
}

// The served document is valid OpenAPI 3 and is the one the tests check
// every answer against.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc := apitest.Contract(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("not valid OpenAPI 3: %v", err)
	}
	env := apitest.New(t, "sqlite")
	r := env.Must(http.StatusOK, "", "GET", "/api/openapi.json", nil)
	served, err := openapi3.NewLoader().LoadFromData(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := served.Validate(context.Background()); err != nil {
		t.Fatalf("served document not valid: %v", err)
	}
	if served.Paths.Len() != doc.Paths.Len() {
		t.Errorf("served %d paths, built %d", served.Paths.Len(), doc.Paths.Len())
	}
}

// The schemas come from the Go types: components by name, json tag names,
// validate tags as constraints, required fields, list and error envelopes.
func TestOpenAPISchemasFollowTheTypes(t *testing.T) {
	doc := apitest.Contract(t)
	schema := func(name string) *openapi3.Schema {
		t.Helper()
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			t.Fatalf("no component schema %s", name)
		}
		return ref.Value
	}
	prop := func(s *openapi3.Schema, name string) *openapi3.Schema {
		t.Helper()
		p := s.Properties[name]
		if p == nil || p.Value == nil {
			t.Fatalf("no property %s", name)
		}
		return p.Value
	}
	fairIn := schema("FairInput")
	if got := strings.Join(fairIn.Required, ","); got != "title,city,starts_at,ends_at,mode,programmes" {
		t.Errorf("FairInput required %s", got)
	}
	if p := prop(fairIn, "title"); p.MaxLength == nil || *p.MaxLength != 200 || p.MinLength != 1 || p.Pattern == "" {
		t.Errorf("title: %+v", p)
	}
	if p := prop(fairIn, "city"); len(p.Enum) != 14 || p.Enum[0] != "沈阳市" {
		t.Errorf("city enum %v", p.Enum)
	}
	if p := prop(fairIn, "programmes"); p.MinItems != 1 || !p.UniqueItems || len(p.Items.Value.Enum) != len(models.Programmes) {
		t.Errorf("programmes: %+v", p)
	}
	if p := prop(schema("FairPatch"), "status"); len(p.Enum) != 3 || !p.Nullable {
		t.Errorf("status: %+v", p)
	}
	if p := prop(schema("JobInput"), "headcount"); p.Min == nil || *p.Min != 1 || p.Max == nil || p.Nullable {
		t.Errorf("headcount: %+v", p)
	}
	if p := prop(schema("Job"), "posted_on"); p.Format != "date" {
		t.Errorf("posted_on: %+v", p)
	}
	if p := prop(schema("Job"), "salary_min"); !p.Nullable {
		t.Errorf("salary_min is a pointer, so it may be null: %+v", p)
	}
	if _, ok := schema("User").Properties["password_hash"]; ok {
		t.Error("User shows its password hash")
	}
	list := schema("FairList")
	if got := strings.Join(list.Required, ","); got != "items,total,page,page_size" {
		t.Errorf("FairList required %s", got)
	}
	if ref := list.Properties["items"].Value.Items.Ref; ref != "#/components/schemas/Fair" {
		t.Errorf("FairList items %s", ref)
	}
	detail := prop(schema("ErrorBody"), "error")
	if detail == nil {
		t.Fatal("no error detail")
	}
	op := doc.Paths.Find("/api/v1/fairs").Post
	if ref := op.RequestBody.Value.Content.Get("application/json").Schema.Ref; ref != "#/components/schemas/FairInput" {
		t.Errorf("POST /fairs body %s", ref)
	}
	if op.Responses.Status(201) == nil || op.Responses.Status(422) == nil || op.Responses.Status(200) != nil {
		t.Errorf("POST /fairs responses %v", op.Responses.Map())
	}
	get := doc.Paths.Find("/api/v1/fairs").Get
	var names []string
	for _, p := range get.Parameters {
		names = append(names, p.Value.Name)
	}
	if got := strings.Join(names, ","); got != "year,city,programme,status,kind,q,from,to,page,page_size" {
		t.Errorf("GET /fairs parameters %s", got)
	}
	if get.OperationID != "listFairs" || doc.Paths.Find("/api/v1/public/cities").Get.OperationID != "publicCities" {
		t.Errorf("operation ids %s", get.OperationID)
	}
	b, _ := json.Marshal(doc.Paths.Find("/api/v1/public/fairs").Get)
	if !strings.Contains(string(b), `"security":[]`) {
		t.Errorf("a public route asks for credentials: %s", b)
	}
}

// A validate rule without a schema mapping fails the document rather than
// going undocumented.
func TestUnknownValidateRuleFails(t *testing.T) {
	type odd struct {
		Mail string `json:"mail" validate:"required,email"`
	}
	contracts := map[string]api.Contract{"POST /api/v1/odd": {In: odd{}, Out: models.User{}, Status: http.StatusCreated}}
	for k, c := range api.Contracts {
		contracts[k] = c
	}
	routes := append(api.Routes(&handlers.Handler{}), api.Route{Method: "POST", Path: "/api/v1/odd", Roles: api.Admins,
		Summary: "无", Handler: (&handlers.Handler{}).Me})
	if _, err := api.OpenAPIWith(routes, contracts); err == nil || !strings.Contains(err.Error(), `"email"`) {
		t.Errorf("unknown rule: %v", err)
	}
}

// The check every test request goes through fails an answer that the
// document does not allow, naming why.
func TestAnswersAreCheckedAgainstTheDocument(t *testing.T) {
	ok := func(path, _ string) *http.Request { return httptest.NewRequest("GET", path, nil) }
	json := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	user := `{"id":1,"username":"a","role":"admin","city":"","employer_id":null,"organisation":"","organisation_kind":"","disabled":false,` +
		`"created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z","last_login_at":null}`
	cases := []struct {
		name   string
		req    *http.Request
		status int
		header http.Header
		body   string
		want   string // "" for an answer the document allows
	}{
		{"a documented answer", ok("/api/v1/me", ""), 200, json, user, ""},
		{"a field of the wrong type", ok("/api/v1/me", ""), 200, json, strings.Replace(user, `"id":1`, `"id":"1"`, 1), "id"},
		{"a required field missing", ok("/api/v1/me", ""), 200, json, strings.Replace(user, `"username":"a",`, "", 1), "username"},
		{"null where none may be", ok("/api/v1/me", ""), 200, json, strings.Replace(user, `"city":""`, `"city":null`, 1), "nullable"},
		{"an undocumented field", ok("/api/v1/me", ""), 200, json, strings.Replace(user, `"id":1`, `"id":1,"password_hash":"x"`, 1), "password_hash"},
		{"an undocumented status", ok("/api/v1/me", ""), 418, json, `{"error":{"code":"x","message":"y"}}`, "status"},
		{"an error that is no envelope", ok("/api/v1/me", ""), 401, json, `{"message":"no"}`, "error"},
		{"a file of another type", ok("/api/v1/jobs/template.csv", ""), 200, http.Header{"Content-Type": {"text/html"}}, "<p>", "Content-Type"},
		{"an undocumented query parameter", ok("/api/v1/fairs?colour=red", ""), 200, json, `{"items":[],"total":0,"page":1,"page_size":50}`, "colour"},
		{"an unknown path answered 200", ok("/api/v1/nowhere", ""), 200, json, `{}`, "404"},
		{"an unknown path answered the envelope", ok("/api/v1/nowhere", ""), 404, json, `{"error":{"code":"not_found","message":"没有这个接口"}}`, ""},
	}
	for _, c := range cases {
		err := apitest.CheckAnswer(c.req, &apitest.Response{Code: c.status, Header: c.header, Body: []byte(c.body)})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want an error naming %q", c.name, err, c.want)
		}
	}
}

// BenchmarkOpenAPIBuild is what building the document costs, once per start.
func BenchmarkOpenAPIBuild(b *testing.B) {
	routes := api.Routes(&handlers.Handler{})
	for b.Loop() {
		if _, err := api.OpenAPI(routes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeOpenAPI serves the document built at start-up.
func BenchmarkServeOpenAPI(b *testing.B) {
	env := apitest.New(b, "sqlite")
	for b.Loop() {
		w := httptest.NewRecorder()
		env.Router.ServeHTTP(w, httptest.NewRequest("GET", "/api/openapi.json", nil))
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
