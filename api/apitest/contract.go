package apitest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"jobfair/api"
	"jobfair/handlers"
)

// contract is the OpenAPI document the router serves, loaded and validated
// once per test binary, with a router that finds a request's operation.
var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

func loadContract() (*openapi3.T, routers.Router, error) {
	contract.once.Do(func() {
		// Files are answered as they are; only their content type is checked.
		openapi3filter.RegisterBodyDecoder("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", openapi3filter.FileBodyDecoder)
		data, err := api.OpenAPIJSON(api.Routes(&handlers.Handler{}))
		if err != nil {
			contract.err = err
			return
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			contract.err = fmt.Errorf("load: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			contract.err = fmt.Errorf("not valid OpenAPI 3: %w", err)
			return
		}
		// The tests hold answers to exactly the documented fields: a field
		// the document does not name is drift too. (The served document
		// leaves clients free to ignore fields added later.)
		no := false
		for _, ref := range doc.Components.Schemas {
			if s := ref.Value; len(s.Properties) > 0 && s.AdditionalProperties.Schema == nil {
				s.AdditionalProperties.Has = &no
			}
		}
		contract.doc = doc
		contract.router, contract.err = gorillamux.NewRouter(doc)
	})
	return contract.doc, contract.router, contract.err
}

// Contract is the loaded OpenAPI document; it fails the test when the
// document cannot be built or is not valid OpenAPI 3.
func Contract(t testing.TB) *openapi3.T {
	t.Helper()
	doc, _, err := loadContract()
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	return doc
}

// Serve sends a request through the router and checks the answer against
// the OpenAPI document: its status must be documented for the operation,
// a JSON body must match the schema, a file its content type; every query
// parameter sent must be documented. Requests the document has no
// operation for (unknown paths and methods) must answer the error envelope.
func (e *Env) Serve(req *http.Request) *Response {
	e.T.Helper()
	w := httptest.NewRecorder()
	e.Router.ServeHTTP(w, req)
	r := &Response{Code: w.Code, Body: w.Body.Bytes(), Header: w.Header()}
	if err := CheckAnswer(req, r); err != nil {
		e.T.Errorf("%s %s answered %d against the OpenAPI document: %v\nbody: %.500s", req.Method, req.URL.RequestURI(), r.Code, err, r.Body)
	}
	return r
}

// CheckAnswer checks an answer to req against the OpenAPI document, as
// Serve does for every request of the tests.
func CheckAnswer(req *http.Request, r *Response) error {
	doc, router, err := loadContract()
	if err != nil {
		return fmt.Errorf("document: %w", err)
	}
	ctx := context.Background()
	route, params, err := router.FindRoute(req)
	if err != nil {
		if r.Code != http.StatusNotFound && r.Code != http.StatusMethodNotAllowed {
			return fmt.Errorf("no operation in the document (%v), yet not answered 404 or 405", err)
		}
		if err := doc.Components.Schemas["ErrorBody"].Value.VisitJSON(r.JSON()); err != nil {
			return fmt.Errorf("not the error envelope: %w", err)
		}
		return nil
	}
	declared := map[string]bool{}
	for _, p := range route.Operation.Parameters {
		if p.Value.In == openapi3.ParameterInQuery {
			declared[p.Value.Name] = true
		}
	}
	for name := range req.URL.Query() {
		if !declared[name] {
			return fmt.Errorf("query parameter %q is not documented for %s %s", name, route.Method, route.Path)
		}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.Code,
		Header:                 r.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.Body)
	return openapi3filter.ValidateResponse(ctx, in)
}
