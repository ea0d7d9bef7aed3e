package web

import (
	"encoding/json"
	"net/http"

	"duban/internal/duban"
	"duban/internal/store"
)

type sourceRequest struct {
	Kind            duban.SourceKind `json:"kind"`
	Title           string           `json:"title"`
	Round           string           `json:"round"`
	Team            string           `json:"team"`
	InspectionType  string           `json:"inspection_type"`
	Topic           string           `json:"topic"`
	OnsiteStart     duban.Date       `json:"onsite_start"`
	OnsiteEnd       duban.Date       `json:"onsite_end"`
	FeedbackDate    duban.Date       `json:"feedback_date"`
	InspectedUnitID *int64           `json:"inspected_unit_id"`
	DocNumber       string           `json:"doc_number"`
	Leader          string           `json:"leader"`
	IssuedDate      duban.Date       `json:"issued_date"`
	Content         string           `json:"content"`
}

func (s *Server) apiListSources(r *http.Request, q *query) (duban.List[duban.Source], error) {
	f := duban.SourceFilter{Kind: duban.SourceKind(q.str("kind")), Text: q.str("q"), Page: q.page()}
	if err := q.err(); err != nil {
		return duban.List[duban.Source]{}, err
	}
	return s.db.ListSources(r.Context(), f)
}

func (s *Server) apiGetSource(r *http.Request, id int64) (*duban.Source, error) {
	return s.db.FindSource(r.Context(), id)
}

func (s *Server) apiCreateSource(w http.ResponseWriter, r *http.Request) error {
	var req sourceRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := sourceFromRequest(req)
	if err := s.db.CreateSource(r.Context(), principal(r), &x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func sourceFromRequest(q sourceRequest) duban.Source {
	return duban.Source{Kind: q.Kind, Title: q.Title, Round: q.Round, Team: q.Team, InspectionType: q.InspectionType, Topic: q.Topic,
		OnsiteStart: q.OnsiteStart, OnsiteEnd: q.OnsiteEnd, FeedbackDate: q.FeedbackDate, InspectedUnitID: q.InspectedUnitID,
		DocNumber: q.DocNumber, Leader: q.Leader, IssuedDate: q.IssuedDate, Content: q.Content}
}

func (s *Server) apiUpdateSource(r *http.Request, id int64, version int, up duban.SourceUpdate) (*duban.Source, error) {
	return s.db.UpdateSource(r.Context(), principal(r), id, version, up)
}

func sourceVersion(x *duban.Source) int { return x.Version }

type planRequest struct {
	Title       string           `json:"title"`
	OwnerUnitID int64            `json:"owner_unit_id"`
	LeadUnitID  int64            `json:"lead_unit_id"`
	SourceIDs   []int64          `json:"source_ids"`
	Status      duban.PlanStatus `json:"status"`
	Cadence     duban.Cadence    `json:"cadence"`
	ReportDay   int              `json:"report_day"`
	StartDate   duban.Date       `json:"start_date"`
	EndDate     duban.Date       `json:"end_date"`
	Ladder      *duban.Ladder    `json:"ladder"`
	// LookbackMonths defaults to 6 when absent; 0 schedules no look-backs.
	LookbackMonths *int `json:"lookback_months"`
}

func (s *Server) apiListPlans(r *http.Request, q *query) (duban.List[duban.Plan], error) {
	f := duban.PlanFilter{OwnerUnitID: q.id("owner"), SourceID: q.id("source"), Status: duban.PlanStatus(q.str("status")), Text: q.str("q"), Page: q.page()}
	if err := q.err(); err != nil {
		return duban.List[duban.Plan]{}, err
	}
	return s.db.ListPlans(r.Context(), principal(r), f)
}

func (s *Server) apiGetPlan(r *http.Request, id int64) (*duban.Plan, error) {
	return s.db.FindPlan(r.Context(), principal(r), id)
}

func (s *Server) apiCreatePlan(w http.ResponseWriter, r *http.Request) error {
	var req planRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Plan{Title: req.Title, OwnerUnitID: req.OwnerUnitID, LeadUnitID: req.LeadUnitID, SourceIDs: req.SourceIDs, Status: req.Status,
		Cadence: req.Cadence, ReportDay: req.ReportDay, StartDate: req.StartDate, EndDate: req.EndDate, LookbackMonths: 6}
	if req.Ladder != nil {
		x.Ladder = *req.Ladder
	}
	if req.LookbackMonths != nil {
		x.LookbackMonths = *req.LookbackMonths
	}
	if err := s.db.CreatePlan(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiUpdatePlan(r *http.Request, id int64, version int, up duban.PlanUpdate) (*duban.Plan, error) {
	return s.db.UpdatePlan(r.Context(), principal(r), id, version, up)
}

func planVersion(x *duban.Plan) int { return x.Version }

// planAsOf makes a handler for a read of plan {id} as of ?asof= (today by default).
func planAsOf[T any](read func(r *http.Request, id int64, asOf duban.Date) (T, error)) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		q := newQuery(r)
		asOf := q.date("asof")
		if err := q.err(); err != nil {
			return err
		}
		out, err := read(r, id, asOf)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, out)
	}
}

func (s *Server) apiPlanTree(r *http.Request, id int64, asOf duban.Date) (*duban.Tree, error) {
	if large, err := s.db.TreeTooLarge(r.Context(), id); err != nil {
		return nil, err
	} else if large {
		return nil, duban.Errorf(duban.Invalid, "方案有超过 %d 个分办事项，不能一次取出整棵树：请用 /api/v1/plans/%d/tree/level?node= 逐层获取", store.WholeTreeLimit, id)
	}
	return s.db.Tree(r.Context(), principal(r), id, asOf)
}

// apiPlanTreeLevel is one level of the tree: ?node= (the aspects when
// absent), its child nodes with roll-ups and a page of its measures.
func (s *Server) apiPlanTreeLevel(r *http.Request, id int64, asOf duban.Date) (*duban.TreeLevel, error) {
	q := newQuery(r)
	node, page := q.id("node"), q.page()
	if err := q.err(); err != nil {
		return nil, err
	}
	return s.db.TreeLevel(r.Context(), principal(r), id, node, asOf, page)
}

func (s *Server) apiPlanStats(r *http.Request, id int64, asOf duban.Date) (*duban.Stats, error) {
	return s.db.Stats(r.Context(), principal(r), id, asOf)
}

// apiPlanDashboard is the battle map's figures (cards, lights, red list,
// ranking, charts' counts) as of a day. The encoded answer is kept by its
// figures (store.Dashboard.Figures names what they were counted from) and
// the plan as read now, as the page's grid is: on a national plan it is
// 150 KB of JSON, whose encoding was 40 % of the server's time for it.
func (s *Server) apiPlanDashboard(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	d, err := s.db.Dashboard(r.Context(), principal(r), id, asOf)
	if err != nil {
		return err
	}
	plan, err := json.Marshal(d.Plan)
	if err != nil {
		return err
	}
	key := d.Figures + "\x00" + string(plan)
	body, ok := s.dashJSON.get(key)
	if !ok {
		if body, err = json.Marshal(d); err != nil {
			return err
		}
		body = append(body, '\n')
		if d.Figures != "" {
			s.dashJSON.put(key, body)
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

type nodeRequest struct {
	PlanID      int64          `json:"plan_id"`
	ParentID    *int64         `json:"parent_id"`
	Kind        duban.NodeKind `json:"kind"`
	Seq         int            `json:"seq"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
}

func (s *Server) apiListNodes(r *http.Request, q *query) (duban.List[duban.Node], error) {
	f := duban.NodeFilter{PlanID: q.id("plan"), Kind: duban.NodeKind(q.str("kind")), Page: q.page()}
	if q.str("parent") != "" {
		p := int64(q.int("parent"))
		f.ParentID = &p
	}
	if err := q.err(); err != nil {
		return duban.List[duban.Node]{}, err
	}
	return s.db.ListNodes(r.Context(), principal(r), f)
}

func (s *Server) apiGetNode(r *http.Request, id int64) (*duban.Node, error) {
	return s.db.FindNode(r.Context(), principal(r), id)
}

func (s *Server) apiCreateNode(w http.ResponseWriter, r *http.Request) error {
	var req nodeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Node{PlanID: req.PlanID, ParentID: req.ParentID, Kind: req.Kind, Seq: req.Seq, Title: req.Title, Description: req.Description}
	if err := s.db.CreateNode(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiUpdateNode(r *http.Request, id int64, version int, up duban.NodeUpdate) (*duban.Node, error) {
	return s.db.UpdateNode(r.Context(), principal(r), id, version, up)
}

func nodeVersion(x *duban.Node) int { return x.Version }
