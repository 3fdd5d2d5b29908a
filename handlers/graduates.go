package handlers

import (
	"github.com/gin-gonic/gin"

	"jobfair/models"
)

// CreateGraduate registers a graduate in the ledger.
func (h *Handler) CreateGraduate(c *gin.Context) error {
	var in models.GraduateInput
	if err := bind(c, &in); err != nil {
		return err
	}
	g, err := h.Store.CreateGraduate(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, g)
}

func graduateFilter(q *query) models.GraduateFilter {
	return models.GraduateFilter{Year: q.year(), City: q.city(), Status: q.oneOf("status", models.GraduateStatuses),
		NeedyFamily: q.boolean("needy_family"), WantsJob: q.boolean("wants_job"),
		Attention: q.oneOf("attention", models.AttentionKinds), Q: q.str("q"), From: q.date("from"), To: q.date("to"),
		Page: q.page()}
}

// ListGraduates lists the ledger, newest registration first.
func (h *Handler) ListGraduates(c *gin.Context) error {
	q := newQuery(c)
	f := graduateFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListGraduates(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GraduateAttention counts the graduates who need attention.
func (h *Handler) GraduateAttention(c *gin.Context) error {
	q := newQuery(c)
	f := models.GraduateFilter{Year: q.year(), City: q.city()}
	if err := q.err(); err != nil {
		return err
	}
	n, err := h.Store.CountAttention(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return ok(c, n)
}

// GetGraduate answers a graduate with its contacts, services and placement.
func (h *Handler) GetGraduate(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	g, err := h.Store.GetGraduate(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, g)
}

// DeleteGraduate removes a graduate from the ledger.
func (h *Handler) DeleteGraduate(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteGraduate(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}

// AddContact logs a contact with a graduate (回访).
func (h *Handler) AddContact(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.ContactInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := h.Store.AddContact(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return created(c, out)
}

// AddService logs a service given to a graduate.
func (h *Handler) AddService(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in models.ServiceInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := h.Store.AddService(c.Request.Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return created(c, out)
}

// ImportGraduates imports a university's graduate list, all rows or none.
func (h *Handler) ImportGraduates(c *gin.Context) error {
	file, done, err := h.upload(c, models.GraduateColumns)
	if err != nil {
		return err
	}
	defer done()
	n, err := h.Store.ImportGraduates(c.Request.Context(), actor(c), file)
	if err != nil {
		return err
	}
	return created(c, gin.H{"imported": n})
}

// GraduateTemplateCSV gives the empty graduate template.
func (h *Handler) GraduateTemplateCSV(c *gin.Context) error {
	return templateCSV(c, models.GraduateColumns, "毕业生台账导入模板.csv", "graduate-template.csv")
}

// GraduateTemplateXLSX gives the empty graduate template.
func (h *Handler) GraduateTemplateXLSX(c *gin.Context) error {
	return templateXLSX(c, "毕业生台账", models.GraduateColumns, "毕业生台账导入模板.xlsx", "graduate-template.xlsx")
}
