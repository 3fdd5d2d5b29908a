package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes of the API's error envelope.
const (
	EBadRequest      = "bad_request"
	EUnauthenticated = "unauthenticated"
	EForbidden       = "forbidden"
	ENotFound        = "not_found"
	EConflict        = "conflict"
	ETooLarge        = "too_large"
	EInvalid         = "validation_failed"
	ERateLimited     = "rate_limited"
	EInternal        = "internal"
)

// Error is a domain error with a code the API maps to a status, and a Chinese
// message that is safe to show to the client.
type Error struct {
	Code    string
	Message string
	// Fields names every bad field, keyed by its JSON name.
	Fields map[string]string
	// Rows lists the bad rows of an import; BadRows counts them all.
	Rows    []RowError
	BadRows int
	// ID is the existing record behind a conflict, when there is one.
	ID int64
}

// RowError is one bad row of an imported file, numbered as the spreadsheet shows it.
type RowError struct {
	Row    int               `json:"row"`
	Fields map[string]string `json:"fields"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Code + ": " + e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return e.Code + ": " + e.Message + " (" + strings.Join(keys, ", ") + ")"
}

// Errorf builds an Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Sentinels for the common cases; wrap them with %w to add context.
var (
	ErrNotFound  = &Error{Code: ENotFound, Message: "记录不存在"}
	ErrForbidden = &Error{Code: EForbidden, Message: "无权执行此操作"}
)

// Invalid builds a validation error from bad fields; nil when there are none.
func Invalid(fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "提交的数据有误，请检查标出的字段", Fields: fields}
}

// Conflict builds a conflict error naming the existing record.
func Conflict(message string, id int64) *Error {
	return &Error{Code: EConflict, Message: message, ID: id}
}

// ErrorCode is the code of err, EInternal for anything that is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}
