package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

func refList[T any](c *gin.Context, items []T) error {
	return ok(c, gin.H{"items": items, "total": len(items)})
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
		c.JSON(503, gin.H{"status": "unavailable", "error": gin.H{"code": "unavailable", "message": "数据库暂时无法访问"}})
		return nil
	}
	return ok(c, gin.H{"status": "ok"})
}
