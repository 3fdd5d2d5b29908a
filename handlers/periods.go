package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// PeriodList is the status of each city-month of a year.
type PeriodList struct {
	Items []models.Period `json:"items"`
}

// ListPeriods answers the status of each city-month of a year.
func (h *Handler) ListPeriods(c *gin.Context) error {
	q := newQuery(c)
	f := models.PeriodFilter{Year: q.year(), City: q.city()}
	if err := q.err(); err != nil {
		return err
	}
	items, err := h.Store.ListPeriods(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return ok(c, PeriodList{Items: items})
}

// movePeriod answers a handler for one move of a city's month.
func (h *Handler) movePeriod(action string) Func {
	return func(c *gin.Context) error {
		var in models.PeriodMove
		if err := bind(c, &in); err != nil {
			return err
		}
		p, err := h.Store.MovePeriod(c.Request.Context(), actor(c), c.Param("period"), action, in)
		if err != nil {
			return err
		}
		return ok(c, p)
	}
}

// SubmitPeriod reports a city's month done (上报).
func (h *Handler) SubmitPeriod(c *gin.Context) error { return h.movePeriod(models.PeriodSubmit)(c) }

// ClosePeriod approves a submitted month (结账).
func (h *Handler) ClosePeriod(c *gin.Context) error { return h.movePeriod(models.PeriodClose)(c) }

// ReturnPeriod sends a submitted month back to the city, with a reason (退回).
func (h *Handler) ReturnPeriod(c *gin.Context) error { return h.movePeriod(models.PeriodReturn)(c) }

// ReopenPeriod opens a closed month again, with a reason (重新打开).
func (h *Handler) ReopenPeriod(c *gin.Context) error { return h.movePeriod(models.PeriodReopen)(c) }
