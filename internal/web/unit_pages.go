package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// treeUnit is a unit with its depth in the tree of units.
type treeUnit struct {
	duban.Unit
	depth int
}

// unitTree orders units as their tree reads: each under its parent, by
// sort and id; units whose parent is missing start a tree of their own.
func unitTree(units []duban.Unit) []treeUnit {
	known := map[int64]bool{}
	for _, u := range units {
		known[u.ID] = true
	}
	children := map[int64][]duban.Unit{}
	for _, u := range units {
		parent := int64(0)
		if u.ParentID != nil && known[*u.ParentID] {
			parent = *u.ParentID
		}
		children[parent] = append(children[parent], u)
	}
	var out []treeUnit
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		kids := children[parent]
		slices.SortStableFunc(kids, func(a, b duban.Unit) int {
			if a.Sort != b.Sort {
				return a.Sort - b.Sort
			}
			return int(a.ID - b.ID)
		})
		for _, u := range kids {
			out = append(out, treeUnit{Unit: u, depth: depth})
			if depth < 16 {
				walk(u.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	return out
}

// unitKindsShown are the kinds of unit in the order the pickers offer them.
var unitKindsShown = []duban.UnitKind{duban.UnitDepartment, duban.UnitParty, duban.UnitGovernment, duban.UnitCity, duban.UnitUniversity, duban.UnitEnterprise, duban.UnitDivision, duban.UnitOther}

// unitRow is a line of the units table.
type unitRow struct {
	duban.Unit
	Depth  int
	Parent string
	Users  int
}

// unitValues are a unit form's inputs.
type unitValues struct {
	Name, ShortName, Kind, Sort string
	Parent                      int64
	Version                     int
}

type unitsData struct {
	Base
	Units   []unitRow
	Parents []unitOption
	Kinds   []duban.UnitKind
	Form    unitValues
	Error   string
	Fields  map[string]string
}

// unitsPage lists the units as a tree and creates them: the system
// administrator's.
func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if err := p.RequireAdmin("管理单位（由系统管理员负责）"); err != nil {
		return err
	}
	data := unitsData{Base: s.base(r, "sys.units.title"), Kinds: unitKindsShown, Form: unitValues{Kind: string(duban.UnitDepartment)}}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		v, u, err := unitForm(r)
		if err == nil {
			err = s.db.CreateUnit(r.Context(), p, u)
		}
		if err == nil {
			return admDone(w, r, admT(r, "sys.flash.unitcreated", u.Name), fmt.Sprintf("/units#unit-%d", u.ID))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, status = v, admStatus(err)
		data.Error, data.Fields = formError(lang(r), err)
	}
	units, err := s.adminUnits(r)
	if err != nil {
		return err
	}
	counts, err := s.usersPerUnit(r)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.ShortName
	}
	for _, u := range unitTree(units) {
		data.Parents = append(data.Parents, unitOption{ID: u.ID, Label: u.Name, Depth: u.depth})
		row := unitRow{Unit: u.Unit, Depth: u.depth, Users: counts[u.ID]}
		if u.ParentID != nil {
			row.Parent = names[*u.ParentID]
		}
		data.Units = append(data.Units, row)
	}
	return s.renderAdm(w, r, status, "units.html", data)
}

// unitForm reads a unit form; Invalid when the sort is not a number.
func unitForm(r *http.Request) (unitValues, *duban.Unit, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := unitValues{Name: f("name"), ShortName: f("short_name"), Kind: f("kind"), Sort: f("sort"), Parent: admFormID(f("parent_id"))}
	v.Version, _ = strconv.Atoi(f("version"))
	c := newAdmChecks(r)
	u := &duban.Unit{Name: v.Name, ShortName: v.ShortName, Kind: duban.UnitKind(v.Kind), Sort: c.num("sort", v.Sort)}
	if v.Parent != 0 {
		u.ParentID = &v.Parent
	}
	return v, u, c.err(func() error { x := *u; return x.Validate() })
}

// usersPerUnit counts the accounts of each unit.
func (s *Server) usersPerUnit(r *http.Request) (map[int64]int, error) {
	users, err := adminAll(func(pg duban.Page) (duban.List[duban.User], error) {
		return s.db.ListUsers(r.Context(), principal(r), duban.UserFilter{Page: pg})
	})
	out := map[int64]int{}
	for _, u := range users {
		if u.UnitID != nil {
			out[*u.UnitID]++
		}
	}
	return out, err
}

type unitData struct {
	Base
	Unit    duban.Unit
	Parents []unitOption
	Users   []duban.User
	Kinds   []duban.UnitKind
	Form    unitValues
	Error   string
	Fields  map[string]string
}

// unitPage edits a unit (names, kind, place in the tree) and lists its
// accounts, each a link to the page that moves it to another unit.
func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	if err := p.RequireAdmin("管理单位（由系统管理员负责）"); err != nil {
		return err
	}
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.db.FindUnit(ctx, id)
	if err != nil {
		return err
	}
	data := unitData{Base: s.base(r, "sys.unit.title"), Unit: *u, Kinds: unitKindsShown,
		Form: unitValues{Name: u.Name, ShortName: u.ShortName, Kind: string(u.Kind), Sort: strconv.Itoa(u.Sort), Version: u.Version}}
	data.Title = u.ShortName + " · " + data.Title
	if u.ParentID != nil {
		data.Form.Parent = *u.ParentID
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		v, x, err := unitForm(r)
		if err == nil {
			parent := v.Parent
			_, err = s.db.UpdateUnit(ctx, p, id, v.Version, duban.UnitUpdate{Name: &x.Name, ShortName: &x.ShortName, Kind: &x.Kind, Sort: &x.Sort, ParentID: &parent})
		}
		if err == nil {
			return admDone(w, r, admT(r, "sys.flash.saved"), fmt.Sprintf("/units/%d", id))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, status = v, admStatus(err)
		data.Error, data.Fields = formError(lang(r), err)
	}
	opts, _, err := s.unitOptions(r)
	if err != nil {
		return err
	}
	for _, o := range opts {
		if o.ID != id {
			data.Parents = append(data.Parents, o)
		}
	}
	if data.Users, err = adminAll(func(pg duban.Page) (duban.List[duban.User], error) {
		return s.db.ListUsers(ctx, p, duban.UserFilter{UnitID: &id, Page: pg})
	}); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "unit.html", data)
}
