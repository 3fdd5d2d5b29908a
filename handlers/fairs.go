package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// CreateFair registers a fair.
func (h *Handler) CreateFair(c *gin.Context) error {
	var in models.FairInput
	if err := bind(c, &in); err != nil {
		return err
	}
	f, err := h.Store.CreateFair(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, f)
}

func fairFilter(q *query) models.FairFilter {
	return models.FairFilter{Year: q.year(), City: q.city(), Programme: q.oneOf("programme", models.Programmes),
		Status: q.enum("status", models.FairPlanned, models.FairHeld, models.FairCancelled),
		Kind:   q.oneOf("kind", models.FairKinds), Q: q.str("q"),
		From: q.date("from"), To: q.date("to"), Page: q.page()}
}

// ListFairs lists fairs.
func (h *Handler) ListFairs(c *gin.Context) error {
	q := newQuery(c)
	f := fairFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListFairs(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GetFair answers one fair.
func (h *Handler) GetFair(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a := actor(c)
	f, err := h.Store.GetFair(c.Request.Context(), &a, id)
	if err != nil {
		return err
	}
	return ok(c, f)
}

// UpdateFair edits a fair or moves its status.
func (h *Handler) UpdateFair(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.FairPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	f, err := h.Store.UpdateFair(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return ok(c, f)
}

// DeleteFair removes a fair no record points to.
func (h *Handler) DeleteFair(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteFair(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}

// CreateSignup signs the caller's employer up for a fair.
func (h *Handler) CreateSignup(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	su, err := h.Store.CreateSignup(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return created(c, su)
}

// ListFairSignups lists a fair's sign-ups.
func (h *Handler) ListFairSignups(c *gin.Context) error {
	return pageOfRecord(c, h.Store.ListFairSignups)
}

// ListSignups lists sign-ups across fairs.
func (h *Handler) ListSignups(c *gin.Context) error {
	q := newQuery(c)
	f := models.SignupFilter{Status: q.enum("status", models.SignupPending, models.SignupApproved, models.SignupDeclined), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListSignups(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// DecideSignup approves or declines a sign-up.
func (h *Handler) DecideSignup(c *gin.Context) error {
	fairID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	signupID, err := pathID(c, "signup_id")
	if err != nil {
		return err
	}
	var in models.SignupDecisionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	su, err := h.Store.DecideSignup(c.Request.Context(), actor(c), fairID, signupID, in)
	if err != nil {
		return err
	}
	return ok(c, su)
}
