package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/sheet"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Imported answers an import: how many rows were written.
type Imported struct {
	Imported int `json:"imported"`
}

// ImportPlacements imports a placement list, all rows or none.
func (h *Handler) ImportPlacements(c *gin.Context) error {
	file, done, err := h.upload(c, models.PlacementColumns)
	if err != nil {
		return err
	}
	defer done()
	n, err := h.Store.ImportPlacements(c.Request.Context(), actor(c), file)
	if err != nil {
		return err
	}
	return created(c, Imported{Imported: n})
}

// ImportJobs imports a vacancy list, all rows or none.
func (h *Handler) ImportJobs(c *gin.Context) error {
	file, done, err := h.upload(c, models.JobColumns)
	if err != nil {
		return err
	}
	defer done()
	n, err := h.Store.ImportJobs(c.Request.Context(), actor(c), file)
	if err != nil {
		return err
	}
	return created(c, Imported{Imported: n})
}

// upload reads the multipart field `file` whole (the router has capped the
// body already) and opens it as a table with the columns of an import. The
// answer's done lets go of the file.
func (h *Handler) upload(c *gin.Context, cols []models.Column) (models.ImportFile, func(), error) {
	name, data, err := h.uploadedFile(c)
	if err != nil {
		return models.ImportFile{}, nil, err
	}
	r, err := sheet.Open(data, sheetColumns(cols), sheet.DefaultLimits)
	if err != nil {
		return models.ImportFile{}, nil, models.AsFileError(err)
	}
	return models.ImportFile{Name: name, Sum: r.Sum(), Rows: r}, func() { r.Close() }, nil
}

func (h *Handler) uploadedFile(c *gin.Context) (string, []byte, error) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return "", nil, badRequest("请以 multipart/form-data 上传文件，字段名为 file", nil)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, h.uploadError(err)
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
			return "", nil, h.uploadError(err)
		}
		if int64(buf.Len()) > h.Cfg.MaxUpload {
			return "", nil, h.tooLarge()
		}
		return path.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), buf.Bytes(), nil
	}
	return "", nil, &models.Error{Code: models.EInvalid, Message: "请选择要导入的文件",
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

// sheetColumns are the columns of an import as package sheet reads them.
func sheetColumns(cols []models.Column) []sheet.Column {
	out := make([]sheet.Column, len(cols))
	for i, c := range cols {
		out[i] = sheet.Column{Field: c.Field, Header: c.Header, Required: c.Required, Aliases: c.Aliases,
			Hint: c.Hint, Kind: sheet.Kind(c.Kind), Choices: c.Choices}
	}
	return out
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
	c.Header("Content-Disposition", attachment(ascii, name))
	c.Header("Cache-Control", "no-store")
}

func templateCSV(c *gin.Context, cols []models.Column, name, ascii string) error {
	downloadAs(c, name, ascii)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", sheet.TemplateCSV(sheetColumns(cols)))
	return nil
}

// templateXLSX is the template with its 填写说明 sheet listing the cities,
// and the person groups or education levels where the import has them.
func templateXLSX(c *gin.Context, sheetName string, cols []models.Column, name, ascii string) error {
	refs := []sheet.Reference{referenceOf("城市", models.Cities, func(x models.City) [2]string { return [2]string{x.Name, x.Code} })}
	for _, col := range cols {
		switch col.Field {
		case "groups":
			refs = append(refs, labelReference("人员类别", models.Groups))
		case "education":
			refs = append(refs, labelReference("学历要求", models.Educations))
		}
	}
	var b bytes.Buffer
	if err := sheet.TemplateXLSX(&b, sheetName, sheetColumns(cols), refs); err != nil {
		return err
	}
	downloadAs(c, name, ascii)
	c.Data(http.StatusOK, xlsxType, b.Bytes())
	return nil
}

func referenceOf[T any](title string, list []T, row func(T) [2]string) sheet.Reference {
	ref := sheet.Reference{Title: title}
	for _, x := range list {
		ref.Rows = append(ref.Rows, row(x))
	}
	return ref
}

func labelReference(title string, list []models.Label) sheet.Reference {
	return referenceOf(title, list, func(l models.Label) [2]string { return [2]string{l.Name, l.Code} })
}
