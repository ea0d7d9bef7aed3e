package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"duban/internal/duban"
)

// feedbackData is the lead office's triage of public feedback.
type feedbackData struct {
	Base
	Status    string
	Tabs      []feedbackTab
	Items     []feedbackRow
	More      string
	CanTriage bool
	Nodes     []admNodeGroup
	Units     []duban.Unit
}

type feedbackTab struct {
	Href, Label string
	Active      bool
}

type feedbackRow struct {
	duban.Feedback
	StatusLabel, ChannelLabel, PlanTitle string
	TaskTitle, TaskHref                  string
	Open                                 bool // show what may still be done with it
	Failed                               string
	Error                                string
	Fields                               map[string]string
	Values                               feedbackValues
}

type feedbackValues struct {
	Reply, Title, Deadline, Workdays string
	Node, Lead                       int64
}

type admNodeGroup struct {
	Plan  string
	Nodes []admNodeOption
}

type admNodeOption struct {
	ID    int64
	Label string
}

var admFeedbackStatuses = []string{"new", "replied", "converted", "closed", "all"}

// feedbackPage lists feedback by status, with the triage forms.
func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeedback(w, r, nil, http.StatusOK)
}

// renderFeedback renders the triage page; failed is the row whose form
// failed, shown open with what was typed.
func (s *Server) renderFeedback(w http.ResponseWriter, r *http.Request, failed *feedbackRow, status int) error {
	ctx, p := r.Context(), principal(r)
	st := r.URL.Query().Get("status")
	if !slices.Contains(admFeedbackStatuses, st) {
		st = "new"
	}
	data := feedbackData{Base: s.base(r, "adm.fb.title"), Status: st, CanTriage: p.Role == duban.RoleAdmin || p.Role == duban.RoleLead}
	for _, k := range admFeedbackStatuses {
		data.Tabs = append(data.Tabs, feedbackTab{Href: "/feedback?status=" + k, Label: admT(r, "adm.fb.s."+k), Active: k == st})
	}
	f := duban.FeedbackFilter{Page: duban.Page{Cursor: r.URL.Query().Get("cursor"), Limit: 30}}
	if st != "all" {
		f.Status = duban.FeedbackStatus(st)
	}
	list, err := s.db.ListFeedback(ctx, p, f)
	if err != nil {
		return err
	}
	if list.NextCursor != "" {
		data.More = "/feedback?" + url.Values{"status": {st}, "cursor": {list.NextCursor}}.Encode()
	}
	plans, err := adminAll(func(pg duban.Page) (duban.List[duban.Plan], error) {
		return s.db.ListPlans(ctx, p, duban.PlanFilter{Page: pg})
	})
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for _, pl := range plans {
		titles[pl.ID] = pl.Title
	}
	for _, fb := range list.Items {
		row := feedbackRow{Feedback: fb, StatusLabel: admT(r, "adm.fb.s."+string(fb.Status)), Values: feedbackValues{Workdays: "15", Title: admShortTitle(fb.Content)}}
		if row.ChannelLabel = admT(r, "adm.ch."+fb.Channel); row.ChannelLabel == "adm.ch."+fb.Channel {
			row.ChannelLabel = fb.Channel
		}
		row.Open = data.CanTriage && (fb.Status == duban.FeedbackNew || fb.Status == duban.FeedbackReplied)
		if fb.PlanID != nil {
			row.PlanTitle = titles[*fb.PlanID]
		}
		if fb.TaskID != nil {
			if t, err := s.db.FindTask(ctx, p, *fb.TaskID); err == nil {
				row.TaskTitle, row.TaskHref = t.Title, fmt.Sprintf("/plans/%d/edit#task-%d", t.PlanID, t.ID)
			}
		}
		if failed != nil && failed.ID == fb.ID {
			row.Failed, row.Error, row.Fields, row.Values = failed.Failed, failed.Error, failed.Fields, failed.Values
		}
		data.Items = append(data.Items, row)
	}
	if data.CanTriage {
		if data.Nodes, err = s.problemNodes(r, plans); err != nil {
			return err
		}
		if data.Units, err = s.adminUnits(r); err != nil {
			return err
		}
	}
	return s.renderAdm(w, r, status, "feedback.html", data)
}

// admShortTitle is a first guess at a measure's title from a message.
func admShortTitle(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "。；;！？!?\n"); i > 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40])
	}
	return s
}

// problemNodes lists the problems and specific problems of the plans the caller manages, numbered.
func (s *Server) problemNodes(r *http.Request, plans []duban.Plan) ([]admNodeGroup, error) {
	p := principal(r)
	var out []admNodeGroup
	for _, pl := range plans {
		if !p.CanManagePlan(&pl) {
			continue
		}
		tree, err := s.db.Tree(r.Context(), p, pl.ID, duban.Date{})
		if err != nil {
			return nil, err
		}
		g := admNodeGroup{Plan: pl.Title}
		var walk func(items []*duban.TreeItem, path string)
		walk = func(items []*duban.TreeItem, path string) {
			for _, it := range items {
				if it.Kind == "task" {
					continue
				}
				if it.Kind != "aspect" {
					g.Nodes = append(g.Nodes, admNodeOption{ID: it.ID, Label: path + numberIn(lang(r), it.Number) + it.Title})
				}
				walk(it.Children, path+numberIn(lang(r), it.Number))
			}
		}
		walk(tree.Children, "")
		out = append(out, g)
	}
	return out, nil
}

// triagePage replies to, converts or closes one message.
func (s *Server) triagePage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	op, version := f("op"), int(admFormID(f("version")))
	v := feedbackValues{Reply: f("reply"), Title: f("title"), Deadline: f("deadline"), Workdays: f("deadline_workdays"), Node: admFormID(f("node_id")), Lead: admFormID(f("lead_unit_id"))}
	c := newAdmChecks(r)
	var msg string
	switch op {
	case "reply":
		if v.Reply == "" {
			c.add("reply", "adm.err.reply")
		}
		if err = c.err(nil); err == nil {
			st := duban.FeedbackReplied
			_, err = s.db.UpdateFeedback(ctx, p, id, version, duban.FeedbackUpdate{Status: &st, Reply: &v.Reply})
		}
		msg = admT(r, "adm.flash.replied")
	case "close":
		st := duban.FeedbackClosed
		_, err = s.db.UpdateFeedback(ctx, p, id, version, duban.FeedbackUpdate{Status: &st})
		msg = admT(r, "adm.flash.closed")
	case "convert":
		var t *duban.Task
		t, err = s.convertFeedback(r, c, id, version, v)
		if t != nil {
			msg = admT(r, "adm.flash.converted", t.Title)
		}
	default:
		return duban.Errorf(duban.Invalid, "未知的操作")
	}
	if err == nil {
		return admDone(w, r, msg, fmt.Sprintf("/feedback?status=%s#fb-%d", url.QueryEscape(r.URL.Query().Get("status")), id))
	}
	if !admFormFailure(err) {
		return err
	}
	row := &feedbackRow{Feedback: duban.Feedback{ID: id}, Failed: op, Values: v}
	row.Error, row.Fields = formError(lang(r), err)
	return s.renderFeedback(w, r, row, admStatus(err))
}

// convertFeedback turns a message into a measure under a problem and marks it converted.
func (s *Server) convertFeedback(r *http.Request, c admChecks, id int64, version int, v feedbackValues) (*duban.Task, error) {
	ctx, p := r.Context(), principal(r)
	fb, err := s.db.FindFeedback(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && fb.Version != version {
		return nil, duban.Errorf(duban.Stale, "该意见建议已被他人修改，请刷新后重试")
	}
	t := &duban.Task{NodeID: v.Node, Title: v.Title, Content: fb.Content, LeadUnitID: v.Lead, DeadlineKind: duban.DeadlineDate, Deadline: c.date("deadline", v.Deadline)}
	if t.Deadline.IsZero() {
		if t.DeadlineWorkdays = c.num("deadline_workdays", v.Workdays); t.DeadlineWorkdays <= 0 {
			c.add("deadline_workdays", "adm.err.workdays")
		}
	}
	if v.Node == 0 {
		c.add("node_id", "adm.err.node")
	}
	if v.Title == "" {
		c.add("title", "adm.err.title")
	}
	if err := c.err(func() error { y := *t; return y.Validate() }); err != nil {
		return nil, err
	}
	if err := s.db.CreateTask(ctx, p, t); err != nil {
		return nil, err
	}
	st := duban.FeedbackConverted
	_, err = s.db.UpdateFeedback(ctx, p, id, fb.Version, duban.FeedbackUpdate{Status: &st, TaskID: &t.ID, PlanID: &t.PlanID})
	return t, err
}

// ---- public portal ----
