package web

import (
	"net/http"
	"strconv"
	"time"

	"duban/internal/calendar"
	"duban/internal/duban"
	"duban/internal/store"
)

type calendarDayRequest struct {
	Workday bool   `json:"workday"`
	Name    string `json:"name"`
}

func (s *Server) apiCalendar(r *http.Request, q *query) (map[string]any, error) {
	year := q.intIn("year", 1949, 2100)
	if err := q.err(); err != nil {
		return nil, err
	}
	if year == 0 {
		year = time.Now().In(duban.ChinaTime).Year()
	}
	days, err := s.db.CalendarDays(r.Context(), year)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"year": year, "covered": s.db.Calendar().Covers(year), "days": days}
	if err := s.db.Calendar().Missing(duban.NewDate(year, 1, 1)); err != nil {
		out["warning"] = errorMessageIn(apiLang(r), err)
	}
	return out, nil
}

func (s *Server) apiSetCalendarDay(w http.ResponseWriter, r *http.Request) error {
	d, err := duban.ParseDate(r.PathValue("date"))
	if err != nil {
		return err
	}
	var req calendarDayRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	day := calendar.Day{Date: d, Workday: req.Workday, Name: req.Name}
	if err := s.db.SetCalendarDay(r.Context(), principal(r), day); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, day)
}

func (s *Server) apiDeleteCalendarDay(w http.ResponseWriter, r *http.Request) error {
	d, err := duban.ParseDate(r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := s.db.DeleteCalendarDay(r.Context(), principal(r), d); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiWorkdays(r *http.Request, q *query) (map[string]any, error) {
	from, to := q.date("from"), q.date("to")
	n, nerr := strconv.Atoi(q.str("n"))
	if q.str("n") != "" && (nerr != nil || n < -3650 || n > 3650) {
		q.errs.Add("n", "应为 -3650 至 3650 之间的整数")
	}
	if from.IsZero() {
		q.errs.Add("from", "必填")
	}
	if err := q.err(); err != nil {
		return nil, err
	}
	cal := s.db.Calendar()
	out := map[string]any{"from": from, "is_workday": cal.IsWorkday(from)}
	if !to.IsZero() {
		out["to"], out["workdays"] = to, cal.Between(from, to)
	}
	if q.str("n") != "" {
		out["n"], out["date"] = n, cal.AddWorkdays(from, n)
	}
	if err := cal.Missing(from); err != nil {
		out["warning"] = errorMessageIn(apiLang(r), err)
	}
	return out, nil
}

func (s *Server) apiListEscalations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	es, err := s.db.ListEscalations(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": es})
}

func (s *Server) apiEscalate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in store.EscalationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.db.Escalate(r.Context(), principal(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

type replyRequest struct {
	Reply string `json:"reply"`
}

func (s *Server) apiReplyEscalation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req replyRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	e, err := s.db.ReplyEscalation(r.Context(), principal(r), id, req.Reply)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

type extensionRequest struct {
	NewDeadline duban.Date `json:"new_deadline"`
	Reason      string     `json:"reason"`
}

func (s *Server) apiListExtensions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	es, err := s.db.ListExtensions(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": es})
}

func (s *Server) apiRequestExtension(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req extensionRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	e, err := s.db.RequestExtension(r.Context(), principal(r), id, req.NewDeadline, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

type decisionRequest struct {
	Comment string `json:"comment"`
}

func (s *Server) apiDecideExtension(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	approve := r.PathValue("decision") == "approve"
	if !approve && r.PathValue("decision") != "refuse" {
		return duban.Errorf(duban.NotFound, "没有“%s”这一操作：应为 approve 或 refuse", r.PathValue("decision"))
	}
	var req decisionRequest
	if r.ContentLength != 0 {
		if err := decode(w, r, &req); err != nil {
			return err
		}
	}
	e, err := s.db.DecideExtension(r.Context(), principal(r), id, approve, req.Comment)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

type lookbackRequest struct {
	DueDate  duban.Date `json:"due_date"`
	Campaign string     `json:"campaign"`
}

func (s *Server) apiScheduleLookbacks(scope string) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var req lookbackRequest
		if err := decode(w, r, &req); err != nil {
			return err
		}
		plan, assignment := id, int64(0)
		if scope == "assignment" {
			plan, assignment = 0, id
		}
		n, err := s.db.ScheduleLookbacks(r.Context(), principal(r), plan, assignment, req.DueDate, req.Campaign)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusCreated, map[string]int{"scheduled": n})
	}
}

func (s *Server) apiListLookbacks(r *http.Request, q *query) (map[string]any, error) {
	f := store.LookbackFilter{PlanID: q.id("plan"), AssignmentID: q.id("assignment"), DueBy: q.date("due_by")}
	if err := q.err(); err != nil {
		return nil, err
	}
	ls, err := s.db.ListLookbacks(r.Context(), principal(r), f)
	return map[string]any{"items": ls}, err
}

type lookbackResultRequest struct {
	Result      duban.LookbackResult `json:"result"`
	Note        string               `json:"note"`
	NewDeadline duban.Date           `json:"new_deadline"`
}

func (s *Server) apiRecordLookback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req lookbackResultRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	l, err := s.db.RecordLookback(r.Context(), principal(r), id, req.Result, req.Note, req.NewDeadline)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

func (s *Server) apiInbox(r *http.Request, q *query) (duban.List[store.Notification], error) {
	unread, page := q.bool("unread"), q.page()
	if err := q.err(); err != nil {
		return duban.List[store.Notification]{}, err
	}
	return s.db.Inbox(r.Context(), principal(r), unread, page)
}

func (s *Server) apiMarkRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.MarkRead(r.Context(), principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiDeliveries(r *http.Request, q *query) (duban.List[store.Delivery], error) {
	page := q.page()
	if err := q.err(); err != nil {
		return duban.List[store.Delivery]{}, err
	}
	return s.db.ListDeliveries(r.Context(), principal(r), q.str("status"), page)
}

type channelRequest struct {
	UnitID *int64 `json:"unit_id"`
	Kind   string `json:"kind"`
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

func (s *Server) apiCreateChannel(w http.ResponseWriter, r *http.Request) error {
	var req channelRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c := &store.Channel{UnitID: req.UnitID, Kind: req.Kind, URL: req.URL, Secret: req.Secret}
	if err := s.db.CreateChannel(r.Context(), principal(r), c); err != nil {
		return err
	}
	c.Secret = ""
	return writeJSON(w, http.StatusCreated, c)
}

// apiRunJobs runs one background pass now, or as of ?at= (a date or an
// RFC 3339 time), so that an administrator can replay the ladder for a day.
func (s *Server) apiRunJobs(w http.ResponseWriter, r *http.Request) error {
	if err := principal(r).RequireAdmin("手动执行后台任务"); err != nil {
		return err
	}
	if s.jobs == nil {
		return duban.Errorf(duban.Conflict, "本实例未启用后台任务")
	}
	at := time.Now()
	if v := r.URL.Query().Get("at"); v != "" {
		d, err := duban.ParseDate(v)
		if err != nil {
			t, terr := time.Parse(time.RFC3339, v)
			if terr != nil {
				return &duban.Error{Code: duban.Invalid, Message: "at 应为日期（2024-10-08）或 RFC 3339 时间", Fields: map[string]string{"at": "无效"}}
			}
			at = t
		} else {
			at = time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 9, 0, 0, 0, duban.ChinaTime)
		}
	}
	rep, err := s.jobs(r.Context(), at)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tl, err := s.db.Timeline(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": tl})
}
