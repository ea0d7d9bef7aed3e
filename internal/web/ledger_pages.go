package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// registerLedgerPages registers the ledger pages: the ledger tree and its
// filtered list, the assignment page with the forms of each role, and the
// download of evidence files with the session.
func (s *Server) registerLedgerPages() {
	s.mux.Handle("GET /ledger", s.page(s.ledgerPage, false))
	s.mux.Handle("GET /ledger/level", s.page(s.ledgerLevelPage, false))
	s.mux.Handle("GET /ledger/export.xlsx", s.page(s.ledgerExport, false))
	s.mux.Handle("POST /ledger/bulk", s.page(s.ledgerBulk, false))
	s.mux.Handle("GET /assignments/{id}", s.page(s.ledgerAssignmentPage, false))
	s.mux.Handle("GET /attachments/{id}", s.page(s.ledgerAttachment, false))
	post := func(path, form string, act ledgerAct) {
		s.mux.Handle("POST /assignments/{id}/"+path, s.page(s.ledgerPost(form, act), false))
	}
	post("reports", "report", s.ledgerActReport)
	post("reports/{sub}/revise", "revise", s.ledgerActRevise)
	post("reports/{sub}/review", "review", s.ledgerActReview)
	post("do/{action}", "", s.ledgerActTransition)
	post("escalations", "escalate", s.ledgerActEscalate)
	post("escalations/{sub}/reply", "reply", s.ledgerActReply)
	post("extensions", "extension", s.ledgerActExtension)
	post("extensions/{sub}/decide", "decide", s.ledgerActDecide)
	post("lookbacks", "lookback", s.ledgerActSchedule)
	post("lookbacks/{sub}/result", "result", s.ledgerActLookback)
}

// ledgerFilter is the ledger's GET form, kept in the URL.
type ledgerFilter struct {
	Plan, Unit                    int64
	Status, Light, From, To, Text string
	Sort                          string // "" deadline first to last, "-due" latest first
}

// Flat reports whether a filter other than the plan is set: the ledger is
// then a flat list of assignments instead of the tree.
func (f ledgerFilter) Flat() bool {
	return f.Unit != 0 || f.Status != "" || f.Light != "" || f.From != "" || f.To != "" || f.Text != ""
}

// url returns the ledger's address for f at a page cursor.
func (f ledgerFilter) url(cursor string) string { return "/ledger?" + f.query(cursor, "").Encode() }

// query is the ledger's query for f at a page cursor, with back the
// cursors of the pages before it (ledgerBack).
func (f ledgerFilter) query(cursor, back string) url.Values {
	q := url.Values{}
	q.Set("plan", strconv.FormatInt(f.Plan, 10))
	if f.Unit != 0 {
		q.Set("unit", strconv.FormatInt(f.Unit, 10))
	}
	for k, v := range map[string]string{"status": f.Status, "light": f.Light, "from": f.From, "to": f.To, "q": f.Text, "sort": f.Sort, "cursor": cursor, "back": back} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

type ledgerOption struct {
	Value, Label string
	Selected     bool
}

// ledgerRow is an assignment as a ledger row, with its labels prepared.
type ledgerRow struct {
	duban.Assignment
	Due, Left, StatusText, LightText string
	Late                             bool // past its deadline
}

// ledgerTask is a measure and its units' rows.
type ledgerTask struct {
	ID            int64
	Number, Title string
	Rows          []ledgerRow
}

// ledgerNode is an aspect, problem or specific problem with its roll-up.
type ledgerNode struct {
	Lang                string
	Number, Title, Kind string
	Rollup              duban.Rollup
	Open                bool
	Load                string // where its level comes from when opened (large plans)
	More                string // unused: a whole tree has every measure
	Nodes               []ledgerNode
	Tasks               []ledgerTask
}

// T translates for the node's template, which has no Base.
func (n ledgerNode) T(key string) string { return translate(n.Lang, key) }

// ledgerAlert is a count of red or yellow lights, linked to their list.
type ledgerAlert struct {
	Light       duban.Light
	Count       int
	Label, Href string
}

// ledgerView is the ledger page.
type ledgerView struct {
	Base
	F                ledgerFilter
	Errors           map[string]string
	Plans, Units     []ledgerOption
	Statuses, Lights []ledgerOption
	Plan             *duban.Plan
	Tree             *duban.Tree
	Nodes            []ledgerNode
	Rows             []ledgerRow
	Alerts           []ledgerAlert
	Next, Prev       string
	Reset, Export    string
	Sort             map[string]ledgerSortLink // by column: due, unit, status
	Total            int                       // the matching assignments on all pages
	Counted          bool                      // Total is known (not with a light filter, which is computed)
	Rate             string
	NoPlan, ShowUnit bool
}

// ledgerPage shows the caller's ledger: the plan's tree with roll-ups, or,
// with any filter besides the plan, a flat list a keyset page at a time.
func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	if err := p.RequireLedgers("查看整改台账"); err != nil {
		return err
	}
	title := "ledger.title"
	if !p.ReadsAll() {
		title = "ledger.title.mine"
	}
	v := ledgerView{Base: s.base(r, title), Errors: map[string]string{}, ShowUnit: p.ReadsAll()}
	f, af := ledgerFilterOf(r, v.Errors)
	plans, err := s.db.ListPlans(ctx, p, duban.PlanFilter{Page: duban.Page{Limit: 100}})
	if err != nil {
		return err
	}
	if f.Plan == 0 && len(plans.Items) > 0 {
		f.Plan = plans.Items[0].ID
	}
	v.F, v.NoPlan, v.Reset = f, f.Plan == 0, ledgerFilter{Plan: f.Plan}.url("")
	for _, pl := range plans.Items {
		v.Plans = append(v.Plans, ledgerOption{strconv.FormatInt(pl.ID, 10), pl.Title, pl.ID == f.Plan})
	}
	if err := s.ledgerOptions(r, &v); err != nil {
		return err
	}
	if !v.NoPlan {
		if v.Plan, err = s.db.FindPlan(ctx, p, f.Plan); err != nil {
			return err
		}
		af.PlanID = f.Plan
		if s.ledgerRows > 0 {
			af.Limit = s.ledgerRows
		}
		if f.Flat() {
			err = s.ledgerList(r, &v, af)
		} else {
			err = s.ledgerTree(r, &v)
		}
		if err != nil {
			return err
		}
	}
	return s.ledgerRender(w, r, ledgerStatus(v.Errors), "ledger.html", v)
}

func ledgerStatus(errs map[string]string) int {
	if len(errs) > 0 {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// ledgerSortLink is a column header's link to order the list by it, or, on
// the column it is ordered by, the other way.
type ledgerSortLink struct {
	Href, Dir string // Dir: "ascending" or "descending" on the column the list is ordered by
}

// ledgerSort reads the sort parameter: the column (due, unit, status; ""
// is due) and whether backwards ("-" before it).
func ledgerSort(v string) (key string, latest bool) {
	v, latest = strings.CutPrefix(v, "-")
	if v == "" {
		v = "due"
	}
	return v, latest
}

// ledgerFilterOf reads the filter form; a bad value is reported in errs
// and does not filter.
func ledgerFilterOf(r *http.Request, errs map[string]string) (ledgerFilter, duban.AssignmentFilter) {
	q := r.URL.Query()
	f := ledgerFilter{Status: q.Get("status"), Light: q.Get("light"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Text: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	f.Plan, _ = strconv.ParseInt(q.Get("plan"), 10, 64)
	if principal(r).ReadsAll() {
		f.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64) // a liaison's list is its own unit's
	}
	af := duban.AssignmentFilter{UnitID: f.Unit, Text: f.Text, Page: duban.Page{Cursor: q.Get("cursor"), Limit: 50}}
	key, latest := ledgerSort(f.Sort)
	switch key {
	case "due":
		af.Latest = latest
	case duban.ListByUnit, duban.ListByStatus:
		af.By, af.Latest = key, latest
	default:
		errs["sort"] = translate(lang(r), "ledger.err.sort")
	}
	switch st := duban.Status(f.Status); {
	case f.Status == "open":
		af.Open = true
	case st.Valid():
		af.Statuses = []duban.Status{st}
	case f.Status != "":
		errs["status"] = translate(lang(r), "ledger.err.status")
	}
	if _, ok := ledgerLights[duban.Light(f.Light)]; !ok && f.Light != "" {
		errs["light"] = translate(lang(r), "ledger.err.light")
	}
	var err error
	if af.DeadlineFrom, err = duban.ParseDate(f.From); err != nil {
		errs["from"] = errorMessageIn(lang(r), err)
	}
	if af.DeadlineTo, err = duban.ParseDate(f.To); err != nil {
		errs["to"] = errorMessageIn(lang(r), err)
	}
	return f, af
}

var ledgerLights = map[duban.Light]bool{duban.LightRed: true, duban.LightYellow: true, duban.LightGreen: true, duban.LightDone: true}

// ledgerOptions fills the choices of the filter form.
func (s *Server) ledgerOptions(r *http.Request, v *ledgerView) error {
	v.Statuses = []ledgerOption{{"open", v.T("ledger.status.open"), v.F.Status == "open"}}
	for _, st := range duban.Statuses {
		v.Statuses = append(v.Statuses, ledgerOption{string(st), v.T("ledger.status." + string(st)), v.F.Status == string(st)})
	}
	for _, l := range []duban.Light{duban.LightRed, duban.LightYellow, duban.LightGreen, duban.LightDone} {
		v.Lights = append(v.Lights, ledgerOption{string(l), v.T("ledger.light." + string(l)), v.F.Light == string(l)})
	}
	if !v.ShowUnit {
		return nil
	}
	units, err := s.db.ListUnits(r.Context(), duban.UnitFilter{Page: duban.Page{Limit: 500}})
	if err != nil {
		return err
	}
	for _, u := range units.Items {
		v.Units = append(v.Units, ledgerOption{strconv.FormatInt(u.ID, 10), u.ShortName, u.ID == v.F.Unit})
	}
	return nil
}

// ledgerList fills the flat list. Lights are computed, not stored, so a
// light filter reads on through pages until a page's worth is found.
func (s *Server) ledgerList(r *http.Request, v *ledgerView, f duban.AssignmentFilter) error {
	want := f.PageLimit()
	if v.F.Light == "" && len(v.Errors) == 0 {
		n, err := s.db.CountAssignments(r.Context(), principal(r), f)
		if err != nil {
			return err
		}
		v.Total, v.Counted = n, true
	}
	v.Export = "/ledger/export.xlsx?" + v.F.query("", "").Encode()
	v.Sort = map[string]ledgerSortLink{}
	current, latest := ledgerSort(v.F.Sort)
	for _, key := range []string{"due", duban.ListByUnit, duban.ListByStatus} {
		other, l := v.F, ledgerSortLink{}
		other.Sort = key
		if key == current {
			l.Dir = "ascending"
			if latest {
				l.Dir = "descending"
			} else {
				other.Sort = "-" + key
			}
		}
		l.Href = other.url("")
		v.Sort[key] = l
	}
	back := r.URL.Query().Get("back")
	if f.Cursor != "" {
		v.Prev = ledgerPrev(v.F, back)
	}
	here := f.Cursor
	for range 20 {
		list, err := s.db.ListAssignments(r.Context(), principal(r), f, s.ledgerToday())
		if err != nil {
			return err
		}
		for _, a := range list.Items {
			if v.F.Light == "" || v.Errors["light"] != "" || string(a.Light) == v.F.Light {
				v.Rows = append(v.Rows, ledgerRowOf(v.Lang, a))
			}
		}
		f.Cursor = list.NextCursor
		if f.Cursor == "" || len(v.Rows) >= want {
			break
		}
	}
	if f.Cursor != "" {
		v.Next = "/ledger?" + v.F.query(f.Cursor, ledgerPush(back, here)).Encode()
	}
	return nil
}

// The previous pages' cursors ride in the query as "back", oldest first,
// separated by dots ("-" for the first page, which has none): a cursor is
// base64url, which has neither. A page's "next" link pushes its own cursor;
// its "previous" link pops the last one.
func ledgerPush(back, cursor string) string {
	if cursor == "" {
		cursor = "-"
	}
	if back == "" {
		return cursor
	}
	return back + "." + cursor
}

// ledgerPrev is the address of the page before, from the back stack; the
// first page when the stack is empty or unreadable.
func ledgerPrev(f ledgerFilter, back string) string {
	rest, last := "", back
	if i := strings.LastIndexByte(back, '.'); i >= 0 {
		rest, last = back[:i], back[i+1:]
	}
	if last == "-" || last == "" {
		last, rest = "", ""
	}
	return "/ledger?" + f.query(last, rest).Encode()
}

// ledgerExport sends the current filtered view of the ledger as .xlsx: the
// plan's ledger with only the measures one of whose assignments matches the
// filters (light included), through the same export as the whole ledger.
// A liaison's export is its own unit's share, whatever it asks.
func (s *Server) ledgerExport(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	errs := map[string]string{}
	f, af := ledgerFilterOf(r, errs)
	if len(errs) > 0 {
		return &duban.Error{Code: duban.Invalid, Message: "筛选条件有误，请修改后再导出", Fields: errs}
	}
	if f.Plan == 0 {
		return duban.Errorf(duban.NotFound, "请先选择整改方案")
	}
	if _, err := s.db.FindPlan(ctx, p, f.Plan); err != nil {
		return err
	}
	af.PlanID, af.Cursor, af.Limit = f.Plan, "", 500
	var keep map[int64]bool
	if f.Flat() {
		keep = map[int64]bool{}
		for {
			list, err := s.db.ListAssignments(ctx, p, af, s.ledgerToday())
			if err != nil {
				return err
			}
			for _, a := range list.Items {
				if f.Light == "" || string(a.Light) == f.Light {
					keep[a.TaskID] = true
				}
			}
			if af.Cursor = list.NextCursor; af.Cursor == "" {
				break
			}
		}
	}
	var buf bytes.Buffer
	o, err := s.writeLedger(ctx, &buf, p, store.OutlineFilter{PlanID: f.Plan, UnitID: f.Unit, Keep: keep})
	if err != nil {
		return err
	}
	unit := f.Unit
	if !p.ReadsAll() {
		unit = p.UnitID
	}
	name := s.ledgerFileName(ctx, duban.LedgerTitle(o.Meta.Title), unit, o.Meta.AsOf)
	if err := s.recordExport(r, "ledger.xlsx", "plan", f.Plan); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, buf.Bytes())
}

// ledgerTree fills the tree, with each assignment's working days left.
func (s *Server) ledgerTree(r *http.Request, v *ledgerView) error {
	ctx, p, today := r.Context(), principal(r), s.ledgerToday()
	if large, err := s.db.TreeTooLarge(ctx, v.F.Plan); err != nil {
		return err
	} else if large {
		return s.ledgerTreeLevels(r, v)
	}
	tree, err := s.db.Tree(ctx, p, v.F.Plan, today)
	if err != nil {
		return err
	}
	byID := map[int64]duban.Assignment{}
	f := duban.AssignmentFilter{PlanID: v.F.Plan, Page: duban.Page{Limit: 500}}
	for {
		list, err := s.db.ListAssignments(ctx, p, f, today)
		if err != nil {
			return err
		}
		for _, a := range list.Items {
			byID[a.ID] = a
		}
		if f.Cursor = list.NextCursor; f.Cursor == "" {
			break
		}
	}
	v.Tree, v.Nodes = tree, ledgerNodes(v.Lang, tree.Children, byID)
	ledgerAlerts(v)
	return nil
}

// ledgerAlerts fills the closure rate and the red and yellow counts of the
// tree's summary.
func ledgerAlerts(v *ledgerView) {
	v.Rate = fmt.Sprintf("%.0f%%", v.Tree.Rollup.Rate*100)
	for _, al := range []ledgerAlert{{Light: duban.LightRed, Count: v.Tree.Rollup.Overdue}, {Light: duban.LightYellow, Count: v.Tree.Rollup.DueSoon}} {
		al.Label, al.Href = v.T("ledger.s."+string(al.Light)), ledgerFilter{Plan: v.F.Plan, Light: string(al.Light)}.url("")
		v.Alerts = append(v.Alerts, al)
	}
}

func ledgerNodes(lang string, items []*duban.TreeItem, byID map[int64]duban.Assignment) []ledgerNode {
	var out []ledgerNode
	for _, it := range items {
		if it.Kind == "task" {
			continue
		}
		n := ledgerNode{Lang: lang, Number: numberIn(lang, it.Number), Title: it.Title, Kind: it.Kind, Rollup: it.Rollup,
			Open: it.Kind == "aspect" || it.Rollup.Closed < it.Rollup.Total, Nodes: ledgerNodes(lang, it.Children, byID)}
		for _, c := range it.Children {
			if c.Kind != "task" {
				continue
			}
			t := ledgerTask{ID: c.ID, Number: numberIn(lang, c.Number), Title: c.Title}
			for _, b := range c.Assignments {
				a, ok := byID[b.ID]
				if !ok {
					a = duban.Assignment{ID: b.ID, Unit: b.Unit, Lead: b.Lead, Status: b.Status, DeadlineKind: c.DeadlineKind, Deadline: b.Deadline, Light: b.Light}
				}
				t.Rows = append(t.Rows, ledgerRowOf(lang, a))
			}
			n.Tasks = append(n.Tasks, t)
		}
		out = append(out, n)
	}
	return out
}

func ledgerRowOf(lang string, a duban.Assignment) ledgerRow {
	row := ledgerRow{Assignment: a, Due: deadlineIn(lang, a.DeadlineKind, a.Deadline), Left: "—",
		StatusText: translate(lang, "ledger.status."+string(a.Status)), LightText: translate(lang, "ledger.light."+string(a.Light))}
	if a.WorkdaysLeft != nil && a.Open() {
		row.Left, row.Late = strconv.Itoa(*a.WorkdaysLeft), *a.WorkdaysLeft < 0
		if row.Late {
			row.Left = fmt.Sprintf(translate(lang, "ledger.overdue_by"), -*a.WorkdaysLeft)
		}
	}
	if row.Due == "" {
		row.Due = "—"
	}
	return row
}

func (s *Server) ledgerToday() duban.Date { return duban.DateOf(s.db.Now().In(duban.ChinaTime)) }

// ledgerStatusWriter holds back a status until the page is written, so that
// the page's own headers still go out with it.
type ledgerStatusWriter struct {
	http.ResponseWriter
	status int
}

func (w *ledgerStatusWriter) Write(b []byte) (int, error) {
	if w.status != 0 {
		w.ResponseWriter.WriteHeader(w.status)
		w.status = 0
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) ledgerRender(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	if status == http.StatusOK {
		return s.render(w, r, name, data)
	}
	return s.render(&ledgerStatusWriter{ResponseWriter: w, status: status}, r, name, data)
}

// ledgerAttachment sends an evidence file to a session that may see its
// assignment, as the API does to a bearer token.
func (s *Server) ledgerAttachment(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return duban.Errorf(duban.NotFound, "附件不存在")
	}
	return s.apiDownload(w, r)
}

// ledgerSortTh is what a sortable column header shows.
type ledgerSortTh struct {
	ledgerSortLink
	Key, Label, Title string
}

// SortTh is the header of the column key, labelled by the message label.
func (v ledgerView) SortTh(key, label string) ledgerSortTh {
	th := ledgerSortTh{ledgerSortLink: v.Sort[key], Key: key, Label: v.T(label), Title: v.T("ledger.sort.by")}
	switch th.Dir {
	case "ascending":
		th.Title = v.T("ledger.sort.asc")
	case "descending":
		th.Title = v.T("ledger.sort.desc")
	}
	return th
}
