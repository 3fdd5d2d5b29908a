package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3gen"

	"jobfair/handlers"
	"jobfair/models"
)

var pathParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// OpenAPIPath turns a gin path (/fairs/:id) into an OpenAPI one (/fairs/{id}).
func OpenAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

// ContractKey is the key of a route in Contracts: "METHOD path", path as in the route table.
func ContractKey(method, path string) string { return method + " " + path }

const xlsxMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// OpenAPIJSON is the document as /api/openapi.json serves it. It is built
// once per route table in a process (a few milliseconds; tests build many
// routers) and served as bytes.
func OpenAPIJSON(routes []Route) ([]byte, error) {
	var key strings.Builder
	for _, rt := range routes {
		fmt.Fprintf(&key, "%s %s %v %s %v %d %s\n", rt.Method, rt.Path, rt.Roles, rt.Summary, rt.Raw, rt.MaxBody, operationID(rt))
	}
	built.mu.Lock()
	defer built.mu.Unlock()
	if data, ok := built.docs[key.String()]; ok {
		return data, nil
	}
	doc, err := OpenAPI(routes)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	built.docs[key.String()] = data
	return data, nil
}

var built = struct {
	mu   sync.Mutex
	docs map[string][]byte
}{docs: map[string][]byte{}}

// OpenAPI describes every route of the table as an OpenAPI 3 document, its
// schemas generated from the Go types named in Contracts. It fails when a
// route has no contract or a contract no route.
func OpenAPI(routes []Route) (*openapi3.T, error) { return openAPI(routes, Contracts) }

func openAPI(routes []Route, contracts map[string]Contract) (*openapi3.T, error) {
	g := newSchemaGen(contracts)
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{Title: "辽宁省就业招聘服务平台 API", Version: "1.0.0",
			Description: "招聘会、用人单位、岗位、就业登记与年度目标完成情况。列表分页（?page=1&page_size=50，最多500），" +
				"返回 {\"items\",\"total\",\"page\",\"page_size\"}；错误统一返回 {\"error\":{\"code\",\"message\",\"fields\"}}。"},
		Servers: openapi3.Servers{{URL: "/"}},
		Paths:   openapi3.NewPaths(),
		Components: &openapi3.Components{
			Schemas:   g.schemas,
			Responses: openapi3.ResponseBodies{},
			SecuritySchemes: openapi3.SecuritySchemes{
				"bearer": {Value: &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}},
				"cookie": {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "cookie", Name: "jobfair_session"}},
			},
		},
		Security: openapi3.SecurityRequirements{{"bearer": {}}, {"cookie": {}}},
	}
	errorRef, err := g.ref(ErrorBody{})
	if err != nil {
		return nil, err
	}
	for status, name := range errorResponses {
		doc.Components.Responses[name] = &openapi3.ResponseRef{Value: openapi3.NewResponse().
			WithDescription(errorDescriptions[status]).WithContent(openapi3.NewContentWithJSONSchemaRef(errorRef))}
	}
	health, err := g.ref(handlers.Health{})
	if err != nil {
		return nil, err
	}
	doc.Components.Responses["Unavailable"] = &openapi3.ResponseRef{Value: openapi3.NewResponse().
		WithDescription("数据库暂时无法访问").WithContent(openapi3.NewContentWithJSONSchemaRef(health))}

	seen := map[string]bool{}
	opIDs := map[string]string{}
	for _, rt := range routes {
		key := ContractKey(rt.Method, rt.Path)
		c, ok := contracts[key]
		if !ok {
			return nil, fmt.Errorf("route %s has no entry in api.Contracts (api/schemas.go): name its request, answer and query types", key)
		}
		seen[key] = true
		op, err := g.operation(rt, c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		if other, dup := opIDs[op.OperationID]; dup {
			return nil, fmt.Errorf("%s and %s share the operation id %s", other, key, op.OperationID)
		}
		opIDs[op.OperationID] = key
		p := OpenAPIPath(rt.Path)
		item := doc.Paths.Value(p)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(p, item)
		}
		item.SetOperation(rt.Method, op)
	}
	for key := range contracts {
		if !seen[key] {
			return nil, fmt.Errorf("api.Contracts has %s, the route table does not", key)
		}
	}
	if g.err != nil {
		return nil, g.err
	}

	anonymous := &openapi3.SecurityRequirements{}
	text := openapi3.NewResponses(openapi3.WithStatus(http.StatusOK, &openapi3.ResponseRef{Value: openapi3.NewResponse().
		WithDescription("Prometheus 文本格式").WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema(), []string{"text/plain"}))}),
		// On the public port the figures need JOBFAIR_METRICS_TOKEN (401 without it), or are not served at all (404).
		openapi3.WithStatus(http.StatusUnauthorized, &openapi3.ResponseRef{Ref: "#/components/responses/Unauthenticated"}),
		openapi3.WithStatus(http.StatusNotFound, &openapi3.ResponseRef{Ref: "#/components/responses/NotFound"}))
	doc.Paths.Set("/metrics", &openapi3.PathItem{Get: &openapi3.Operation{Summary: "Prometheus 指标", Tags: []string{"operations"},
		OperationID: "metrics", Security: anonymous, Responses: text}})
	self := openapi3.NewResponses(openapi3.WithStatus(http.StatusOK, &openapi3.ResponseRef{Value: openapi3.NewResponse().
		WithDescription("OpenAPI 文档").WithJSONSchema(openapi3.NewObjectSchema())}))
	doc.Paths.Set("/api/openapi.json", &openapi3.PathItem{Get: &openapi3.Operation{Summary: "本接口文档（OpenAPI 3）", Tags: []string{"operations"},
		OperationID: "openapi", Security: anonymous, Responses: self}})
	return doc, nil
}

// errorResponses names the shared error answers (components/responses).
var errorResponses = map[int]string{
	http.StatusBadRequest:            "BadRequest",
	http.StatusUnauthorized:          "Unauthenticated",
	http.StatusForbidden:             "Forbidden",
	http.StatusNotFound:              "NotFound",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "TooLarge",
	http.StatusUnprocessableEntity:   "ValidationFailed",
	http.StatusTooManyRequests:       "RateLimited",
	http.StatusInternalServerError:   "Internal",
}

var errorDescriptions = map[int]string{
	http.StatusBadRequest:            "bad_request：请求格式错误、类型错误或查询参数取值有误",
	http.StatusUnauthorized:          "unauthenticated：未登录或会话已失效",
	http.StatusForbidden:             "forbidden：角色、城市或归属不允许此操作",
	http.StatusNotFound:              "not_found：记录不存在或对当前用户不可见",
	http.StatusConflict:              "conflict：重复（信用代码、同一人同年重复就业登记、用户名）或状态不允许；id 为已有记录。period_closed：记录所在的城市月份已上报或已结账，不能修改",
	http.StatusRequestEntityTooLarge: "too_large：请求体或上传文件超过上限",
	http.StatusUnprocessableEntity:   "validation_failed：数据校验失败，fields 列出每个有误的字段（导入时 rows 列出有误的行）",
	http.StatusTooManyRequests:       "rate_limited：登录失败次数过多，暂时锁定",
	http.StatusInternalServerError:   "internal：内部错误（消息含请求编号）",
}

// errorStatuses are the error answers of a route: those of its kind (who
// may call it, what it reads) and those its contract adds.
func errorStatuses(rt Route, c Contract) []int {
	set := map[int]bool{http.StatusInternalServerError: true}
	if len(rt.Roles) > 0 {
		set[http.StatusUnauthorized], set[http.StatusForbidden] = true, true
	}
	if strings.Contains(rt.Path, ":") {
		set[http.StatusNotFound] = true
	}
	if c.Query != nil {
		// A query value may be malformed (400) or break the text rules (422).
		set[http.StatusBadRequest], set[http.StatusUnprocessableEntity] = true, true
	}
	if c.In != nil || c.Upload {
		set[http.StatusBadRequest], set[http.StatusRequestEntityTooLarge], set[http.StatusUnprocessableEntity] = true, true, true
	}
	// A write to records may meet a duplicate, a state that forbids it or
	// records that still point to it; a session's own calls cannot.
	if rt.Method != http.MethodGet && len(rt.Roles) > 0 &&
		!strings.HasSuffix(rt.Path, "/logout") && !strings.HasSuffix(rt.Path, "/password") {
		set[http.StatusConflict] = true
	}
	for _, s := range c.Errors {
		set[s] = true
	}
	out := make([]int, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}

func (g *schemaGen) operation(rt Route, c Contract) (*openapi3.Operation, error) {
	op := &openapi3.Operation{Summary: rt.Summary, Tags: []string{tagOf(rt.Path)}, OperationID: operationID(rt),
		Responses: openapi3.NewResponses()}
	if len(rt.Roles) == 0 {
		op.Security = &openapi3.SecurityRequirements{}
	} else {
		op.Description = "可调用的角色：" + strings.Join(rt.Roles, "、")
	}
	for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
		s := openapi3.NewStringSchema()
		if strings.HasSuffix(m[1], "id") {
			s = openapi3.NewInt64Schema().WithMin(1)
		}
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: openapi3.NewPathParameter(m[1]).WithSchema(s)})
	}
	if c.Query != nil {
		params, err := g.queryParams(c.Query)
		if err != nil {
			return nil, err
		}
		op.Parameters = append(op.Parameters, params...)
	}
	switch {
	case c.Upload:
		file := openapi3.NewStringSchema().WithFormat("binary")
		file.Description = "CSV（UTF-8 或 GB18030）或 Excel .xlsx 文件"
		form := openapi3.NewObjectSchema().WithProperty("file", file)
		form.Required = []string{"file"}
		op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithRequired(true).
			WithContent(openapi3.NewContentWithFormDataSchema(form))}
	case c.In != nil:
		ref, err := g.ref(c.In)
		if err != nil {
			return nil, err
		}
		op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithRequired(true).
			WithContent(openapi3.NewContentWithJSONSchemaRef(ref))}
	}

	status := c.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := openapi3.NewResponse().WithDescription("成功")
	switch {
	case rt.Raw:
		if c.Out != nil {
			return nil, fmt.Errorf("a file answer has no JSON type")
		}
		mime := xlsxMIME
		switch {
		case strings.HasSuffix(rt.Path, ".csv"):
			mime = "text/csv"
		case strings.HasSuffix(rt.Path, ".png"):
			mime = "image/png"
		}
		ok.WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{mime}))
	case c.Out != nil:
		ref, err := g.ref(c.Out)
		if err != nil {
			return nil, err
		}
		ok.WithContent(openapi3.NewContentWithJSONSchemaRef(ref))
	case status != http.StatusNoContent:
		return nil, fmt.Errorf("answers %d with no type: name Out", status)
	}
	op.Responses.Set(strconv.Itoa(status), &openapi3.ResponseRef{Value: ok})
	for _, s := range errorStatuses(rt, c) {
		name := errorResponses[s]
		if s == http.StatusServiceUnavailable {
			name = "Unavailable"
		}
		if name == "" {
			return nil, fmt.Errorf("no shared answer for status %d", s)
		}
		op.Responses.Set(strconv.Itoa(s), &openapi3.ResponseRef{Ref: "#/components/responses/" + name})
	}
	return op, nil
}

// operationID is the handler's name, so generated clients name their
// methods after it: listFairs, publicFairs; the anonymous copies of the
// reference lists are prefixed with public.
func operationID(rt Route) string {
	name := runtime.FuncForPC(reflect.ValueOf(rt.Handler).Pointer()).Name()
	name = strings.TrimSuffix(name[strings.LastIndexByte(name, '.')+1:], "-fm")
	r := []rune(name)
	r[0] = unicode.ToLower(r[0])
	name = string(r)
	if strings.HasPrefix(rt.Path, "/api/v1/public/") && !strings.HasPrefix(name, "public") {
		name = "public" + string(unicode.ToUpper(r[0])) + string(r[1:])
	}
	return name
}

func tagOf(path string) string {
	p := strings.TrimPrefix(path, "/api/v1/")
	seg, _, _ := strings.Cut(p, "/")
	if seg == "/healthz" || seg == "" || strings.HasPrefix(path, "/healthz") || path == "/readyz" {
		return "operations"
	}
	return seg
}

// queryParams turns the fields of a query struct into query parameters.
func (g *schemaGen) queryParams(q any) (openapi3.Parameters, error) {
	t := reflect.TypeOf(q)
	g.inputs[t] = true
	ref, err := g.inline.NewSchemaRefForValue(q, nil)
	if err != nil {
		return nil, err
	}
	var out openapi3.Parameters
	for _, f := range jsonFields(t) {
		prop := ref.Value.Properties[f.name]
		if prop == nil || prop.Value == nil {
			return nil, fmt.Errorf("query field %s has no schema", f.name)
		}
		s := prop.Value
		s.Nullable = false
		p := openapi3.NewQueryParameter(f.name).WithSchema(s).WithDescription(s.Description)
		s.Description = ""
		out = append(out, &openapi3.ParameterRef{Value: p})
	}
	return out, nil
}

// schemaGen generates the schemas of Go types with openapi3gen: named
// structs become components, validate tags become constraints.
type schemaGen struct {
	gen, inline *openapi3gen.Generator
	schemas     openapi3.Schemas
	// inputs are the types a client sends: their required fields are those
	// tagged validate:"required"; in answers, every field without omitempty.
	inputs map[reflect.Type]bool
	names  map[string]reflect.Type
	err    error
}

var (
	dateType = reflect.TypeFor[models.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

func newSchemaGen(contracts map[string]Contract) *schemaGen {
	g := &schemaGen{schemas: openapi3.Schemas{}, inputs: map[reflect.Type]bool{}, names: map[string]reflect.Type{}}
	for _, c := range contracts {
		if c.In != nil {
			g.inputs[reflect.TypeOf(c.In)] = true
		}
	}
	g.gen = openapi3gen.NewGenerator(
		openapi3gen.SchemaCustomizer(g.customize),
		openapi3gen.CreateTypeNameGenerator(g.typeName),
		openapi3gen.CreateComponentSchemas(openapi3gen.ExportComponentSchemasOptions{
			ExportComponentSchemas: true, ExportTopLevelSchema: true, ExportGenerics: true}))
	g.inline = openapi3gen.NewGenerator(openapi3gen.SchemaCustomizer(g.customize))
	return g
}

// ref answers a $ref to the component schema of v's type, generating it
// (and the types it holds) the first time.
func (g *schemaGen) ref(v any) (*openapi3.SchemaRef, error) {
	ref, err := g.gen.NewSchemaRefForValue(v, g.schemas)
	if err != nil {
		return nil, fmt.Errorf("schema of %T: %w", v, err)
	}
	if ref.Ref == "" {
		return nil, fmt.Errorf("schema of %T is not a named struct", v)
	}
	return openapi3.NewSchemaRef(ref.Ref, nil), nil
}

// typeName names a component after its Go type; a generic list after its
// items (List[models.Fair] -> FairList). Dates are inlined.
func (g *schemaGen) typeName(t reflect.Type) string {
	if t == dateType || t.Name() == "" {
		return ""
	}
	name := t.Name()
	if base, args, ok := strings.Cut(name, "["); ok {
		arg := strings.TrimSuffix(args, "]")
		name = arg[strings.LastIndexAny(arg, "./")+1:] + base
	}
	if prev, ok := g.names[name]; ok && prev != t && g.err == nil {
		g.err = fmt.Errorf("two types would share the schema name %s: %v and %v", name, prev, t)
	}
	g.names[name] = t
	return name
}

func (g *schemaGen) customize(_ string, t reflect.Type, _ reflect.StructTag, s *openapi3.Schema) error {
	switch {
	case t.Kind() == reflect.Interface:
		s.Nullable = true
	case t == dateType:
		// models.Date marshals as "YYYY-MM-DD", or null when unset.
		s.Type, s.Format, s.Properties, s.Nullable = &openapi3.Types{"string"}, "date", nil, true
	case t.Kind() == reflect.Struct && t != timeType:
		return g.describeStruct(t, s)
	}
	return nil
}

// describeStruct adds to a struct's schema what its tags say: required
// fields, the validate rules as constraints, doc tags as descriptions.
func (g *schemaGen) describeStruct(t reflect.Type, s *openapi3.Schema) error {
	input := g.inputs[t]
	s.Required = nil
	for _, f := range jsonFields(t) {
		prop := s.Properties[f.name]
		if prop == nil || prop.Value == nil {
			continue
		}
		// openapi3gen names every schema while it generates; only
		// components keep their $ref in the end.
		inline := !strings.HasPrefix(prop.Ref, "#/")
		if doc := f.field.Tag.Get("doc"); doc != "" && inline {
			prop.Value.Description = doc
		} else if label, ok := models.FieldLabels[f.name]; ok && input && inline {
			prop.Value.Description = label
		}
		required := !input && !f.omitempty
		if rules := f.field.Tag.Get("validate"); rules != "" {
			if !inline {
				if rules != "required" && rules != "omitempty" {
					return fmt.Errorf("%s.%s: validate rules on a nested record", t.Name(), f.field.Name)
				}
			} else {
				req, err := applyRules(f.field.Type, rules, prop.Value)
				if err != nil {
					return fmt.Errorf("%s.%s: %w", t.Name(), f.field.Name, err)
				}
				required = req
			}
		}
		if required {
			s.Required = append(s.Required, f.name)
		}
	}
	return nil
}

// enumRules are the custom validate rules that allow a fixed list of values.
var enumRules = map[string]func() []any{
	"city":               func() []any { return cityNames() },
	"city_or_province":   func() []any { return append([]any{""}, cityNames()...) },
	"scope":              func() []any { return append([]any{models.ScopeProvince}, cityNames()...) },
	"programme":          func() []any { return codes(models.Programmes) },
	"group":              func() []any { return codes(models.Groups) },
	"education":          func() []any { return codes(models.Educations) },
	"fair_mode":          func() []any { return codes(models.FairModes) },
	"role":               func() []any { return codes(models.Roles) },
	"fair_kind":          func() []any { return codes(models.FairKinds) },
	"organisation_kind":  func() []any { return codes(models.OrganisationKinds) },
	"visit_kind":         func() []any { return codes(models.VisitKinds) },
	"visit_item":         func() []any { return codes(models.VisitItems) },
	"graduate_education": func() []any { return codes(models.GraduateEducations) },
	"contact_channel":    func() []any { return codes(models.ContactChannels) },
	"service_kind":       func() []any { return codes(models.ServiceKinds) },
}

func cityNames() []any {
	out := make([]any, len(models.Cities))
	for i, c := range models.Cities {
		out[i] = c.Name
	}
	return out
}

func codes(list []models.Label) []any {
	out := make([]any, len(list))
	for i, l := range list {
		out[i] = l.Code
	}
	return out
}

// applyRules maps the validate rules of a field of type ft onto its schema
// and says whether the field is required. A rule it does not know is an
// error, so that a new rule cannot silently go undocumented.
func applyRules(ft reflect.Type, rules string, s *openapi3.Schema) (required bool, err error) {
	for ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	for _, rule := range strings.Split(rules, ",") {
		name, param, _ := strings.Cut(rule, "=")
		switch name {
		case "omitempty":
		case "required":
			required = true
			s.Nullable = false
		case "dive":
			if ft.Kind() != reflect.Slice || s.Items == nil || s.Items.Value == nil {
				return false, fmt.Errorf("dive on a field that is not a list")
			}
			ft, s = ft.Elem(), s.Items.Value
		case "min", "max":
			n, err := strconv.ParseFloat(param, 64)
			if err != nil || n < 0 && ft.Kind() != reflect.Int && ft.Kind() != reflect.Float64 {
				return false, fmt.Errorf("rule %s", rule)
			}
			switch ft.Kind() {
			case reflect.String:
				if name == "min" {
					s.MinLength = uint64(n)
				} else {
					s.MaxLength = openapi3.Uint64Ptr(uint64(n))
				}
			case reflect.Slice, reflect.Map:
				if name == "min" {
					s.MinItems = uint64(n)
				} else {
					s.MaxItems = openapi3.Uint64Ptr(uint64(n))
				}
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
				if name == "min" {
					s.Min = openapi3.Float64Ptr(n)
				} else {
					s.Max = openapi3.Float64Ptr(n)
				}
			default:
				return false, fmt.Errorf("rule %s on a %s", rule, ft.Kind())
			}
		case "gt":
			n, err := strconv.ParseFloat(param, 64)
			if err != nil || ft.Kind() != reflect.Float64 && ft.Kind() != reflect.Int {
				return false, fmt.Errorf("rule %s on a %s", rule, ft.Kind())
			}
			s.WithMin(n).WithExclusiveMin(true)
		case "oneof":
			s.Enum = nil
			for v := range strings.FieldsSeq(param) {
				s.Enum = append(s.Enum, v)
			}
		case "unique":
			s.UniqueItems = true
		case "notblank":
			s.MinLength = max(s.MinLength, 1)
			s.Pattern = `\S`
		case "credit_code":
			// Trimmed and upper-cased before its check character is checked.
			s.Pattern = `^\s*[0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy]{18}\s*$`
			s.Description = "18位统一社会信用代码（GB 32100-2015，校验位会被核对）"
		default:
			enum, ok := enumRules[name]
			if !ok {
				return false, fmt.Errorf("validate rule %q has no schema mapping (api/openapi.go applyRules)", name)
			}
			s.Enum = enum()
		}
	}
	return required, nil
}

type jsonField struct {
	name      string
	omitempty bool
	field     reflect.StructField
}

// jsonFields lists the fields of a struct as encoding/json writes them,
// embedded structs flattened.
func jsonFields(t reflect.Type) []jsonField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if !f.IsExported() || tag == "" {
			continue
		}
		out = append(out, jsonField{name: name, omitempty: slices.Contains(strings.Split(opts, ","), "omitempty"), field: f})
	}
	return out
}
