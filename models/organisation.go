package models

// Organisation kinds of organiser accounts. The plan counts the recruitment
// events of public human-resources service organisations
// (公共人力资源服务机构举办招聘活动): only they may hold a fair under the
// public_service programme.
const (
	OrgPublicService = "public_service"
	OrgUniversity    = "university"
	OrgHRAgency      = "hr_agency"
	OrgOther         = "other"
)

// OrganisationKinds lists the kinds of organisers, with their Chinese names.
var OrganisationKinds = []Label{
	{OrgPublicService, "公共人力资源服务机构"},
	{OrgUniversity, "高校"},
	{OrgHRAgency, "经营性人力资源服务机构"},
	{OrgOther, "其他"},
}

// ProgrammePublicService is the programme of public-service fairs.
const ProgrammePublicService = "public_service"

// mayHoldPublicService reports whether the actor may give a fair the
// public_service programme: admins, and organisers that are public
// human-resources service organisations.
func (a Actor) mayHoldPublicService() bool {
	return a.Is(RoleAdmin) || a.Is(RoleOrganiser) && a.OrganisationKind == OrgPublicService
}

// checkProgrammes refuses programmes the actor may not give a fair: before
// are the fair's programmes so far (none for a new fair), after the ones
// asked for. A fair that already has public_service keeps it whoever edits it.
func (a Actor) checkProgrammes(fields map[string]string, before, after []string) {
	if _, bad := fields["programmes"]; bad || a.mayHoldPublicService() {
		return
	}
	if hasString(after, ProgrammePublicService) && !hasString(before, ProgrammePublicService) {
		fields["programmes"] = "只有公共人力资源服务机构可以举办「公共人力资源服务机构招聘」专项活动"
	}
}

// organisationKindOf is the kind an account of role keeps: organisers one of
// OrganisationKinds ("other" unless set), everyone else none. A kind asked for
// an account that is not an organiser is a bad field.
func organisationKindOf(fields map[string]string, role, current string, asked *string) string {
	if role != RoleOrganiser {
		if asked != nil && *asked != "" {
			if _, bad := fields["organisation_kind"]; !bad {
				fields["organisation_kind"] = "只有招聘会主办方账号可以设置机构类型"
			}
		}
		return ""
	}
	kind := current
	if asked != nil {
		kind = *asked
	}
	if kind == "" {
		kind = OrgOther
	}
	return kind
}
