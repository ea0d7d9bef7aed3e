package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// meetingsData is the meetings page of a plan.
type meetingsData struct {
	Base
	Plan     *duban.Plan
	CanEdit  bool
	Counts   []store.MeetingCount
	Meetings []meetingRow
	Picks    []admPickRow
	Kinds    []string
	Form     meetingValues
	Error    string
	Fields   map[string]string
}

type meetingRow struct {
	duban.Meeting
	Tasks []string // the linked measures, numbered
}

// admPickRow is a line of the measure picker: a node as a heading, or a measure to tick.
type admPickRow struct {
	ID      int64
	Label   string
	Heading bool
	Depth   int
	Checked bool
}

type meetingValues struct{ Kind, HeldOn, Title, Attendees, Decisions string }

// meetingKinds are offered as suggestions; any kind may be typed.
var admMeetingKinds = []string{"工委会", "专题会", "领导小组会", "党组会", "常委会", "推进会", "调度会"}

// meetingsPage lists a plan's meetings and records new ones.
func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	planID, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	pl, err := s.db.FindPlan(ctx, p, planID)
	if err != nil {
		return err
	}
	data := meetingsData{Base: s.base(r, "adm.meet.title"), Plan: pl, CanEdit: p.CanManagePlan(pl), Kinds: admMeetingKinds,
		Form: meetingValues{Kind: admMeetingKinds[0]}}
	status, checked := http.StatusOK, []int64{}
	if r.Method == http.MethodPost {
		if !data.CanEdit {
			return duban.ErrForbidden("记录该方案的会议")
		}
		f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
		v := meetingValues{Kind: f("kind"), HeldOn: f("held_on"), Title: f("title"), Attendees: f("attendees"), Decisions: f("decisions")}
		c := newAdmChecks(r)
		x := &duban.Meeting{PlanID: planID, Kind: v.Kind, HeldOn: c.date("held_on", v.HeldOn), Title: v.Title, Attendees: v.Attendees, Decisions: v.Decisions,
			TaskIDs: admFormIDs(r, "task_ids")}
		err := c.err(func() error { y := *x; return y.Validate() })
		if err == nil {
			err = s.db.CreateMeeting(ctx, p, x)
		}
		if err == nil {
			return admDone(w, r, admT(r, "adm.flash.meeting", x.Title), fmt.Sprintf("/plans/%d/meetings#meeting-%d", planID, x.ID))
		}
		if !admFormFailure(err) {
			return err
		}
		data.Form, checked, status = v, x.TaskIDs, admStatus(err)
		data.Error, data.Fields = formError(lang(r), err)
	}
	if err := s.fillMeetings(r, &data, checked); err != nil {
		return err
	}
	return s.renderAdm(w, r, status, "meetings.html", data)
}

// fillMeetings lists the meetings, newest first, with their measures, and the picker.
func (s *Server) fillMeetings(r *http.Request, data *meetingsData, checked []int64) error {
	ctx, p, planID := r.Context(), principal(r), data.Plan.ID
	tree, err := s.db.Tree(ctx, p, planID, duban.Date{})
	if err != nil {
		return err
	}
	labels := map[int64]string{}
	var walk func(items []*duban.TreeItem, depth int, path string)
	walk = func(items []*duban.TreeItem, depth int, path string) {
		for _, it := range items {
			if it.Kind == "task" {
				labels[it.ID] = path + numberIn(lang(r), it.Number) + it.Title
				data.Picks = append(data.Picks, admPickRow{ID: it.ID, Label: numberIn(lang(r), it.Number) + it.Title, Depth: depth, Checked: slices.Contains(checked, it.ID)})
				continue
			}
			data.Picks = append(data.Picks, admPickRow{ID: it.ID, Label: numberIn(lang(r), it.Number) + it.Title, Heading: true, Depth: depth})
			walk(it.Children, depth+1, path+numberIn(lang(r), it.Number))
		}
	}
	walk(tree.Children, 0, "")
	ms, err := adminAll(func(pg duban.Page) (duban.List[duban.Meeting], error) {
		return s.db.ListMeetings(ctx, p, duban.MeetingFilter{PlanID: planID, Page: pg})
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(ms, func(a, b duban.Meeting) int { return b.HeldOn.Time().Compare(a.HeldOn.Time()) })
	for _, m := range ms {
		row := meetingRow{Meeting: m}
		for _, id := range m.TaskIDs {
			if l, ok := labels[id]; ok {
				row.Tasks = append(row.Tasks, l)
			}
		}
		data.Meetings = append(data.Meetings, row)
	}
	data.Counts, err = s.db.MeetingCounts(ctx, p, planID, duban.Date{})
	return err
}

// ---- downloads ----
