package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// Ready answers 200 once the database answers and its schema is the one
// this release migrates to, else 503 saying why: what a load balancer or a
// Kubernetes readiness probe asks before sending requests.
func (h *Handler) Ready(c *gin.Context) error {
	err := h.Store.Ready(c.Request.Context())
	if err == nil {
		return ok(c, Health{Status: "ok"})
	}
	msg := "服务尚未就绪"
	var nr *models.NotReady
	if errors.As(err, &nr) {
		msg = nr.Reason
	}
	h.Log.Error("readiness check failed", "err", err)
	c.JSON(http.StatusServiceUnavailable, Health{Status: "unavailable", Error: &HealthError{Code: "unavailable", Message: msg}})
	return nil
}
