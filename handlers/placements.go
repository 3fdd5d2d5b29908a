package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// CreatePlacement records a placement.
func (h *Handler) CreatePlacement(c *gin.Context) error {
	var in models.PlacementInput
	if err := bind(c, &in); err != nil {
		return err
	}
	p, err := h.Store.CreatePlacement(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, p)
}

func placementFilter(q *query) models.PlacementFilter {
	return models.PlacementFilter{Year: q.year(), City: q.city(), Group: q.oneOf("group", models.Groups),
		EmployerID: q.id("employer_id"), FairID: q.id("fair_id"), JobID: q.id("job_id"), Q: q.str("q"),
		From: q.date("from"), To: q.date("to"), Page: q.page()}
}

// ListPlacements lists placements with masked ID numbers.
func (h *Handler) ListPlacements(c *gin.Context) error {
	q := newQuery(c)
	f := placementFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListPlacements(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GetPlacement answers one placement.
func (h *Handler) GetPlacement(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := h.Store.GetPlacement(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, p)
}

// DeletePlacement removes a placement.
func (h *Handler) DeletePlacement(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeletePlacement(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}
