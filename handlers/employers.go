package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// CreateEmployer registers an employer.
func (h *Handler) CreateEmployer(c *gin.Context) error {
	var in models.EmployerInput
	if err := bind(c, &in); err != nil {
		return err
	}
	e, err := h.Store.CreateEmployer(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, e)
}

// ListEmployers lists employers.
func (h *Handler) ListEmployers(c *gin.Context) error {
	q := newQuery(c)
	f := models.EmployerFilter{City: q.city(), Q: q.str("q"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListEmployers(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GetEmployer answers one employer.
func (h *Handler) GetEmployer(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	e, err := h.Store.GetEmployer(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, e)
}

// UpdateEmployer edits an employer.
func (h *Handler) UpdateEmployer(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.EmployerPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	e, err := h.Store.UpdateEmployer(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return ok(c, e)
}

// DeleteEmployer removes an employer no record points to.
func (h *Handler) DeleteEmployer(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteEmployer(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}
