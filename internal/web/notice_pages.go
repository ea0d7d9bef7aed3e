package web

import (
	"bytes"
	"fmt"
	"net/http"

	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/report"
)

// registerNoticePages registers the 督办单 of an item: a preview to read
// and print, and the Word file.
func (s *Server) registerNoticePages() {
	s.mux.Handle("GET /assignments/{id}/notices/{sub}", s.page(s.noticePage, false))
	s.mux.Handle("GET /assignments/{id}/notices/{sub}/notice.docx", s.page(s.noticeDocx, false))
}

// issuedNotice composes the 督办单 an escalation issued, as it read on the
// day it was issued; NotFound unless it is a 督办单 of the item the caller
// may see.
func (s *Server) issuedNotice(r *http.Request) (*duban.Escalation, *duban.Document, error) {
	id, err := adminPathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	sub, err := adminPathID(r, "sub")
	if err != nil {
		return nil, nil, err
	}
	ctx, p := r.Context(), principal(r)
	es, err := s.db.ListEscalations(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range es {
		if e.ID == sub && e.Level == duban.LevelNotice {
			day := duban.DateOf(e.IssuedAt.In(duban.ChinaTime))
			doc, err := report.SupervisionOf(ctx, s.db, p, id, e.Number, e.ReplyDue, day)
			return &e, doc, err
		}
	}
	return nil, nil, duban.Errorf(duban.NotFound, "督办单（编号%d）不存在", sub)
}

type noticeData struct {
	Base
	AssignmentID int64
	Notice       *duban.Escalation
	Doc          *duban.Document
}

// noticePage shows a 督办单 as the official form reads, to check and print.
func (s *Server) noticePage(w http.ResponseWriter, r *http.Request) error {
	e, doc, err := s.issuedNotice(r)
	if err != nil {
		return err
	}
	data := noticeData{Base: s.base(r, "sys.notice.title"), AssignmentID: e.AssignmentID, Notice: e, Doc: doc}
	if e.Number != "" {
		data.Title = e.Number + " · " + data.Title
	}
	return s.render(w, r, "notice.html", data)
}

// noticeDocx downloads a 督办单 as a Word file (GB/T 9704); the download is audited.
func (s *Server) noticeDocx(w http.ResponseWriter, r *http.Request) error {
	e, doc, err := s.issuedNotice(r)
	if err != nil {
		return err
	}
	if err := s.recordExport(r, "supervision-notice", "assignment", e.AssignmentID); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, doc, docx.Options{Fonts: docx.DefaultFonts()}); err != nil {
		return err
	}
	name := "督办通知单"
	if e.Number != "" {
		name = fmt.Sprintf("督办通知单%s", e.Number)
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name+".docx", buf.Bytes())
}
