// Package handlers turns HTTP requests into store calls: bind, check, one call,
// respond. Errors go back to the router's error middleware.
package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/sheet"
)

// Config holds the settings handlers need.
type Config struct {
	Policy models.SessionPolicy
	// MaxUpload bounds an imported file (default sheet.MaxUpload); the
	// router caps upload bodies from it.
	MaxUpload int64
}

// Handler carries the dependencies of every handler.
type Handler struct {
	Store *models.Store
	Log   *slog.Logger
	Cfg   Config
}

// New builds the handlers on a store.
func New(store *models.Store, log *slog.Logger, cfg Config) *Handler {
	if cfg.MaxUpload == 0 {
		cfg.MaxUpload = sheet.MaxUpload
	}
	return &Handler{Store: store, Log: log, Cfg: cfg}
}

// Func is a handler that returns its error instead of writing it.
type Func func(c *gin.Context) error

const (
	userKey    = "jobfair.user"
	sessionKey = "jobfair.session"
)

// SetUser records the authenticated user and session on the request.
func SetUser(c *gin.Context, u *models.User, sessionID string) {
	c.Set(userKey, u)
	c.Set(sessionKey, sessionID)
}

// UserOf is the authenticated user, or nil.
func UserOf(c *gin.Context) *models.User {
	if v, ok := c.Get(userKey); ok {
		return v.(*models.User)
	}
	return nil
}

// actor is the caller as the store sees it.
func actor(c *gin.Context) models.Actor {
	if u := UserOf(c); u != nil {
		return u.Actor(c.ClientIP())
	}
	return models.Actor{Address: c.ClientIP()}
}

// badRequest is a 400 with the named fields.
func badRequest(msg string, fields map[string]string) error {
	return &models.Error{Code: models.EBadRequest, Message: msg, Fields: fields}
}

// bind decodes a JSON body into v: malformed JSON and wrong types are 400
// naming the field; an oversized body is 413.
func bind(c *gin.Context, v any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &mbe):
			return &models.Error{Code: models.ETooLarge, Message: fmt.Sprintf("请求体超过%d字节上限", mbe.Limit)}
		case errors.As(err, &ute):
			field := ute.Field
			if field == "" {
				field = "body"
			}
			return badRequest("字段类型错误", map[string]string{field: "类型错误，应为" + jsonTypeName(ute.Type.Kind().String())})
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
			return badRequest("请求体不是有效的JSON", nil)
		case errors.Is(err, io.EOF):
			return badRequest("请求体为空", nil)
		default:
			var e *models.Error
			if errors.As(err, &e) {
				return e
			}
			return badRequest("请求体不是有效的JSON", nil)
		}
	}
	if dec.More() {
		return badRequest("请求体只能包含一个JSON对象", nil)
	}
	// The text rules hold for every request type, named or not: when one is
	// broken, answer it with every other bad field the type's tags find.
	if len(models.CheckText(v)) > 0 {
		return models.Invalid(models.CheckStruct(v))
	}
	return nil
}

func jsonTypeName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "整数"
	case strings.HasPrefix(kind, "float"):
		return "数字"
	case kind == "string":
		return "字符串"
	case kind == "bool":
		return "布尔值"
	case kind == "slice":
		return "数组"
	case kind == "struct", kind == "map", kind == "ptr":
		return "对象"
	}
	return kind
}

// query reads and checks query parameters, collecting every bad one:
// unknown values (400) and text that breaks the text rules (422).
type query struct {
	c       *gin.Context
	bad     map[string]string
	invalid map[string]string
}

func newQuery(c *gin.Context) *query {
	return &query{c: c, bad: map[string]string{}, invalid: map[string]string{}}
}

// str is a parameter as text; one that breaks the text rules is named and
// read as absent, so that no other check reports it again.
func (q *query) str(name string) string {
	s := strings.TrimSpace(q.c.Query(name))
	if p := models.TextProblem(s, models.MaxTextLen); p != "" {
		label, ok := models.FieldLabels[name]
		if !ok {
			label = "查询参数"
		}
		q.invalid[name] = label + p
		return ""
	}
	return s
}

func (q *query) int(name string, min, max int) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		q.bad[name] = fmt.Sprintf("应为%d至%d之间的整数", min, max)
	}
	return n
}

func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		q.bad[name] = "应为正整数"
	}
	return n
}

func (q *query) year() int { return q.int("year", 2000, 2100) }

func (q *query) city() string {
	s := q.str("city")
	if s != "" && !models.IsCity(s) {
		q.bad["city"] = "不是辽宁省的地级市"
	}
	return s
}

func (q *query) oneOf(name string, list []models.Label) string {
	s := q.str(name)
	if s != "" && !models.HasCode(list, s) {
		q.bad[name] = "不是有效的取值"
	}
	return s
}

func (q *query) enum(name string, values ...string) string {
	s := q.str(name)
	if s == "" {
		return ""
	}
	for _, v := range values {
		if s == v {
			return s
		}
	}
	q.bad[name] = "取值应为 " + strings.Join(values, "、") + " 之一"
	return s
}

func (q *query) boolean(name string) *bool {
	switch q.str(name) {
	case "":
		return nil
	case "true", "1":
		t := true
		return &t
	case "false", "0":
		f := false
		return &f
	}
	q.bad[name] = "应为 true 或 false"
	return nil
}

func (q *query) date(name string) models.Date {
	s := q.str(name)
	if s == "" {
		return models.Date{}
	}
	d, err := models.ParseDate(s)
	if err != nil {
		q.bad[name] = "日期格式应为 YYYY-MM-DD"
	}
	return d
}

func (q *query) page() models.Page {
	p := models.Page{Number: 1, Size: 50}
	if n := q.int("page", 1, 1_000_000); n > 0 {
		p.Number = n
	}
	if n := q.int("page_size", 1, 500); n > 0 {
		p.Size = n
	}
	return p
}

// err is the 400 for every bad parameter, or the 422 for text that breaks
// the text rules, or nil.
func (q *query) err() error {
	if len(q.bad) > 0 {
		for k, v := range q.invalid {
			q.bad[k] = v
		}
		return badRequest("查询参数有误", q.bad)
	}
	return models.Invalid(q.invalid)
}

// pathID reads the numeric id of a path parameter; a bad one is a 404.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id < 1 {
		return 0, models.ErrNotFound
	}
	return id, nil
}

// List is the envelope of a page of a list.
type List[T any] struct {
	Items    []T   `json:"items"`
	Total    int64 `json:"total"`
	Page     int   `json:"page"`
	PageSize int   `json:"page_size"`
}

func list[T any](c *gin.Context, items []T, total int64, p models.Page) error {
	if items == nil {
		items = []T{}
	}
	c.JSON(http.StatusOK, List[T]{Items: items, Total: total, Page: p.Number, PageSize: p.Size})
	return nil
}

func ok(c *gin.Context, v any) error {
	c.JSON(http.StatusOK, v)
	return nil
}

func created(c *gin.Context, v any) error {
	c.JSON(http.StatusCreated, v)
	return nil
}

func noContent(c *gin.Context) error {
	c.Status(http.StatusNoContent)
	return nil
}
