package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// checkXLSX bounds what a workbook unpacks to before excelize reads it: a
// small file can hold a part that inflates to gigabytes, or one cell of
// hundreds of megabytes that an XML decoder would hold whole. It inflates
// the parts that will be read (the sheets and the shared strings) as a
// stream, counting the bytes actually produced (a ZIP header can lie about
// them), and refuses the file at the first bound it breaks, having held no
// more than one buffer of it.
func checkXLSX(data []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return notSpreadsheet("文件不是有效的 Excel（.xlsx）工作簿")
	}
	var total int64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(lim.Unzipped) {
			return tooLarge(fmt.Sprintf("工作簿解压后超过%d MB上限", lim.Unzipped>>20))
		}
		name := strings.ToLower(f.Name)
		shared := name == "xl/sharedstrings.xml"
		if !shared && !strings.HasPrefix(name, "xl/worksheets/") {
			total += int64(f.UncompressedSize64)
			continue
		}
		limit := lim.Unzipped - total
		if shared {
			limit = min(limit, lim.SharedStrings)
		}
		n, err := scanPart(f, limit)
		total += n
		switch {
		case errors.Is(err, errPartTooLarge) && shared:
			return tooLarge(fmt.Sprintf("工作簿的共享字符串超过%d MB上限", lim.SharedStrings>>20))
		case errors.Is(err, errPartTooLarge):
			return tooLarge(fmt.Sprintf("工作簿解压后超过%d MB上限", lim.Unzipped>>20))
		case errors.Is(err, errCellTooLong):
			return tooLarge(fmt.Sprintf("工作簿中有超过%d个字符的单元格", MaxCellChars))
		case err != nil:
			return notSpreadsheet("文件不是有效的 Excel（.xlsx）工作簿")
		}
	}
	if total > lim.Unzipped {
		return tooLarge(fmt.Sprintf("工作簿解压后超过%d MB上限", lim.Unzipped>>20))
	}
	return nil
}

var (
	errPartTooLarge = errors.New("part too large")
	errCellTooLong  = errors.New("cell too long")
)

// scanPart inflates one part, answering its size; it stops at limit bytes,
// or at a stretch without a tag longer than a cell can be.
func scanPart(f *zip.File, limit int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	buf := make([]byte, 64<<10)
	var n, run int64
	for {
		k, err := rc.Read(buf)
		n += int64(k)
		if n > limit {
			return n, errPartTooLarge
		}
		for chunk := buf[:k]; len(chunk) > 0; {
			i := bytes.IndexAny(chunk, "<>")
			if i < 0 {
				run += int64(len(chunk))
				break
			}
			run += int64(i)
			if run > maxXMLRun {
				return n, errCellTooLong
			}
			run = 0
			chunk = chunk[i+1:]
		}
		if run > maxXMLRun {
			return n, errCellTooLong
		}
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
