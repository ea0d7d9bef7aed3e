package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// ledgerFilterFields are the filter's fields, which the bulk form carries
// as hidden inputs.
var ledgerFilterFields = []string{"plan", "unit", "status", "light", "from", "to", "q", "sort"}

// ledgerBulk acts on the rows chosen in the ledger list, or on every row
// matching its filter (all=1): 催办 or a 督办单 by the lead office, all of
// them in one transaction, or an export of their measures by anyone who
// sees them. The list is shown again with what was done, or why not.
func (s *Server) ledgerBulk(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return duban.Errorf(duban.Invalid, "表单无法读取")
	}
	ctx, p, lg := r.Context(), principal(r), lang(r)
	action := r.PostFormValue("action")
	switch action {
	case "export", "urge", "notice":
	default:
		return &duban.Error{Code: duban.Invalid, Message: translate(lg, "ledger.bulk.noaction"), Fields: map[string]string{"action": "无效"}}
	}
	if action != "export" && p.Role != duban.RoleLead && p.Role != duban.RoleAdmin {
		return duban.ErrForbidden("批量督办")
	}
	q := url.Values{}
	for _, k := range ledgerFilterFields {
		if v := r.PostFormValue(k); v != "" {
			q.Set(k, v)
		}
	}
	fr := r.Clone(ctx)
	fr.URL.RawQuery = q.Encode()
	errs := map[string]string{}
	f, af := ledgerFilterOf(fr, errs)
	back := f.url("")
	fail := func(msg string) error {
		flash(w, msg)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if len(errs) > 0 || f.Plan == 0 {
		return fail(translate(lg, "ledger.bulk.badfilter"))
	}
	if _, err := s.db.FindPlan(ctx, p, f.Plan); err != nil {
		return err
	}
	all := r.PostFormValue("all") == "1"
	picked := map[int64]bool{}
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			picked[id] = true
		}
	}
	if !all && len(picked) == 0 {
		return fail(translate(lg, "ledger.bulk.none"))
	}
	// The rows of the filtered list the caller sees, of those chosen.
	af.PlanID, af.Cursor, af.Limit = f.Plan, "", 500
	var ids []int64
	tasks := map[int64]bool{}
	for {
		list, err := s.db.ListAssignments(ctx, p, af, s.ledgerToday())
		if err != nil {
			return err
		}
		for _, a := range list.Items {
			if (f.Light == "" || string(a.Light) == f.Light) && (all || picked[a.ID]) {
				ids = append(ids, a.ID)
				tasks[a.TaskID] = true
			}
		}
		if af.Cursor = list.NextCursor; af.Cursor == "" {
			break
		}
	}
	if len(ids) == 0 {
		return fail(translate(lg, "ledger.bulk.none"))
	}
	if action == "export" {
		return s.ledgerBulkExport(w, r, f, tasks)
	}
	in := store.EscalationInput{Level: duban.Level(action), Note: r.PostFormValue("note")}
	if action == "notice" {
		d, err := duban.ParseDate(r.PostFormValue("reply_due"))
		if err != nil || d.IsZero() {
			return fail(translate(lg, "ledger.bulk.replydue"))
		}
		in.ReplyDue = d
		if r.PostFormValue("confirm_second") == "" {
			n, err := s.pendingNotices(r, ids)
			if err != nil {
				return err
			}
			if n > 0 {
				return fail(fmt.Sprintf(translate(lg, "ledger.bulk.pending"), n))
			}
		}
	}
	es, err := s.db.EscalateMany(ctx, p, ids, in)
	if err != nil {
		if duban.ErrorCode(err) == duban.Forbidden {
			return err
		}
		return fail(duban.ErrorMessage(err))
	}
	undelivered := 0
	for _, e := range es {
		if e.Undelivered {
			undelivered++
		}
	}
	msg := fmt.Sprintf(translate(lg, "ledger.bulk.done."+action), len(es))
	if undelivered > 0 {
		msg += fmt.Sprintf(translate(lg, "ledger.bulk.undelivered"), undelivered)
	}
	flash(w, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// pendingNotices counts the assignments with a 督办单 awaiting its reply.
func (s *Server) pendingNotices(r *http.Request, ids []int64) (int, error) {
	n := 0
	for _, id := range ids {
		es, err := s.db.ListEscalations(r.Context(), principal(r), id)
		if err != nil {
			return 0, err
		}
		for _, e := range es {
			if e.Level == duban.LevelNotice && e.RepliedAt == nil {
				n++
				break
			}
		}
	}
	return n, nil
}

// ledgerBulkExport sends the plan's ledger with only the measures of the
// chosen rows, through the same export as the whole ledger.
func (s *Server) ledgerBulkExport(w http.ResponseWriter, r *http.Request, f ledgerFilter, tasks map[int64]bool) error {
	ctx, p := r.Context(), principal(r)
	o, err := s.db.OutlineOf(ctx, p, f.Plan, f.Unit, duban.Date{}, tasks)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteLedger(&buf, o, xlsx.WriteOptions{Title: duban.LedgerTitle(o.Meta.Title), AsOf: o.Meta.AsOf}); err != nil {
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

// BulkFields are the filter's fields for the bulk form's hidden inputs.
func (v ledgerView) BulkFields() []ledgerOption {
	q := v.F.query("", "")
	var out []ledgerOption
	for _, k := range ledgerFilterFields {
		if val := q.Get(k); val != "" {
			out = append(out, ledgerOption{Value: k, Label: val})
		}
	}
	return out
}

// CanBulk reports whether the caller may 催办 and 督办 the list's rows: the
// plan's lead office.
func (v ledgerView) CanBulk() bool {
	return v.User != nil && v.Plan != nil && v.User.CanManagePlan(v.Plan)
}
