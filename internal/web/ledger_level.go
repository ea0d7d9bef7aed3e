package web

import (
	"fmt"
	"net/http"
	"strconv"

	"duban/internal/duban"
)

// A plan of more than store.WholeTreeLimit assignments is drawn a level at
// a time: the ledger shows its aspects with their roll-ups, and a node's
// child nodes and first page of measures come from /ledger/level when it is
// opened (htmx), further measures a page at a time.

// ledgerLevelView is a fragment: one level below a node.
type ledgerLevelView struct {
	Lang  string
	Nodes []ledgerNode
	Tasks []ledgerTask
	More  string // the next page of the node's measures
}

// T translates for the fragment.
func (v ledgerLevelView) T(key string) string { return translate(v.Lang, key) }

// ledgerLevelURL is the fragment of node's level, from cursor.
func ledgerLevelURL(plan, node int64, cursor string) string {
	u := fmt.Sprintf("/ledger/level?plan=%d&node=%d", plan, node)
	if cursor != "" {
		u += "&cursor=" + cursor
	}
	return u
}

// ledgerLevelNodes turns a level's child nodes into closed nodes that load
// their own level when opened.
func ledgerLevelNodes(lang string, plan int64, items []*duban.TreeItem) []ledgerNode {
	out := make([]ledgerNode, 0, len(items))
	for _, it := range items {
		out = append(out, ledgerNode{Lang: lang, Number: numberIn(lang, it.Number), Title: it.Title, Kind: it.Kind, Rollup: it.Rollup, Load: ledgerLevelURL(plan, it.ID, "")})
	}
	return out
}

// ledgerLevelPage answers /ledger/level?plan=&node=[&cursor=]: the node's
// child nodes (first page only) and a page of its measures.
func (s *Server) ledgerLevelPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	plan, err1 := strconv.ParseInt(q.Get("plan"), 10, 64)
	node, err2 := strconv.ParseInt(q.Get("node"), 10, 64)
	if err1 != nil || err2 != nil || node == 0 {
		return duban.Errorf(duban.Invalid, "请指定方案和条目")
	}
	cursor := q.Get("cursor")
	lv, err := s.db.TreeLevel(r.Context(), principal(r), plan, node, s.ledgerToday(), duban.Page{Cursor: cursor, Limit: 50})
	if err != nil {
		return err
	}
	v := ledgerLevelView{Lang: lang(r)}
	if cursor == "" {
		v.Nodes = ledgerLevelNodes(v.Lang, plan, lv.Children)
	}
	for _, it := range lv.Tasks.Items {
		t := ledgerTask{ID: it.ID, Number: it.Number, Title: it.Title}
		for _, b := range it.Assignments {
			t.Rows = append(t.Rows, ledgerRowOf(v.Lang, duban.Assignment{ID: b.ID, Unit: b.Unit, Lead: b.Lead, Status: b.Status, DeadlineKind: it.DeadlineKind, Deadline: b.Deadline, Light: b.Light}))
		}
		v.Tasks = append(v.Tasks, t)
	}
	if lv.Tasks.NextCursor != "" {
		v.More = ledgerLevelURL(plan, node, lv.Tasks.NextCursor)
	}
	t, err := s.pageSet("ledger.html", v.Lang)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return t.ExecuteTemplate(w, "ledger-level", v)
}

// ledgerTreeLevels fills the ledger of a large plan with its top level.
func (s *Server) ledgerTreeLevels(r *http.Request, v *ledgerView) error {
	lv, err := s.db.TreeLevel(r.Context(), principal(r), v.F.Plan, 0, s.ledgerToday(), duban.Page{})
	if err != nil {
		return err
	}
	v.Tree = &duban.Tree{AsOf: lv.AsOf, Rollup: lv.Rollup, Counts: duban.TreeCounts{Aspects: len(lv.Children), Tasks: lv.Measures, Assignments: lv.Rollup.Total}}
	v.Nodes = ledgerLevelNodes(v.Lang, v.F.Plan, lv.Children)
	ledgerAlerts(v)
	return nil
}
