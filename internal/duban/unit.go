package duban

import (
	"strings"
	"time"
)

// UnitKind tells what sort of body a unit is.
type UnitKind string

// Unit kinds.
const (
	UnitParty      UnitKind = "party"      // 党委、工委、党组
	UnitGovernment UnitKind = "government" // 省政府、市政府
	UnitDepartment UnitKind = "department" // 省直部门
	UnitCity       UnitKind = "city"       // 地市、示范区
	UnitUniversity UnitKind = "university"
	UnitEnterprise UnitKind = "enterprise"
	UnitDivision   UnitKind = "division" // 处室
	UnitOther      UnitKind = "other"
)

var unitKinds = map[UnitKind]string{
	UnitParty: "党委（党组）", UnitGovernment: "政府", UnitDepartment: "部门", UnitCity: "地市",
	UnitUniversity: "高校", UnitEnterprise: "企业", UnitDivision: "处室", UnitOther: "其他",
}

// Unit is an organisational unit (单位); units form a tree.
type Unit struct {
	ID        int64     `json:"id"`
	ParentID  *int64    `json:"parent_id"`
	Name      string    `json:"name"`       // full name, e.g. 陕西省财政厅
	ShortName string    `json:"short_name"` // e.g. 省财政厅
	Kind      UnitKind  `json:"kind"`
	Sort      int       `json:"sort"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnitRef names a unit inside another record.
type UnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Validate checks a unit before it is written.
func (u *Unit) Validate() error {
	p := Problems{}
	u.Name = strings.TrimSpace(u.Name)
	u.ShortName = strings.TrimSpace(u.ShortName)
	if u.Name == "" {
		p.Add("name", "请填写单位全称")
	}
	if len([]rune(u.Name)) > 100 {
		p.Add("name", "单位全称不能超过100个字")
	}
	if u.ShortName == "" {
		u.ShortName = u.Name
	}
	if u.Kind == "" {
		u.Kind = UnitOther
	}
	if _, ok := unitKinds[u.Kind]; !ok {
		p.Add("kind", "单位类型无效，应为 party、government、department、city、university、enterprise、division 或 other")
	}
	if u.ParentID != nil && *u.ParentID == u.ID && u.ID != 0 {
		p.Add("parent_id", "上级单位不能是本单位")
	}
	return p.Err()
}

// UnitFilter selects units.
type UnitFilter struct {
	ParentID *int64
	Text     string
	Page
}

// UnitUpdate holds the optional changes to a unit.
type UnitUpdate struct {
	ParentID  *int64    `json:"parent_id"`
	Name      *string   `json:"name"`
	ShortName *string   `json:"short_name"`
	Kind      *UnitKind `json:"kind"`
	Sort      *int      `json:"sort"`
}

// Apply copies the set fields of up onto u.
func (up UnitUpdate) Apply(u *Unit) {
	setPtr(&u.Name, up.Name)
	setPtr(&u.ShortName, up.ShortName)
	setPtr(&u.Kind, up.Kind)
	setPtr(&u.Sort, up.Sort)
	if up.ParentID != nil {
		if *up.ParentID == 0 {
			u.ParentID = nil
		} else {
			u.ParentID = up.ParentID
		}
	}
}

func setPtr[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// Page asks for one page of a list: after the cursor, at most Limit rows.
// Lists are paged by keyset, so that a page costs the same however deep it
// is and no request counts every matching row.
type Page struct {
	Cursor string // opaque: the next_cursor of the previous page, or ""
	Limit  int
}

// List is one page of results and the cursor of the next page ("" at the end).
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// MaxPageLimit is the most rows one page of a list may ask for; the API
// refuses a larger limit (422) rather than quietly giving fewer.
const MaxPageLimit = 500

// PageLimit returns a limit within 1..MaxPageLimit, 50 by default.
func (p Page) PageLimit() int {
	switch {
	case p.Limit <= 0:
		return 50
	case p.Limit > MaxPageLimit:
		return MaxPageLimit
	}
	return p.Limit
}
