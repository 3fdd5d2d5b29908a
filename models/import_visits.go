package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// VisitColumns are the columns of the visit import.
var VisitColumns = []Column{
	{Field: "on", Header: "走访日期", Required: true, Aliases: []string{"日期", "走访时间"}, Kind: CellDate,
		Hint: "如 2024-03-01 或 2024/3/1；不能晚于今天，不早于2000年；已上报或已结账的月份不能导入"},
	{Field: "city", Header: "城市", Required: true, Aliases: []string{"所在城市"}, Kind: CellChoice,
		Choices: CityNames(), Hint: "辽宁省14个地级市之一"},
	{Field: "kind", Header: "走访类型", Required: true, Aliases: []string{"走访对象类型"}, Kind: CellChoice,
		Choices: LabelNames(VisitKinds), Hint: "企业、院校、社区或乡村；也可填代码"},
	{Field: "place", Header: "走访地点", Required: true, Aliases: []string{"走访对象", "走访单位", "地点"},
		Hint: "所到企业、院校、社区或村的名称，不超过200字"},
	{Field: "items", Header: "服务内容", Required: true, Aliases: []string{"走访内容"}, Kind: CellChoice,
		Hint: "送政策、送岗位、送服务，可填多个，用分号（;或；）分隔"},
}

var visitKindAliases = map[string]string{"企业走访": VisitEnterprise, "学校": VisitCampus, "高校": VisitCampus,
	"校园": VisitCampus, "街道": VisitCommunity, "村": VisitVillage, "农村": VisitVillage}

var visitItemAliases = map[string]string{"政策": "policy", "岗位": "jobs", "服务": "services"}

// importLabel reads a cell of one code of list: its code, its Chinese name or
// a usual alias. An unknown one is recorded and returned as typed.
func importLabel(field, what, cell string, list []Label, aliases map[string]string, pre map[string]string) string {
	if cell == "" {
		return ""
	}
	if l, ok := FindLabel(list, cell); ok {
		return l.Code
	}
	if l, ok := FindLabel(list, strings.ToLower(cell)); ok {
		return l.Code
	}
	if code, ok := aliases[cell]; ok {
		return code
	}
	pre[field] = fmt.Sprintf("未知的%s「%s」，可填：%s", what, clipCell(cell), strings.Join(LabelNames(list), "、"))
	return cell
}

// importItems reads a cell of visit items: names, codes or aliases, several
// separated by ; or ；.
func importItems(cell string, pre map[string]string) []string {
	var codes []string
	for _, part := range splitList(cell) {
		code := importLabel("items", "服务内容", part, VisitItems, visitItemAliases, pre)
		if _, bad := pre["items"]; bad {
			return nil
		}
		if !hasString(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes
}

// ImportVisits imports a list of visits, all rows or none, and answers the
// number of visits written. Admins, organisers and officials import, each
// within its city.
func (s *Store) ImportVisits(ctx context.Context, a Actor, file ImportFile) (int, error) {
	if !a.Is(RoleAdmin, RoleOrganiser, RoleOfficial) {
		return 0, forbidden("只有招聘会主办方、主管部门和管理员可以导入走访记录")
	}
	is := newImportSession(file, VisitColumns)
	imp := &visitImport{importRun: s.newImportRun(a, is), d: Deltas{}}
	err := s.bigTx(ctx, func(tx *gorm.DB) error {
		if err := imp.lockMonths(tx); err != nil {
			return err
		}
		if err := stream(is, imp.parse, func(b *pending[Visit]) error { return imp.write(tx, b) }); err != nil {
			return err
		}
		return imp.finish(tx, "visit", imp.d)
	})
	if err != nil {
		return 0, dbErr(err, "import visits")
	}
	return imp.written, nil
}

// visitImport is one visit import under way.
type visitImport struct {
	*importRun
	d Deltas
}

// parse checks a row as a single visit is checked.
func (imp *visitImport) parse(n int, cells []string, fields map[string]string) (Visit, rowMeta) {
	pre := imp.pre
	clear(pre)
	cell := func(field string) string { return imp.is.cell(cells, field) }
	in := VisitInput{
		On:    importDate("on", cell("on"), pre),
		City:  importCity(imp.a, cell("city"), pre),
		Kind:  importLabel("kind", "走访类型", cell("kind"), VisitKinds, visitKindAliases, pre),
		Place: cell("place"),
		Items: importItems(cell("items"), pre),
	}
	if _, bad := pre["items"]; bad {
		in.Items = []string{"policy"} // the cell's own problem is reported, not "required"
	}
	v := BuildVisit(in, imp.today, fields)
	for k, msg := range pre {
		fields[k] = msg
	}
	v.Organisation, v.CreatedBy = imp.a.Organisation, imp.createdBy
	return *v, rowMeta{}
}

// write writes a batch while no row of the file has failed; after the first
// failure it only keeps checking, and the transaction is rolled back.
func (imp *visitImport) write(tx *gorm.DB, b *pending[Visit]) error {
	for i, m := range b.meta {
		imp.failed = imp.failed || !m.clean
		if msg := lockedMonthError(imp.locked, b.recs[i].City, b.recs[i].On); msg != "" {
			imp.found.add(m.row, "on", msg)
			imp.failed = true
		}
	}
	if imp.failed {
		return nil
	}
	for i := range b.recs {
		imp.cities[b.recs[i].City] = true
	}
	imp.written += len(b.recs)
	return imp.s.insertVisits(tx, b.recs, imp.d)
}

var visitColumns = []string{"visited_on", "city", "kind", "place", "items", "organisation", "created_by", "created_at"}

// insertVisits writes checked visits in batches and adds them to d.
func (s *Store) insertVisits(tx *gorm.DB, vs []Visit, d Deltas) error {
	now := s.now()
	return bulkInsert(tx, s.Dialect, "visits", visitColumns, len(vs), func(i int, args []any) []any {
		v := &vs[i]
		visitDeltas(d, v, +1)
		return append(args, v.On.String(), v.City, v.Kind, v.Place, v.Items, v.Organisation, nullID(v.CreatedBy), now)
	})
}

// DemoVisits records generated visits in bulk in one transaction, through
// the import's write path; a visit's items are taken from ItemCodes. progress
// hears how many rows went in.
func (s *Store) DemoVisits(ctx context.Context, vs []Visit, progress func(int)) error {
	for i := range vs {
		vs[i].Items = joinCodes(VisitItems, vs[i].ItemCodes)
	}
	err := s.cachedTx(ctx, demoCache, func(tx *gorm.DB) error {
		d := Deltas{}
		for start := 0; start < len(vs); start += demoSlice {
			end := min(start+demoSlice, len(vs))
			if err := s.insertVisits(tx, vs[start:end], d); err != nil {
				return err
			}
			if progress != nil {
				progress(end - start)
			}
		}
		return d.apply(tx)
	})
	return dbErr(err, "write demo visits")
}
