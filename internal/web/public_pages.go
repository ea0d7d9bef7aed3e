package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// publicListData is the public list of published notices.
type publicListData struct {
	Base
	Items []store.PublishedNotice
	More  string
}

// publicPage lists every published notice, newest first.
func (s *Server) publicPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.PublishedNotices(r.Context(), duban.Page{Cursor: r.URL.Query().Get("cursor"), Limit: 20})
	if err != nil {
		return err
	}
	data := publicListData{Base: s.base(r, "public.title"), Items: list.Items}
	if list.NextCursor != "" {
		data.More = "/public?cursor=" + url.QueryEscape(list.NextCursor)
	}
	return s.render(w, r, "public.html", data)
}

// publicNoticeData is one published notice.
type publicNoticeData struct {
	Base
	Notice *store.PublishedNotice
}

// publicNoticePage shows a published notice with links to its neighbours.
func (s *Server) publicNoticePage(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.db.PublishedNotice(r.Context(), id)
	if err != nil {
		return err
	}
	data := publicNoticeData{Base: s.base(r, "public.title"), Notice: n}
	data.Title = n.Title
	return s.render(w, r, "public_notice.html", data)
}

// publicFeedback is the public 意见建议 form with its rate limit.
type publicFeedback struct {
	s     *Server
	limit *admRateLimit
}

type publicFeedbackData struct {
	Base
	Plans    []store.PublicPlan
	Form     publicFeedbackValues
	Error    string
	Fields   map[string]string
	Limited  bool
	MaxRunes int
}

type publicFeedbackValues struct {
	Name, Contact, Content string
	Plan                   int64
}

func (pf *publicFeedback) data(r *http.Request) (publicFeedbackData, error) {
	plans, err := pf.s.db.PublicPlans(r.Context())
	return publicFeedbackData{Base: pf.s.base(r, "adm.pub.fb.title"), Plans: plans, MaxRunes: publicFeedbackMaxRunes,
		Form: publicFeedbackValues{Plan: admFormID(r.URL.Query().Get("plan"))}}, err
}

func (pf *publicFeedback) get(w http.ResponseWriter, r *http.Request) error {
	data, err := pf.data(r)
	if err != nil {
		return err
	}
	return pf.s.render(w, r, "public_feedback.html", data)
}

// post takes a message from the public: at most publicFeedbackPerWindow per
// address per window, a small body, and written as the system.
func (pf *publicFeedback) post(w http.ResponseWriter, r *http.Request) error {
	s := pf.s
	data, err := pf.data(r)
	if err != nil {
		return err
	}
	ip, now := admClientIP(r), s.db.Now()
	allowed, err := pf.limit.allow(r.Context(), ip, now)
	if err != nil {
		return err
	}
	if !allowed {
		w.Header().Set("Retry-After", strconv.Itoa(int(publicFeedbackWindow.Seconds())))
		data.Limited, data.Error = true, admT(r, "adm.pub.limited", int(publicFeedbackWindow.Minutes()))
		return s.renderAdm(w, r, http.StatusTooManyRequests, "public_feedback.html", data)
	}
	// The form posts multipart: 2000 Chinese characters URL-encoded would
	// not fit in the body limit (9 bytes each), as multipart they take 6 KB.
	r.Body = http.MaxBytesReader(w, r.Body, publicFeedbackMaxBody)
	parse := r.ParseForm
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		parse = func() error { return r.ParseMultipartForm(publicFeedbackMaxBody) }
	}
	if err := parse(); err != nil {
		data.Error = admT(r, "adm.pub.toolarge")
		return s.renderAdm(w, r, http.StatusRequestEntityTooLarge, "public_feedback.html", data)
	}
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := publicFeedbackValues{Name: f("name"), Contact: f("contact"), Content: f("content"), Plan: admFormID(f("plan_id"))}
	x := &duban.Feedback{Name: v.Name, Contact: v.Contact, Channel: "web", Content: v.Content}
	c := newAdmChecks(r)
	switch n := len([]rune(v.Content)); {
	case n == 0:
		c.add("content", "adm.pub.err.content")
	case n > publicFeedbackMaxRunes:
		c.add("content", "adm.pub.err.long")
	}
	if len([]rune(v.Name)) > 50 {
		c.add("name", "adm.pub.err.name")
	}
	if len([]rune(v.Contact)) > 100 {
		c.add("contact", "adm.pub.err.contact")
	}
	if v.Plan != 0 {
		if !slices.ContainsFunc(data.Plans, func(p store.PublicPlan) bool { return p.ID == v.Plan }) {
			c.add("plan_id", "adm.pub.err.plan")
		}
		x.PlanID = &v.Plan
	}
	err = c.err(nil)
	if err == nil {
		err = s.db.CreateFeedback(r.Context(), duban.System, x)
	}
	if err != nil {
		if !admFormFailure(err) {
			return err
		}
		data.Form = v
		data.Error, data.Fields = formError(lang(r), err)
		return s.renderAdm(w, r, admStatus(err), "public_feedback.html", data)
	}
	if err := pf.limit.add(r.Context(), ip, now); err != nil {
		return err
	}
	return admDone(w, r, admT(r, "adm.pub.thanks")+admT(r, "adm.pub.receipt", x.Receipt), "/public/feedback/status?receipt="+url.QueryEscape(x.Receipt))
}

// admClientIP is the address a request came from (the proxy's, behind one).
func admClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// admRateLimit allows at most n events per key within a sliding window,
// counted in the database so that every instance shares the limit.
type admRateLimit struct {
	db     *store.DB
	scope  string
	n      int
	window time.Duration
}

func newAdmRateLimit(db *store.DB, scope string, n int, window time.Duration) *admRateLimit {
	return &admRateLimit{db: db, scope: scope, n: n, window: window}
}

// allow reports whether key may have one more event at now.
func (l *admRateLimit) allow(ctx context.Context, key string, now time.Time) (bool, error) {
	return l.db.RateAllowed(ctx, l.scope, key, l.n, l.window, now)
}

// add records an event of key at now.
func (l *admRateLimit) add(ctx context.Context, key string, now time.Time) error {
	return l.db.RateRecord(ctx, l.scope, key, l.window, now)
}
