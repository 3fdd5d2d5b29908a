package handlers

import (
	"strings"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/sheet"
)

// CreateVisit records an outreach visit.
func (h *Handler) CreateVisit(c *gin.Context) error {
	var in models.VisitInput
	if err := bind(c, &in); err != nil {
		return err
	}
	v, err := h.Store.CreateVisit(c.Request.Context(), actor(c), in)
	if err != nil {
		return err
	}
	return created(c, v)
}

func visitFilter(q *query) models.VisitFilter {
	return models.VisitFilter{Year: q.year(), City: q.city(), Kind: q.oneOf("kind", models.VisitKinds),
		Item: q.oneOf("item", models.VisitItems), From: q.date("from"), To: q.date("to"), Page: q.page()}
}

// ListVisits lists visits, newest first.
func (h *Handler) ListVisits(c *gin.Context) error {
	q := newQuery(c)
	f := visitFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	items, total, err := h.Store.ListVisits(c.Request.Context(), actor(c), f)
	if err != nil {
		return err
	}
	return list(c, items, total, f.Page)
}

// GetVisit answers one visit.
func (h *Handler) GetVisit(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.Store.GetVisit(c.Request.Context(), actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, v)
}

// DeleteVisit removes a visit.
func (h *Handler) DeleteVisit(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteVisit(c.Request.Context(), actor(c), id); err != nil {
		return err
	}
	return noContent(c)
}

// ImportVisits imports a list of visits, all rows or none.
func (h *Handler) ImportVisits(c *gin.Context) error {
	file, done, err := h.upload(c, models.VisitColumns)
	if err != nil {
		return err
	}
	defer done()
	n, err := h.Store.ImportVisits(c.Request.Context(), actor(c), file)
	if err != nil {
		return err
	}
	return created(c, gin.H{"imported": n})
}

// VisitTemplateCSV gives the empty visit template.
func (h *Handler) VisitTemplateCSV(c *gin.Context) error {
	return templateCSV(c, models.VisitColumns, "走访记录导入模板.csv", "visit-template.csv")
}

// VisitTemplateXLSX gives the empty visit template.
func (h *Handler) VisitTemplateXLSX(c *gin.Context) error {
	return templateXLSX(c, "走访记录", models.VisitColumns, "走访记录导入模板.xlsx", "visit-template.xlsx")
}

var visitExportHeaders = []string{"编号", "走访日期", "城市", "走访类型", "走访地点", "服务内容", "登记单位", "登记时间"}

var visitExportWidths = []float64{10, 12, 10, 10, 36, 24, 28, 18}

// ExportVisits streams the visits of a filter as Excel.
func (h *Handler) ExportVisits(c *gin.Context) error {
	q := newQuery(c)
	f := visitFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	x, err := sheet.NewStream("走访记录", visitExportHeaders, visitExportWidths)
	if err != nil {
		return err
	}
	kindName, itemName := labelNames(models.VisitKinds), labelNames(models.VisitItems)
	vals := make([]any, len(visitExportHeaders))
	err = h.Store.EachVisit(c.Request.Context(), actor(c), f, func(v *models.Visit) error {
		items := make([]string, len(v.ItemCodes))
		for i, code := range v.ItemCodes {
			items[i] = itemName[code]
		}
		vals[0], vals[1], vals[2], vals[3] = v.ID, v.On.String(), v.City, kindName[v.Kind]
		vals[4], vals[5], vals[6] = v.Place, strings.Join(items, "；"), v.Organisation
		vals[7] = v.CreatedAt.In(models.Shanghai).Format("2006-01-02 15:04")
		return x.Add(vals)
	})
	if err != nil {
		x.Close()
		return err
	}
	return h.send(c, x, h.exportName("走访记录", f.Year, f.City), "visits.xlsx")
}

// labelNames maps the codes of a list to their Chinese names.
func labelNames(list []models.Label) map[string]string {
	out := make(map[string]string, len(list))
	for _, l := range list {
		out[l.Code] = l.Name
	}
	return out
}
