package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// CreateJob posts a vacancy.
func (h *Handler) CreateJob(c *gin.Context) error {
	var in models.JobInput
	if err := bind(c, &in); err != nil {
		return err
	}
	j, err := h.Store.CreateJob(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, j)
}

func jobFilter(q *query) models.JobFilter {
	return models.JobFilter{Year: q.year(), City: q.city(), EmployerID: q.id("employer_id"), FairID: q.id("fair_id"),
		ForGraduates: q.boolean("for_graduates"), Education: q.oneOf("education", models.Educations),
		Q: q.str("q"), From: q.date("from"), To: q.date("to"), Page: q.page()}
}

// ListJobs lists vacancies.
func (h *Handler) ListJobs(c *gin.Context) error {
	q := newQuery(c)
	f := jobFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListJobs(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GetJob answers one vacancy.
func (h *Handler) GetJob(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	j, err := h.Store.GetJob(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, j)
}

// UpdateJob edits a vacancy.
func (h *Handler) UpdateJob(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.JobPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	j, err := h.Store.UpdateJob(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return ok(c, j)
}

// DeleteJob withdraws a vacancy.
func (h *Handler) DeleteJob(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteJob(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}
