package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
)

// registerSystemPages registers the administrators' pages (三员分立): users
// for the system and security administrators; units, the working-day
// calendar and message channels for the system administrator.
func (s *Server) registerSystemPages() {
	s.mux.Handle("GET /users", s.page(s.usersPage, false))
	s.mux.Handle("POST /users", s.page(s.usersPage, false))
	s.mux.Handle("GET /users/{id}", s.page(s.userPage, false))
	s.mux.Handle("POST /users/{id}", s.page(s.userPage, false))
	s.mux.Handle("GET /units", s.page(s.unitsPage, false))
	s.mux.Handle("POST /units", s.page(s.unitsPage, false))
	s.mux.Handle("GET /units/{id}", s.page(s.unitPage, false))
	s.mux.Handle("POST /units/{id}", s.page(s.unitPage, false))
	s.mux.Handle("GET /calendar", s.page(s.calendarPage, false))
	s.mux.Handle("POST /calendar", s.page(s.calendarPage, false))
	s.mux.Handle("GET /channels", s.page(s.channelsPage, false))
	s.mux.Handle("POST /channels", s.page(s.channelsPage, false))
	s.mux.Handle("POST /channels/{id}", s.page(s.channelPost, false))
	s.mux.Handle("GET /deliveries", s.page(s.deliveriesPage, false))
	s.registerNoticePages()
	s.registerRatesPages()
}

// sysRequireUsers refuses everyone but the system and security administrators.
func sysRequireUsers(r *http.Request) error {
	if p := principal(r); p.Role != duban.RoleAdmin && p.Role != duban.RoleSecAdmin {
		return duban.ErrForbidden("管理用户（由系统管理员和安全管理员负责）")
	}
	return nil
}

// userRow is a line of the users table.
type userRow struct {
	duban.User
	Unit        string
	LockedUntil *time.Time
}

// userValues are a user form's inputs, kept to show again on an error.
type userValues struct {
	Username, DisplayName, Role, Email, Phone string
	Unit                                      int64
}

// usersData is the users page.
type usersData struct {
	Base
	Users     []userRow
	Units     []unitOption
	Roles     []duban.Role // what the role filter offers
	NewRoles  []duban.Role // what a new account may be
	CanCreate bool
	Rules     string // the password policy, in words
	Filter    userValues
	Form      userValues
	Error     string
	Fields    map[string]string
	More      string
}

// unitOption is a unit in a picker, indented under its parent.
type unitOption struct {
	ID    int64
	Label string
	Depth int
}

var (
	allRoles = []duban.Role{duban.RoleAdmin, duban.RoleSecAdmin, duban.RoleAuditor, duban.RoleLead, duban.RoleLiaison, duban.RoleLeader, duban.RoleInspector, duban.RoleExpert}
	newRoles = []duban.Role{duban.RoleLiaison, duban.RoleLead, duban.RoleLeader, duban.RoleInspector, duban.RoleExpert}
)

// usersPage lists the accounts and, for the system administrator, creates them.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	if err := sysRequireUsers(r); err != nil {
		return err
	}
	p := principal(r)
	data := usersData{Base: s.base(r, "sys.users.title"), Roles: allRoles, NewRoles: newRoles, CanCreate: p.Role == duban.RoleAdmin,
		Form: userValues{Role: string(duban.RoleLiaison)}}
	data.Rules = passwordRules(data.Lang, s.db.PasswordPolicy())
	status := http.StatusOK
	if r.Method == http.MethodPost {
		v := userValues{Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
			Role: r.PostFormValue("role"), Email: strings.TrimSpace(r.PostFormValue("email")), Phone: strings.TrimSpace(r.PostFormValue("phone")), Unit: admFormID(r.PostFormValue("unit_id"))}
		u := &duban.User{Username: v.Username, DisplayName: v.DisplayName, Role: duban.Role(v.Role), Email: v.Email, Phone: v.Phone}
		if v.Unit != 0 {
			u.UnitID = &v.Unit
		}
		err := s.db.CreateUser(r.Context(), p, u, r.PostFormValue("password"))
		if err == nil {
			return admDone(w, r, admT(r, "sys.flash.usercreated", u.Username), fmt.Sprintf("/users/%d", u.ID))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, status = v, admStatus(err)
		data.Error, data.Fields = formError(lang(r), err)
	}
	if err := s.fillUsers(r, &data); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "users.html", data)
}

// fillUsers reads the filter and one page of accounts.
func (s *Server) fillUsers(r *http.Request, data *usersData) error {
	ctx, q := r.Context(), r.URL.Query()
	units, names, err := s.unitOptions(r)
	if err != nil {
		return err
	}
	data.Units = units
	data.Filter = userValues{Username: strings.TrimSpace(q.Get("q")), Role: q.Get("role"), Unit: admFormID(q.Get("unit"))}
	f := duban.UserFilter{Role: duban.Role(data.Filter.Role), Text: data.Filter.Username, Page: duban.Page{Limit: 100, Cursor: q.Get("cursor")}}
	if data.Filter.Unit != 0 {
		f.UnitID = &data.Filter.Unit
	}
	list, err := s.db.ListUsers(ctx, principal(r), f)
	if err != nil {
		return err
	}
	for _, u := range list.Items {
		row := userRow{User: u}
		if u.UnitID != nil {
			row.Unit = names[*u.UnitID]
		}
		if row.LockedUntil, err = s.db.LockedUntil(ctx, u.Username); err != nil {
			return err
		}
		data.Users = append(data.Users, row)
	}
	if list.NextCursor != "" {
		q.Set("cursor", list.NextCursor)
		data.More = "/users?" + q.Encode()
	}
	return nil
}

// unitOptions lists every unit in tree order, and their short names by id.
func (s *Server) unitOptions(r *http.Request) ([]unitOption, map[int64]string, error) {
	units, err := s.adminUnits(r)
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	var out []unitOption
	for _, u := range unitTree(units) {
		names[u.ID] = u.ShortName
		out = append(out, unitOption{ID: u.ID, Label: u.Name, Depth: u.depth})
	}
	return out, names, nil
}

// userData is one account's page.
type userData struct {
	Base
	Account     duban.User
	Unit        string
	UnitID      int64 // 0: none
	LockedUntil *time.Time
	Units       []unitOption
	Roles       []duban.Role
	// What the caller may do here, by duban.Principal.CanUpdateUser.
	CanProfile, CanUnit, CanDisable, CanRole, CanPassword, CanUnlock bool
	// CanResetTOTP: the security administrator removes a second factor (a lost phone).
	CanResetTOTP bool
	Rules        string // the password policy, in words
	Failed       string // the form that failed
	Error        string
	Fields       map[string]string
}

// userPage shows one account and changes it, one form (op) at a time.
func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	if err := sysRequireUsers(r); err != nil {
		return err
	}
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	status, failed, failure := http.StatusOK, "", error(nil)
	if r.Method == http.MethodPost {
		op := r.PostFormValue("op")
		msg, err := s.changeUser(r, id, op)
		if err == nil {
			return admDone(w, r, msg, fmt.Sprintf("/users/%d", id))
		}
		if !admFormFailure(err) {
			return err
		}
		status, failed, failure = admStatus(err), op, err
	}
	u, err := s.db.FindUser(ctx, p, id)
	if err != nil {
		return err
	}
	data := userData{Base: s.base(r, "sys.user.title"), Account: *u, Roles: allRoles, Failed: failed}
	data.Title = u.DisplayName + " · " + data.Title
	data.Rules = passwordRules(data.Lang, s.db.PasswordPolicy())
	if failure != nil {
		data.Error, data.Fields = formError(lang(r), failure)
	}
	units, names, err := s.unitOptions(r)
	if err != nil {
		return err
	}
	data.Units = units
	if u.UnitID != nil {
		data.Unit, data.UnitID = names[*u.UnitID], *u.UnitID
	}
	if data.LockedUntil, err = s.db.LockedUntil(ctx, u.Username); err != nil {
		return err
	}
	str, yes, unit, role := "", true, int64(0), duban.RoleLiaison
	data.CanProfile = p.CanUpdateUser(u, duban.UserUpdate{DisplayName: &str}) == nil && p.Role == duban.RoleAdmin
	data.CanUnit = p.CanUpdateUser(u, duban.UserUpdate{UnitID: &unit}) == nil
	data.CanDisable = p.CanUpdateUser(u, duban.UserUpdate{Disabled: &yes}) == nil && p.UserID != u.ID
	data.CanRole = p.CanUpdateUser(u, duban.UserUpdate{Role: &role}) == nil
	data.CanPassword = p.CanUpdateUser(u, duban.UserUpdate{Password: &str}) == nil && p.UserID != u.ID
	data.CanUnlock = p.ManagesSecurity() && data.LockedUntil != nil
	data.CanResetTOTP = p.ManagesSecurity() && u.TOTPEnabled
	return s.renderAdm(w, r, status, "user.html", data)
}

// changeUser applies one form of the account page; it returns the message
// to flash.
func (s *Server) changeUser(r *http.Request, id int64, op string) (string, error) {
	ctx, p := r.Context(), principal(r)
	if op == "unlock" {
		return admT(r, "sys.flash.unlocked"), s.db.Unlock(ctx, p, id)
	}
	if op == "totp-reset" {
		return translate(lang(r), "totp.reset.done"), s.db.ResetTOTP(ctx, p, id)
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	f := func(k string) *string { v := strings.TrimSpace(r.PostFormValue(k)); return &v }
	var up duban.UserUpdate
	msg := admT(r, "sys.flash.saved")
	switch op {
	case "profile":
		up.DisplayName, up.Email, up.Phone = f("display_name"), f("email"), f("phone")
	case "unit":
		unit := admFormID(r.PostFormValue("unit_id"))
		up.UnitID = &unit
		msg = admT(r, "sys.flash.moved")
	case "disable", "enable":
		off := op == "disable"
		up.Disabled = &off
		msg = admT(r, "sys.flash."+op+"d")
	case "role":
		role := duban.Role(r.PostFormValue("role"))
		up.Role = &role
	case "password":
		pw := r.PostFormValue("password")
		if pw != r.PostFormValue("password2") {
			return "", &duban.Error{Code: duban.Invalid, Message: admT(r, "sys.err.mismatch"), Fields: map[string]string{"password2": admT(r, "sys.err.mismatch")}}
		}
		up.Password = &pw
		msg = admT(r, "sys.flash.password")
	default:
		return "", duban.Errorf(duban.Invalid, "未知的操作“%s”", op)
	}
	_, err := s.db.UpdateUser(ctx, p, id, version, up)
	return msg, err
}

// passwordRules describes the password policy in the page's language.
func passwordRules(lang string, p duban.PasswordPolicy) string {
	if lang != "en" {
		return p.Rules()
	}
	s := fmt.Sprintf("At least %d characters with %d of upper case, lower case, digits and other symbols; not containing the username", p.MinLength, p.Classes)
	if p.History > 0 {
		s += fmt.Sprintf("; not one of the last %d passwords", p.History)
	}
	return s + "."
}
