package web

import (
	"net/http"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

type feedbackReceiptData struct {
	Base
	Receipt     string
	Found       *store.FeedbackReceipt
	StatusLabel string
	Error       string
}

// feedbackReceiptPage lets anyone holding a receipt number (受理编号) see
// where a message stands and the reply; it shows nothing of the sender.
func (s *Server) feedbackReceiptPage(w http.ResponseWriter, r *http.Request) error {
	data := feedbackReceiptData{Base: s.base(r, "adm.pub.lookup"), Receipt: strings.TrimSpace(r.URL.Query().Get("receipt"))}
	if len([]rune(data.Receipt)) > 40 {
		data.Receipt = string([]rune(data.Receipt)[:40])
	}
	status := http.StatusOK
	if data.Receipt != "" {
		x, err := s.db.FeedbackByReceipt(r.Context(), data.Receipt)
		switch {
		case duban.ErrorCode(err) == duban.NotFound:
			data.Error, status = admT(r, "adm.pub.lookup.none"), http.StatusNotFound
		case err != nil:
			return err
		default:
			data.Found, data.Receipt = x, x.Receipt
			data.StatusLabel = admT(r, "adm.fb.s."+string(x.Status))
		}
	}
	return s.renderAdm(w, r, status, "public_feedback_status.html", data)
}
