package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// Catalogue is a whole list of reference data, unpaged.
type Catalogue[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func refList[T any](c *gin.Context, items []T) error {
	return ok(c, Catalogue[T]{Items: items, Total: len(items)})
}

// Health answers /healthz; Error says why when the database does not answer.
type Health struct {
	Status string       `json:"status"`
	Error  *HealthError `json:"error,omitempty"`
}

// HealthError is the error of an unhealthy answer, in the shape of the error envelope.
type HealthError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Cities lists the 14 cities of Liaoning.
func (h *Handler) Cities(c *gin.Context) error { return refList(c, models.Cities) }

// Programmes lists the fair programmes.
func (h *Handler) Programmes(c *gin.Context) error { return refList(c, models.Programmes) }

// Groups lists the person groups.
func (h *Handler) Groups(c *gin.Context) error { return refList(c, models.Groups) }

// Educations lists the education requirements of vacancies.
func (h *Handler) Educations(c *gin.Context) error { return refList(c, models.Educations) }

// Health answers once the database does.
func (h *Handler) Health(c *gin.Context) error {
	if err := h.Store.Ping(c.Request.Context()); err != nil {
		h.Log.Error("health check failed", "err", err)
		c.JSON(503, Health{Status: "unavailable", Error: &HealthError{Code: "unavailable", Message: "数据库暂时无法访问"}})
		return nil
	}
	return ok(c, Health{Status: "ok"})
}
