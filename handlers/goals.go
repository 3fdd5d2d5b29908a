package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// ListGoals lists the goals in force in a year.
func (h *Handler) ListGoals(c *gin.Context) error {
	q := newQuery(c)
	f := models.GoalFilter{Year: q.year(), Scope: q.str("scope"), Page: q.page()}
	if f.Scope != "" && f.Scope != models.ScopeProvince && !models.IsCity(f.Scope) {
		q.bad["scope"] = "应为 province 或辽宁省14个地级市之一"
	}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListGoals(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// CreateGoal adds a goal or a city target.
func (h *Handler) CreateGoal(c *gin.Context) error {
	var in models.GoalInput
	if err := bind(c, &in); err != nil {
		return err
	}
	g, err := h.Store.CreateGoal(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, g)
}

// UpdateGoal edits a goal; the path segment is the goal entry's id.
func (h *Handler) UpdateGoal(c *gin.Context) error {
	id, err := pathID(c, "code")
	if err != nil {
		return err
	}
	var in models.GoalPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	g, err := h.Store.UpdateGoal(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return ok(c, g)
}

// DeleteGoal removes a city target; the path segment is the goal entry's id.
func (h *Handler) DeleteGoal(c *gin.Context) error {
	id, err := pathID(c, "code")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteGoal(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}

// ListReports lists reported figures of a goal.
func (h *Handler) ListReports(c *gin.Context) error {
	q := newQuery(c)
	f := models.ReportFilter{Year: q.year(), City: q.city(), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListReports(c.Request.Context(), actor(c), c.Param("code"), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// CreateReport records a reported figure.
func (h *Handler) CreateReport(c *gin.Context) error {
	var in models.ReportInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := h.Store.CreateReport(c.Request.Context(), actor(c), c.Param("code"), in)
	if err != nil {
		return err
	}
	return created(c, r)
}

// rollupQuery reads year, as_of, city and goal.
func rollupQuery(c *gin.Context) (models.RollupQuery, error) {
	q := newQuery(c)
	rq := models.RollupQuery{Year: q.year(), AsOf: q.date("as_of"), City: q.city(), Goal: q.str("goal")}
	return rq, q.err()
}

// Rollup answers the year's totals against the goals.
func (h *Handler) Rollup(c *gin.Context) error {
	rq, err := rollupQuery(c)
	if err != nil {
		return err
	}
	r, err := h.Store.Rollup(c.Request.Context(), actor(c), rq)
	if err != nil {
		return err
	}
	return ok(c, r)
}

// RollupCities breaks one goal down by city.
func (h *Handler) RollupCities(c *gin.Context) error {
	rq, err := rollupQuery(c)
	if err != nil {
		return err
	}
	r, err := h.Store.RollupCities(c.Request.Context(), actor(c), rq)
	if err != nil {
		return err
	}
	return ok(c, r)
}

// RollupMonths breaks one goal down by month.
func (h *Handler) RollupMonths(c *gin.Context) error {
	rq, err := rollupQuery(c)
	if err != nil {
		return err
	}
	r, err := h.Store.RollupMonths(c.Request.Context(), actor(c), rq)
	if err != nil {
		return err
	}
	return ok(c, r)
}

// RollupGroups answers the person-group mix of placements.
func (h *Handler) RollupGroups(c *gin.Context) error {
	rq, err := rollupQuery(c)
	if err != nil {
		return err
	}
	r, err := h.Store.RollupGroups(c.Request.Context(), actor(c), rq)
	if err != nil {
		return err
	}
	return ok(c, r)
}
