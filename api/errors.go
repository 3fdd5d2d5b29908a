// Package api is the HTTP edge: the route table, middleware and the one error envelope.
package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// ErrorBody is the envelope of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, in Chinese, naming the bad fields or rows.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Rows    []models.RowError `json:"rows,omitempty"`
	BadRows int               `json:"bad_rows,omitempty"`
	ID      int64             `json:"id,omitempty"`
}

var statusOf = map[string]int{
	models.EBadRequest:      http.StatusBadRequest,
	models.EUnauthenticated: http.StatusUnauthorized,
	models.EForbidden:       http.StatusForbidden,
	models.ENotFound:        http.StatusNotFound,
	models.EConflict:        http.StatusConflict,
	models.ETooLarge:        http.StatusRequestEntityTooLarge,
	models.EInvalid:         http.StatusUnprocessableEntity,
	models.ERateLimited:     http.StatusTooManyRequests,
	models.EPeriodClosed:    http.StatusConflict,
	"method_not_allowed":    http.StatusMethodNotAllowed,
}

// writeError maps err to its status and envelope. Anything that is not a
// domain error is logged with the request id and answered "内部错误".
func writeError(c *gin.Context, log *slog.Logger, err error) {
	var e *models.Error
	if errors.As(err, &e) {
		status, known := statusOf[e.Code]
		if known {
			c.AbortWithStatusJSON(status, ErrorBody{ErrorDetail{Code: e.Code, Message: e.Message,
				Fields: e.Fields, Rows: e.Rows, BadRows: e.BadRows, ID: e.ID}})
			return
		}
	}
	log.Error("request failed", "request_id", c.GetString(requestIDKey), "method", c.Request.Method,
		"route", c.FullPath(), "err", err)
	c.AbortWithStatusJSON(http.StatusInternalServerError,
		ErrorBody{ErrorDetail{Code: "internal", Message: "内部错误，请稍后重试；如持续出现请联系管理员并提供请求编号 " + c.GetString(requestIDKey)}})
}

func abort(c *gin.Context, code, message string) {
	c.AbortWithStatusJSON(statusOf[code], ErrorBody{ErrorDetail{Code: code, Message: message}})
}
