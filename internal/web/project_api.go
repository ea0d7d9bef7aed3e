package web

import (
	"bytes"
	"net/http"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

type programmeRequest struct {
	Title        string `json:"title"`
	OfficeUnitID int64  `json:"office_unit_id"`
	Description  string `json:"description"`
}

type milestoneRequest struct {
	ID           int64       `json:"id"` // an existing milestone's, when a plan is changed; 0 for a new one
	Title        string      `json:"title"`
	Due          duban.Date  `json:"due"`
	TRLRequired  duban.TRL   `json:"trl_required"`
	Deliverables string      `json:"deliverables"`
	Tranche      duban.Money `json:"tranche"`
}

type projectRequest struct {
	ProgrammeID int64              `json:"programme_id"`
	Title       string             `json:"title"`
	Team        string             `json:"team"`
	LeadUnitID  int64              `json:"lead_unit_id"`
	CoopUnitIDs []int64            `json:"coop_unit_ids"`
	Chief       string             `json:"chief"`
	ChiefRole   duban.ChiefRole    `json:"chief_role"`
	StartDate   duban.Date         `json:"start_date"`
	EndDate     duban.Date         `json:"end_date"`
	Budget      duban.Money        `json:"budget"`
	TRLStart    duban.TRL          `json:"trl_start"`
	TRLTarget   duban.TRL          `json:"trl_target"`
	Milestones  []milestoneRequest `json:"milestones"`
}

func (req projectRequest) project() duban.Project {
	x := duban.Project{ProgrammeID: req.ProgrammeID, Title: req.Title, Team: req.Team, LeadUnit: duban.UnitRef{ID: req.LeadUnitID}, Chief: req.Chief,
		ChiefRole: req.ChiefRole, StartDate: req.StartDate, EndDate: req.EndDate, Budget: req.Budget, TRLStart: req.TRLStart, TRLTarget: req.TRLTarget}
	for _, id := range req.CoopUnitIDs {
		x.CoopUnits = append(x.CoopUnits, duban.UnitRef{ID: id})
	}
	for _, m := range req.Milestones {
		x.Milestones = append(x.Milestones, duban.Milestone{ID: m.ID, Title: m.Title, Due: m.Due, TRLRequired: m.TRLRequired, Deliverables: m.Deliverables, Tranche: m.Tranche})
	}
	return x
}

type assessmentRequest struct {
	AssessedOn duban.Date             `json:"assessed_on"`
	Experts    []string               `json:"experts"`
	TRLReached duban.TRL              `json:"trl_reached"`
	Result     duban.AssessmentResult `json:"result"`
	Opinion    string                 `json:"opinion"`
	RectifyDue duban.Date             `json:"rectify_due"`
}

type challengeRequest struct {
	ProgrammeID int64       `json:"programme_id"`
	Title       string      `json:"title"`
	Goal        string      `json:"goal"`
	Conditions  string      `json:"conditions"`
	Budget      duban.Money `json:"budget"`
	Deadline    duban.Date  `json:"deadline"`
}

type publishRequest struct {
	On duban.Date `json:"on"` // the publication day; today when absent
}

type applicationRequest struct {
	UnitID   int64  `json:"unit_id"` // for the office registering for a unit; a liaison applies for its own
	Proposal string `json:"proposal"`
	Team     string `json:"team"`
	Chief    string `json:"chief"`
}

type reviewerRequest struct {
	UserID int64 `json:"user_id"`
}

type reviewRequest struct {
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

type selectionRequest struct {
	ApplicationID int64          `json:"application_id"`
	Project       projectRequest `json:"project"`
}

type selectRequest struct {
	Selections []selectionRequest `json:"selections"`
}

func (s *Server) apiListProgrammes(r *http.Request, q *query) ([]store.ProgrammeSummary, error) {
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.SummariseProgrammes(r.Context(), principal(r), asOf)
}

func (s *Server) apiCreateProgramme(w http.ResponseWriter, r *http.Request) error {
	var req programmeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Programme{Title: req.Title, OfficeUnitID: req.OfficeUnitID, Description: req.Description}
	if err := s.db.CreateProgramme(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiListProjects(r *http.Request, q *query) ([]duban.ProjectRow, error) {
	f := store.ProjectFilter{ProgrammeID: q.id("programme"), ChallengeID: q.id("challenge"), UnitID: q.id("unit")}
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.ProjectLedger(r.Context(), principal(r), f, asOf)
}

func (s *Server) apiCreateProject(w http.ResponseWriter, r *http.Request) error {
	var req projectRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := req.project()
	if err := s.db.CreateProject(r.Context(), principal(r), &x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

// programmeUpdate is what may change of a programme.
type programmeUpdate struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

func (s *Server) apiUpdateProgramme(r *http.Request, id int64, version int, up programmeUpdate) (*duban.Programme, error) {
	return s.db.UpdateProgramme(r.Context(), principal(r), id, version, up.Title, up.Description)
}

func programmeVersion(x *duban.Programme) int { return x.Version }

// apiUpdateProject replaces a running project's fields and milestone plan
// (milestones matched by id; see store.UpdateProject).
func (s *Server) apiUpdateProject(r *http.Request, id int64, version int, req projectRequest) (*duban.Project, error) {
	return s.db.UpdateProject(r.Context(), principal(r), id, version, req.project())
}

func projectVersion(x *duban.Project) int { return x.Version }

func (s *Server) apiGetProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	row, err := s.db.ProjectRowOf(r.Context(), principal(r), id, asOf)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusOK, row.Version, row)
}

func (s *Server) apiListAssessments(r *http.Request, q *query) ([]duban.Assessment, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.ListAssessments(r.Context(), principal(r), id)
}

func (s *Server) apiAssessMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := ifMatch(r)
	if err != nil {
		return err
	}
	var req assessmentRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	a := duban.Assessment{AssessedOn: req.AssessedOn, Experts: req.Experts, TRLReached: req.TRLReached, Result: req.Result, Opinion: req.Opinion, RectifyDue: req.RectifyDue}
	m, err := s.db.AssessMilestone(r.Context(), principal(r), id, v, a)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, m.Version, m)
}

func (s *Server) apiAssignProjectReviewer(w http.ResponseWriter, r *http.Request) error {
	return s.assignReviewer(w, r, false)
}

func (s *Server) apiAssignChallengeReviewer(w http.ResponseWriter, r *http.Request) error {
	return s.assignReviewer(w, r, true)
}

func (s *Server) assignReviewer(w http.ResponseWriter, r *http.Request, challenge bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req reviewerRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	cid, pid := id, int64(0)
	if !challenge {
		cid, pid = 0, id
	}
	if err := s.db.AssignReviewer(r.Context(), principal(r), req.UserID, cid, pid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiExportProjects(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := store.ProjectFilter{ProgrammeID: q.id("programme")}
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	rows, err := s.db.ProjectLedger(r.Context(), principal(r), f, asOf)
	if err != nil {
		return err
	}
	if asOf.IsZero() {
		asOf = duban.DateOf(s.db.Now().In(duban.ChinaTime))
	}
	var buf bytes.Buffer
	if err := xlsx.WriteProjectLedger(&buf, rows, asOf); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "重点项目台账.xlsx", buf.Bytes())
}

func (s *Server) apiTRLLevels(r *http.Request, q *query) ([]duban.TRLLevel, error) {
	return duban.TRLLevels(), nil
}
