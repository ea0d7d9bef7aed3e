package web

import (
	"net/http"
	"strings"

	"duban/internal/duban"
)

type taskRequest struct {
	PlanID            int64              `json:"plan_id"`
	NodeID            int64              `json:"node_id"`
	Seq               int                `json:"seq"`
	Title             string             `json:"title"`
	Content           string             `json:"content"`
	Target            string             `json:"target"`
	Requirements      string             `json:"requirements"`
	DeadlineKind      duban.DeadlineKind `json:"deadline_kind"`
	Deadline          duban.Date         `json:"deadline"`
	DeadlineWorkdays  int                `json:"deadline_workdays"`
	LeadUnitID        int64              `json:"lead_unit_id"`
	CoopUnitIDs       []int64            `json:"coop_unit_ids"`
	ResponsibleLeader string             `json:"responsible_leader"`
	ResponsiblePerson string             `json:"responsible_person"`
}

func (s *Server) apiListTasks(r *http.Request, q *query) (duban.List[duban.Task], error) {
	f := duban.TaskFilter{PlanID: q.id("plan"), NodeID: q.id("node"), UnitID: q.id("unit"), Text: q.str("q"), Page: q.page()}
	if err := q.err(); err != nil {
		return duban.List[duban.Task]{}, err
	}
	return s.db.ListTasks(r.Context(), principal(r), f)
}

func (s *Server) apiGetTask(r *http.Request, id int64) (*duban.Task, error) {
	return s.db.FindTask(r.Context(), principal(r), id)
}

func (s *Server) apiCreateTask(w http.ResponseWriter, r *http.Request) error {
	var req taskRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Task{PlanID: req.PlanID, NodeID: req.NodeID, Seq: req.Seq, Title: req.Title, Content: req.Content, Target: req.Target,
		Requirements: req.Requirements, DeadlineKind: req.DeadlineKind, Deadline: req.Deadline, DeadlineWorkdays: req.DeadlineWorkdays, LeadUnitID: req.LeadUnitID,
		CoopUnitIDs: req.CoopUnitIDs, ResponsibleLeader: req.ResponsibleLeader, ResponsiblePerson: req.ResponsiblePerson}
	if err := s.db.CreateTask(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiUpdateTask(r *http.Request, id int64, version int, up duban.TaskUpdate) (*duban.Task, error) {
	return s.db.UpdateTask(r.Context(), principal(r), id, version, up)
}

func taskVersion(x *duban.Task) int { return x.Version }

type assignmentRequest struct {
	TaskID   int64      `json:"task_id"`
	UnitID   int64      `json:"unit_id"`
	Deadline duban.Date `json:"deadline"`
}

func (s *Server) apiListAssignments(r *http.Request, q *query) (duban.List[duban.Assignment], error) {
	f := duban.AssignmentFilter{
		PlanID: q.id("plan"), TaskID: q.id("task"), AspectID: q.id("aspect"), UnitID: q.id("unit"), Open: q.bool("open"),
		DeadlineFrom: q.date("deadline_from"), DeadlineTo: q.date("deadline_to"), Text: q.str("q"), Page: q.page(),
	}
	asOf := q.date("asof")
	if q.bool("overdue") {
		f.OverdueAsOf = asOf
		if f.OverdueAsOf.IsZero() {
			f.OverdueAsOf = duban.DateOf(s.db.Now().In(duban.ChinaTime))
		}
	}
	for _, st := range strings.Split(q.str("status"), ",") {
		if st = strings.TrimSpace(st); st != "" {
			f.Statuses = append(f.Statuses, duban.Status(st))
		}
	}
	if err := q.err(); err != nil {
		return duban.List[duban.Assignment]{}, err
	}
	return s.db.ListAssignments(r.Context(), principal(r), f, asOf)
}

func (s *Server) apiGetAssignment(r *http.Request, id int64) (*duban.Assignment, error) {
	q := newQuery(r)
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.FindAssignment(r.Context(), principal(r), id, asOf)
}

func (s *Server) apiCreateAssignment(w http.ResponseWriter, r *http.Request) error {
	var req assignmentRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	a, err := s.db.CreateAssignment(r.Context(), principal(r), req.TaskID, req.UnitID, req.Deadline)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, a.Version, a)
}

func (s *Server) apiUpdateAssignment(r *http.Request, id int64, version int, up duban.AssignmentUpdate) (*duban.Assignment, error) {
	return s.db.UpdateAssignment(r.Context(), principal(r), id, version, up)
}

func assignmentVersion(x *duban.Assignment) int { return x.Version }

// apiTransition runs POST /api/v1/assignments/{id}/{action}. The body is
// optional; it carries the reason, summary or new deadline.
func (s *Server) apiTransition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	if duban.Action(r.PathValue("action")) == duban.ActionRequestClosure && isMultipart(r) {
		return s.apiRequestClosureForm(w, r, id, version)
	}
	var in duban.TransitionInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	a, err := s.db.Transition(r.Context(), principal(r), id, version, duban.Action(r.PathValue("action")), in)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusOK, a.Version, a)
}

func (s *Server) apiListTransitions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ts, err := s.db.ListTransitions(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": ts})
}

type reportRequest struct {
	Period   string     `json:"period"`
	Content  string     `json:"content"`
	WorkDate duban.Date `json:"work_date"`
}

func (s *Server) apiListReports(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, err := s.db.ListReports(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": rs})
}

func (s *Server) apiCreateReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if isMultipart(r) {
		return s.apiCreateReportForm(w, r, id)
	}
	var req reportRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Report{AssignmentID: id, Period: req.Period, Content: req.Content, WorkDate: req.WorkDate}
	if err := s.db.CreateReport(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiReviewReport(r *http.Request, id int64, version int, rv duban.ReportReview) (*duban.Report, error) {
	return s.db.ReviewReport(r.Context(), principal(r), id, version, rv)
}

func reportVersion(x *duban.Report) int { return x.Version }
