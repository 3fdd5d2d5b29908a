package handlers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"jobfair/models"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Imported answers an import: how many rows were written.
type Imported struct {
	Imported int `json:"imported"`
}

// ImportPlacements imports a placement list, all rows or none.
func (h *Handler) ImportPlacements(c *gin.Context) error {
	file, err := h.upload(c)
	if err != nil {
		return err
	}
	n, err := h.Store.ImportPlacements(c.Request.Context(), actor(c), file)
	if err != nil {
		return err
	}
	return created(c, Imported{Imported: n})
}

// ImportJobs imports a vacancy list, all rows or none.
func (h *Handler) ImportJobs(c *gin.Context) error {
	file, err := h.upload(c)
	if err != nil {
		return err
	}
	n, err := h.Store.ImportJobs(c.Request.Context(), actor(c), file)
	if err != nil {
		return err
	}
	return created(c, Imported{Imported: n})
}

// upload reads the multipart field `file` whole: the import reads it and
// hashes it, and the router has capped the body already.
func (h *Handler) upload(c *gin.Context) (models.ImportFile, error) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return models.ImportFile{}, badRequest("请以 multipart/form-data 上传文件，字段名为 file", nil)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return models.ImportFile{}, h.uploadError(err)
		}
		if part.FormName() != "file" {
			continue
		}
		// The body's length bounds the file's: one allocation instead of a
		// doubling series (a 10 MB file would otherwise leave 20 MB behind).
		var buf bytes.Buffer
		if n := c.Request.ContentLength; n > 0 && n <= h.Cfg.MaxUpload+1<<20 {
			buf.Grow(int(n))
		}
		if _, err := buf.ReadFrom(io.LimitReader(part, h.Cfg.MaxUpload+1)); err != nil {
			return models.ImportFile{}, h.uploadError(err)
		}
		if int64(buf.Len()) > h.Cfg.MaxUpload {
			return models.ImportFile{}, h.tooLarge()
		}
		data := buf.Bytes()
		name := path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
		return models.ImportFile{Name: name, Data: data}, nil
	}
	return models.ImportFile{}, &models.Error{Code: models.EInvalid, Message: "请选择要导入的文件",
		Fields: map[string]string{"file": "请选择要导入的文件（表单字段名 file）"}}
}

func (h *Handler) tooLarge() error {
	return &models.Error{Code: models.ETooLarge,
		Message: fmt.Sprintf("上传的文件超过%d MB上限，请拆分后分批导入", h.Cfg.MaxUpload>>20)}
}

// uploadError: a body cut off by the size cap is 413, anything else 400.
func (h *Handler) uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return h.tooLarge()
	}
	return badRequest("上传的内容无法读取，请重新上传", nil)
}

// PlacementTemplateCSV gives the empty placement template.
func (h *Handler) PlacementTemplateCSV(c *gin.Context) error {
	return templateCSV(c, models.PlacementColumns, "就业登记导入模板.csv", "placement-template.csv")
}

// PlacementTemplateXLSX gives the empty placement template.
func (h *Handler) PlacementTemplateXLSX(c *gin.Context) error {
	return templateXLSX(c, "就业登记", models.PlacementColumns, "就业登记导入模板.xlsx", "placement-template.xlsx")
}

// JobTemplateCSV gives the empty vacancy template.
func (h *Handler) JobTemplateCSV(c *gin.Context) error {
	return templateCSV(c, models.JobColumns, "岗位导入模板.csv", "job-template.csv")
}

// JobTemplateXLSX gives the empty vacancy template.
func (h *Handler) JobTemplateXLSX(c *gin.Context) error {
	return templateXLSX(c, "岗位", models.JobColumns, "岗位导入模板.xlsx", "job-template.xlsx")
}

// downloadAs names a download; filename* carries the Chinese name.
func downloadAs(c *gin.Context, name, ascii string) {
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`,
		ascii, url.PathEscape(name)))
	c.Header("Cache-Control", "no-store")
}

// templateCSV is the header row in UTF-8 with a BOM, so that Excel on
// Chinese Windows opens it as UTF-8.
func templateCSV(c *gin.Context, cols []models.Column, name, ascii string) error {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	for i, col := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(col.Header)
	}
	b.WriteString("\r\n")
	downloadAs(c, name, ascii)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	return nil
}

// templateRows is how far down the .xlsx template formats its columns.
const templateRows = 10001

// templateXLSX is the header row with widths, text columns for long numbers,
// drop-down lists, and a second sheet 填写说明 listing what every cell takes.
func templateXLSX(c *gin.Context, sheet string, cols []models.Column, name, ascii string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, sheet, cols); err != nil {
		return fmt.Errorf("build template: %w", err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	downloadAs(c, name, ascii)
	c.Data(http.StatusOK, xlsxType, b.Bytes())
	return nil
}

func buildTemplate(f *excelize.File, sheet string, cols []models.Column) error {
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for i, col := range cols {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		cell := letter + "1"
		if err := f.SetCellStr(sheet, cell, col.Header); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, letter, letter, col.Width+2); err != nil {
			return err
		}
		rng := fmt.Sprintf("%s2:%s%d", letter, letter, templateRows)
		switch {
		case col.Text:
			if err := f.SetCellStyle(sheet, letter+"2", fmt.Sprintf("%s%d", letter, templateRows), text); err != nil {
				return err
			}
		case strings.HasSuffix(col.Field, "_on"):
			if err := f.SetCellStyle(sheet, letter+"2", fmt.Sprintf("%s%d", letter, templateRows), date); err != nil {
				return err
			}
		}
		var list []string
		switch col.Field {
		case "city":
			for _, c := range models.Cities {
				list = append(list, c.Name)
			}
		case "for_graduates":
			list = []string{"是", "否"}
		case "education":
			list = labelNames(models.Educations)
		}
		if list != nil {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rng
			if err := dv.SetDropList(list); err != nil {
				return err
			}
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(sheet, "A1", last+"1", head); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return buildInstructions(f, cols, head)
}

func labelNames(list []models.Label) []string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = l.Name
	}
	return out
}

// buildInstructions writes the sheet 填写说明: the columns, then the allowed
// values of cities, person groups and education levels.
func buildInstructions(f *excelize.File, cols []models.Column, head int) error {
	const sheet = "填写说明"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	rows := [][]any{{"列名", "英文列名", "是否必填", "填写要求"}}
	for _, col := range cols {
		req := "选填"
		if col.Required {
			req = "必填"
		}
		rows = append(rows, []any{col.Header, col.Field, req, col.Hint})
	}
	rows = append(rows, []any{}, []any{"通用说明"},
		[]any{"", "", "", "第1行为表头，可用中文或英文列名；多余的列会被忽略；空行会被跳过"},
		[]any{"", "", "", "文件可为 .xlsx（读取第一个工作表）或 CSV（UTF-8 或 GBK 编码）"},
		[]any{"", "", "", "全部行无误才会导入；任何一行有误时，不写入任何记录，并逐行列出错误"},
		[]any{}, []any{"城市", "代码"})
	for _, c := range models.Cities {
		rows = append(rows, []any{c.Name, c.Code})
	}
	hasGroups, hasEducation := false, false
	for _, col := range cols {
		hasGroups = hasGroups || col.Field == "groups"
		hasEducation = hasEducation || col.Field == "education"
	}
	if hasGroups {
		rows = append(rows, []any{}, []any{"人员类别", "代码"})
		for _, g := range models.Groups {
			rows = append(rows, []any{g.Name, g.Code})
		}
	}
	if hasEducation {
		rows = append(rows, []any{}, []any{"学历要求", "代码"})
		for _, e := range models.Educations {
			rows = append(rows, []any{e.Name, e.Code})
		}
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
		if i == 0 || len(r) == 2 && (r[1] == "代码") {
			end, _ := excelize.CoordinatesToCellName(len(r), i+1)
			if err := f.SetCellStyle(sheet, cell, end, head); err != nil {
				return err
			}
		}
	}
	for col, w := range map[string]float64{"A": 22, "B": 22, "C": 10, "D": 60} {
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// sheetExport streams rows into a one-sheet workbook. excelize's stream
// writer keeps what it has written in a temporary file past a few MB, so the
// memory stays flat however many rows there are; nothing is sent before the
// last row is in, so an error can still answer with the envelope.
type sheetExport struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
}

func newSheetExport(sheet string, headers []string, widths []float64) (*sheetExport, error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	x := &sheetExport{f: f}
	if err := x.start(sheet, headers, widths); err != nil {
		f.Close()
		return nil, fmt.Errorf("start export: %w", err)
	}
	return x, nil
}

func (x *sheetExport) start(sheet string, headers []string, widths []float64) error {
	if err := x.f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	if x.sw, err = x.f.NewStreamWriter(sheet); err != nil {
		return err
	}
	for i, w := range widths {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(headers))
	for i, hd := range headers {
		cells[i] = excelize.Cell{StyleID: head, Value: hd}
	}
	x.row = 1
	return x.sw.SetRow("A1", cells)
}

func (x *sheetExport) add(values []any) error {
	x.row++
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, values)
}

// fastZip compresses a download at deflate's fastest level: a 100,000-row
// export spends half the time of the default level, and is a little larger.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return zw
}

// send writes the workbook as the answer.
func (h *Handler) send(c *gin.Context, x *sheetExport, name, ascii string) error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("finish export: %w", err)
	}
	downloadAs(c, name, ascii)
	c.Header("Content-Type", xlsxType)
	c.Status(http.StatusOK)
	if err := x.f.Write(c.Writer); err != nil {
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
	defer models.GuardMemory()()
	x, err := newSheetExport("就业登记", placementExportHeaders, placementExportWidths)
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
		vals[4], vals[5], vals[6], vals[7] = ymd(p.BirthDate), p.Age, strings.Join(groups, "；"), p.EmployerName
		vals[8], vals[9], vals[10], vals[11] = p.City, ymd(p.PlacedOn), optionalID(p.JobID), optionalID(p.FairID)
		vals[12] = p.CreatedAt.In(models.Shanghai).Format("2006-01-02 15:04")
		return x.add(vals)
	})
	if err != nil {
		x.f.Close()
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
	defer models.GuardMemory()()
	x, err := newSheetExport("岗位", jobExportHeaders, jobExportWidths)
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
		vals[4], vals[5], vals[6], vals[7] = j.Headcount, grad, ymd(j.PostedOn), optionalInt(j.SalaryMin)
		vals[8], vals[9], vals[10] = optionalInt(j.SalaryMax), eduName[j.Education], optionalID(j.FairID)
		return x.add(vals)
	})
	if err != nil {
		x.f.Close()
		return err
	}
	return h.send(c, x, h.exportName("岗位", f.Year, f.City), "jobs.xlsx")
}

// ymd writes a date as YYYY-MM-DD without fmt: exports write two a row.
func ymd(d models.Date) string {
	if d.IsZero() {
		return ""
	}
	b := [10]byte{byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + int(d.Month)/10), byte('0' + int(d.Month)%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
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
