package models

// The fixed vocabulary of the contract: cities, programmes, person groups and
// education levels. The seeds write them into their tables so that foreign
// keys hold in the database too.

// City is one of Liaoning's 14 prefecture-level cities.
type City struct {
	Name string `json:"name"`
	// Code is the city's administrative division code prefix, as in ID numbers.
	Code string `json:"code"`
}

// Label is a code with its Chinese name.
type Label struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Cities of Liaoning in the order of the official division codes.
var Cities = []City{
	{"沈阳市", "2101"}, {"大连市", "2102"}, {"鞍山市", "2103"}, {"抚顺市", "2104"},
	{"本溪市", "2105"}, {"丹东市", "2106"}, {"锦州市", "2107"}, {"营口市", "2108"},
	{"阜新市", "2109"}, {"辽阳市", "2110"}, {"盘锦市", "2111"}, {"铁岭市", "2112"},
	{"朝阳市", "2113"}, {"葫芦岛市", "2114"},
}

// Programmes are the campaigns a fair can belong to.
var Programmes = []Label{
	{"chunnuan", "春暖辽沈·援企护航"},
	{"graduates", "高校毕业生就业攻坚"},
	{"key_groups", "重点群体就业服务攻坚季"},
	{"veterans", "退役军人专场"},
	{"public_service", "公共人力资源服务机构招聘"},
	{"new_forms", "新就业形态劳动者专场"},
}

// Groups are the person groups a placement may belong to.
var Groups = []Label{
	{"graduate", "高校毕业生"},
	{"rural_migrant", "农村转移劳动力"},
	{"poverty_alleviated", "脱贫人口"},
	{"reemployed", "失业人员再就业"},
	{"hard_to_employ", "就业困难人员"},
	{"veteran", "退役军人"},
	{"disabled", "残疾人"},
}

// Educations are the education requirements of a vacancy.
var Educations = []Label{
	{"any", "不限"},
	{"junior_high", "初中"},
	{"senior_high", "高中/中专"},
	{"college", "大专"},
	{"bachelor", "本科"},
	{"master", "硕士"},
	{"doctor", "博士"},
}

// FairModes are the ways a fair is held.
var FairModes = []Label{
	{"onsite", "现场"},
	{"online", "线上"},
	{"livestream", "直播带岗"},
}

// IsCity reports whether name is one of the 14 cities.
func IsCity(name string) bool {
	for _, c := range Cities {
		if c.Name == name {
			return true
		}
	}
	return false
}

// CityByCode finds the city whose division code starts an ID number or code.
func CityByCode(code string) (City, bool) {
	for _, c := range Cities {
		if len(code) >= 4 && code[:4] == c.Code {
			return c, true
		}
	}
	return City{}, false
}

// FindLabel looks a code up in a list; the Chinese name is accepted too, so
// that spreadsheets may carry either.
func FindLabel(list []Label, codeOrName string) (Label, bool) {
	for _, l := range list {
		if l.Code == codeOrName || l.Name == codeOrName {
			return l, true
		}
	}
	return Label{}, false
}

// HasCode reports whether code is in list.
func HasCode(list []Label, code string) bool {
	for _, l := range list {
		if l.Code == code {
			return true
		}
	}
	return false
}

// CityNames are the names of the 14 cities, in the official order.
func CityNames() []string {
	out := make([]string, len(Cities))
	for i, c := range Cities {
		out[i] = c.Name
	}
	return out
}

// LabelNames are the Chinese names of a list, in order.
func LabelNames(list []Label) []string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = l.Name
	}
	return out
}
