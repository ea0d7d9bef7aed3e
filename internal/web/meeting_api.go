package web

import (
	"net/http"

	"duban/internal/duban"
)

type meetingRequest struct {
	PlanID    int64      `json:"plan_id"`
	Kind      string     `json:"kind"`
	HeldOn    duban.Date `json:"held_on"`
	Title     string     `json:"title"`
	Attendees string     `json:"attendees"`
	Decisions string     `json:"decisions"`
	TaskIDs   []int64    `json:"task_ids"`
}

func (s *Server) apiListMeetings(r *http.Request, q *query) (duban.List[duban.Meeting], error) {
	f := duban.MeetingFilter{PlanID: q.id("plan"), TaskID: q.id("task"), Kind: q.str("kind"), Page: q.page()}
	if err := q.err(); err != nil {
		return duban.List[duban.Meeting]{}, err
	}
	return s.db.ListMeetings(r.Context(), principal(r), f)
}

func (s *Server) apiGetMeeting(r *http.Request, id int64) (*duban.Meeting, error) {
	return s.db.FindMeeting(r.Context(), principal(r), id)
}

func (s *Server) apiCreateMeeting(w http.ResponseWriter, r *http.Request) error {
	var req meetingRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Meeting{PlanID: req.PlanID, Kind: req.Kind, HeldOn: req.HeldOn, Title: req.Title, Attendees: req.Attendees, Decisions: req.Decisions, TaskIDs: req.TaskIDs}
	if err := s.db.CreateMeeting(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiUpdateMeeting(r *http.Request, id int64, version int, up duban.MeetingUpdate) (*duban.Meeting, error) {
	return s.db.UpdateMeeting(r.Context(), principal(r), id, version, up)
}

func meetingVersion(x *duban.Meeting) int { return x.Version }

type feedbackRequest struct {
	PlanID  *int64 `json:"plan_id"`
	Name    string `json:"name"`
	Contact string `json:"contact"`
	Channel string `json:"channel"`
	Content string `json:"content"`
}

func (s *Server) apiListFeedback(r *http.Request, q *query) (duban.List[duban.Feedback], error) {
	f := duban.FeedbackFilter{PlanID: q.id("plan"), Status: duban.FeedbackStatus(q.str("status")), Page: q.page()}
	if err := q.err(); err != nil {
		return duban.List[duban.Feedback]{}, err
	}
	return s.db.ListFeedback(r.Context(), principal(r), f)
}

func (s *Server) apiGetFeedback(r *http.Request, id int64) (*duban.Feedback, error) {
	return s.db.FindFeedback(r.Context(), principal(r), id)
}

func (s *Server) apiCreateFeedback(w http.ResponseWriter, r *http.Request) error {
	var req feedbackRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	x := &duban.Feedback{PlanID: req.PlanID, Name: req.Name, Contact: req.Contact, Channel: req.Channel, Content: req.Content}
	if err := s.db.CreateFeedback(r.Context(), principal(r), x); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiUpdateFeedback(r *http.Request, id int64, version int, up duban.FeedbackUpdate) (*duban.Feedback, error) {
	return s.db.UpdateFeedback(r.Context(), principal(r), id, version, up)
}

func feedbackVersion(x *duban.Feedback) int { return x.Version }
