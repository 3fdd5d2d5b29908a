package handlers

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/sheet"
)

// send writes a finished export as the answer.
func (h *Handler) send(c *gin.Context, x *sheet.Stream, name, ascii string) error {
	defer x.Close()
	if err := x.Finish(); err != nil {
		return err
	}
	downloadAs(c, name, ascii)
	c.Header("Content-Type", xlsxType)
	c.Status(http.StatusOK)
	if _, err := x.WriteTo(c.Writer); err != nil {
		// The status has gone out: the client gets a cut-off file; say so in the log.
		h.Log.Warn("export cut off", "route", c.FullPath(), "err", err)
	}
	return nil
}

// exportName is a download's name: what, the filters that narrow it, the day.
func (h *Handler) exportName(what string, year int, city string) string {
	parts := []string{what}
	if year != 0 {
		parts = append(parts, fmt.Sprintf("%d年", year))
	}
	if city != "" {
		parts = append(parts, city)
	}
	parts = append(parts, strings.ReplaceAll(h.Store.Today().String(), "-", ""))
	return strings.Join(parts, "_") + ".xlsx"
}

var placementExportHeaders = []string{"编号", "姓名", "身份证号", "性别", "出生日期", "就业时年龄", "人员类别",
	"用人单位", "城市", "就业日期", "岗位编号", "招聘会编号", "登记时间"}

var placementExportWidths = []float64{10, 12, 22, 6, 12, 10, 30, 32, 10, 12, 10, 10, 20}

// ExportPlacements streams the placements of a filter as Excel, ID numbers masked.
func (h *Handler) ExportPlacements(c *gin.Context) error {
	q := newQuery(c)
	f := placementFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	x, err := sheet.NewStream("就业登记", placementExportHeaders, placementExportWidths)
	if err != nil {
		return err
	}
	groupName := map[string]string{}
	for _, g := range models.Groups {
		groupName[g.Code] = g.Name
	}
	vals := make([]any, len(placementExportHeaders))
	err = h.Store.EachPlacement(c.Request.Context(), actor(c), f, func(p *models.Placement) error {
		groups := make([]string, len(p.GroupCodes))
		for i, g := range p.GroupCodes {
			groups[i] = groupName[g]
		}
		vals[0], vals[1], vals[2], vals[3] = p.ID, p.PersonName, p.IDMasked, p.Sex
		vals[4], vals[5], vals[6], vals[7] = p.BirthDate.String(), p.Age, strings.Join(groups, "；"), p.EmployerName
		vals[8], vals[9], vals[10], vals[11] = p.City, p.PlacedOn.String(), optionalID(p.JobID), optionalID(p.FairID)
		vals[12] = p.CreatedAt.In(models.Shanghai).Format("2006-01-02 15:04")
		return x.Add(vals)
	})
	if err != nil {
		x.Close()
		return err
	}
	return h.send(c, x, h.exportName("就业登记", f.Year, f.City), "placements.xlsx")
}

var jobExportHeaders = []string{"编号", "岗位名称", "用人单位", "城市", "招聘人数", "面向高校毕业生", "发布日期",
	"最低月薪", "最高月薪", "学历要求", "招聘会编号"}

var jobExportWidths = []float64{10, 24, 32, 10, 10, 14, 12, 10, 10, 12, 10}

// ExportJobs streams the vacancies of a filter as Excel.
func (h *Handler) ExportJobs(c *gin.Context) error {
	q := newQuery(c)
	f := jobFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	x, err := sheet.NewStream("岗位", jobExportHeaders, jobExportWidths)
	if err != nil {
		return err
	}
	eduName := map[string]string{}
	for _, e := range models.Educations {
		eduName[e.Code] = e.Name
	}
	vals := make([]any, len(jobExportHeaders))
	err = h.Store.EachJob(c.Request.Context(), actor(c), f, func(j *models.Job) error {
		grad := "否"
		if j.ForGraduates {
			grad = "是"
		}
		vals[0], vals[1], vals[2], vals[3] = j.ID, j.Title, j.EmployerName, j.City
		vals[4], vals[5], vals[6], vals[7] = j.Headcount, grad, j.PostedOn.String(), optionalInt(j.SalaryMin)
		vals[8], vals[9], vals[10] = optionalInt(j.SalaryMax), eduName[j.Education], optionalID(j.FairID)
		return x.Add(vals)
	})
	if err != nil {
		x.Close()
		return err
	}
	return h.send(c, x, h.exportName("岗位", f.Year, f.City), "jobs.xlsx")
}

func optionalID(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func optionalInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
