package models

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	zhtrans "github.com/go-playground/validator/v10/translations/zh"
)

// checker validates request structs: every bad field in one pass, in Chinese,
// keyed by the JSON field name.
var checker, translator = newChecker()

func newChecker() (*validator.Validate, ut.Translator) {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	zhLocale := zh.New()
	trans, _ := ut.New(zhLocale, zhLocale).GetTranslator("zh")
	if err := zhtrans.RegisterDefaultTranslations(v, trans); err != nil {
		panic(err)
	}
	custom := []struct {
		tag, msg string
		fn       validator.Func
	}{
		{"city", "{0}必须是辽宁省14个地级市之一", func(fl validator.FieldLevel) bool { return IsCity(fl.Field().String()) }},
		{"city_or_province", "{0}必须是辽宁省14个地级市之一或留空（全省）", func(fl validator.FieldLevel) bool {
			s := fl.Field().String()
			return s == "" || IsCity(s)
		}},
		{"programme", "{0}不是有效的专项活动代码", func(fl validator.FieldLevel) bool { return HasCode(Programmes, fl.Field().String()) }},
		{"group", "{0}不是有效的人员类别代码", func(fl validator.FieldLevel) bool { return HasCode(Groups, fl.Field().String()) }},
		{"education", "{0}不是有效的学历要求", func(fl validator.FieldLevel) bool { return HasCode(Educations, fl.Field().String()) }},
		{"fair_mode", "{0}必须是 onsite、online 或 livestream", func(fl validator.FieldLevel) bool { return HasCode(FairModes, fl.Field().String()) }},
		{"role", "{0}必须是 admin、official、organiser 或 employer", func(fl validator.FieldLevel) bool { return HasCode(Roles, fl.Field().String()) }},
		{"organisation_kind", "{0}必须是 public_service、university、hr_agency 或 other", func(fl validator.FieldLevel) bool {
			return HasCode(OrganisationKinds, fl.Field().String())
		}},
		{"fair_kind", "{0}必须是 special（专场）或 general（综合）", func(fl validator.FieldLevel) bool { return HasCode(FairKinds, fl.Field().String()) }},
		{"visit_kind", "{0}必须是 enterprise、campus、community 或 village", func(fl validator.FieldLevel) bool { return HasCode(VisitKinds, fl.Field().String()) }},
		{"graduate_education", "{0}必须是 college（大专）、bachelor（本科）、master（硕士）或 doctor（博士）", func(fl validator.FieldLevel) bool {
			return HasCode(GraduateEducations, fl.Field().String())
		}},
		{"contact_channel", "{0}必须是 phone（电话）、visit（上门）、online（网络）或 sms（短信）", func(fl validator.FieldLevel) bool {
			return HasCode(ContactChannels, fl.Field().String())
		}},
		{"service_kind", "{0}必须是 policy、guidance、job_referral、training 或 internship", func(fl validator.FieldLevel) bool {
			return HasCode(ServiceKinds, fl.Field().String())
		}},
		{"visit_item", "{0}不是有效的服务内容，应为 policy、jobs 或 services", func(fl validator.FieldLevel) bool { return HasCode(VisitItems, fl.Field().String()) }},
		{"credit_code", "统一社会信用代码校验位错误", func(fl validator.FieldLevel) bool {
			return ValidateCreditCode(NormalizeCreditCode(fl.Field().String())) == nil
		}},
		{"notblank", "{0}不能为空", func(fl validator.FieldLevel) bool { return strings.TrimSpace(fl.Field().String()) != "" }},
	}
	for _, c := range custom {
		if err := v.RegisterValidation(c.tag, c.fn); err != nil {
			panic(err)
		}
		msg := c.msg
		_ = v.RegisterTranslation(c.tag, trans,
			func(u ut.Translator) error { return u.Add(c.tag, msg, true) },
			func(u ut.Translator, fe validator.FieldError) string {
				t, _ := u.T(fe.Tag(), fe.Field())
				return t
			})
	}
	// validator's zh translations have none for unique: without one the
	// client would read validator's English internals.
	if err := v.RegisterTranslation("unique", trans,
		func(u ut.Translator) error { return u.Add("unique", "{0}不能包含重复的值", true) },
		func(u ut.Translator, fe validator.FieldError) string {
			t, _ := u.T("unique", fe.Field())
			return t
		}); err != nil {
		panic(err)
	}
	return v, trans
}

// CheckStruct validates v by the text rules (see CheckText) and its
// `validate` tags and returns the bad fields, keyed by JSON name (nested as
// parent.child, list items as list[0]).
func CheckStruct(v any) map[string]string {
	fields := CheckText(v)
	err := checker.Struct(v)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return fields
	}
	for _, fe := range verrs {
		ns := fe.Namespace()
		if i := strings.IndexByte(ns, '.'); i >= 0 {
			ns = ns[i+1:]
		}
		if _, dup := fields[ns]; !dup {
			msg := fe.Translate(translator)
			// A list item is named like programmes[1]: label it by its list.
			base, index, isItem := strings.Cut(fe.Field(), "[")
			if label, ok := FieldLabels[base]; ok {
				if isItem {
					label += "中的第" + itemNumber(strings.TrimSuffix(index, "]")) + "项"
				}
				msg = strings.Replace(msg, fe.Field(), label, 1)
			}
			fields[ns] = msg
		}
	}
	return fields
}

// itemNumber turns a 0-based list index into the 1-based number people count by.
func itemNumber(index string) string {
	n, err := strconv.Atoi(index)
	if err != nil {
		return index
	}
	return strconv.Itoa(n + 1)
}

// FieldLabels are the Chinese names of JSON fields, used in messages.
var FieldLabels = map[string]string{
	"name": "名称", "credit_code": "统一社会信用代码", "city": "城市", "industry": "行业",
	"title": "名称", "venue": "地点", "starts_at": "开始时间", "ends_at": "结束时间", "mode": "举办形式",
	"programmes": "专项活动", "status": "状态", "visitors": "入场人数", "employers_attended": "参会单位数",
	"posts_offered": "提供岗位数", "intents": "达成意向数", "employer_id": "用人单位", "headcount": "招聘人数",
	"for_graduates": "面向高校毕业生", "fair_id": "招聘会", "posted_on": "发布日期", "salary_min": "最低月薪",
	"salary_max": "最高月薪", "education": "学历要求", "person_name": "姓名", "id_number": "身份证号",
	"groups": "人员类别", "job_id": "岗位", "placed_on": "就业日期", "username": "用户名", "password": "密码",
	"role": "角色", "organisation": "所属机构", "code": "目标代码", "scope": "范围", "year_from": "起始年份",
	"year_to": "截止年份", "target": "目标值", "unit": "单位", "comparison": "比较方式", "source": "数据来源",
	"kind": "类型", "period": "期间", "value": "数值", "source_text": "原文",
	"organisation_kind": "机构类型", "on": "走访日期", "place": "走访地点", "items": "服务内容",
	"school": "毕业院校", "major": "专业", "graduation_year": "毕业年份", "phone": "手机号",
	"needy_family": "困难家庭", "wants_job": "有就业意愿", "registered_on": "登记日期", "channel": "回访方式",
	"reached": "是否联系上", "note": "备注", "description": "岗位描述", "contact_name": "联系人", "contact_phone": "联系电话",
	"consent": "同意", "ticket": "入场票号", "reason": "理由", "ids": "报名记录",
	"q": "搜索词", "action": "操作类型", "record_type": "记录类型", "old_password": "原密码", "new_password": "新密码",
}
