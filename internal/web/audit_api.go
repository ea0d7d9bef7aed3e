package web

import (
	"net/http"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// auditFilter reads the audit log's filters from the query: the object
// (target_type, target_id), who acted (actor, a username), the action (an
// action or its group), the days (from, to, both included) and the page.
func auditFilter(q *query) (store.AuditFilter, error) {
	f := store.AuditFilter{TargetType: q.str("target_type"), TargetID: q.id("target_id"), Actor: q.str("actor"), Action: q.str("action"),
		From: q.date("from"), To: q.date("to"), Page: q.page()}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		q.errs.Add("to", "截止日期不能早于起始日期")
	}
	return f, q.err()
}

type verifyRequest struct {
	// Anchor is the chain's head kept elsewhere (duban audit anchor's
	// SEQ:HASH), "" to check the chain alone.
	Anchor string `json:"anchor"`
}

// apiVerifyAudit verifies the audit chain and the business records against
// it (POST /api/v1/audit/verify, the audit administrator).
func (s *Server) apiVerifyAudit(w http.ResponseWriter, r *http.Request) error {
	var req verifyRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	anchor, err := parseAnchor(req.Anchor)
	if err != nil {
		return err
	}
	rep, err := s.db.VerifyAuditBy(r.Context(), principal(r), anchor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// parseAnchor reads an anchor, nil for none.
func parseAnchor(s string) (*store.AuditAnchor, error) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	a, err := store.ParseAnchor(s)
	if err != nil {
		return nil, &duban.Error{Code: duban.Invalid, Message: "锚点应为“序号:哈希”（duban audit anchor 的输出）", Fields: map[string]string{"anchor": "格式不对"}}
	}
	return &a, nil
}

// auditOperations documents the audit administrator's API routes beyond the list.
var auditOperations = map[string]operation{
	"POST /api/v1/audit/verify": {Summary: "核验审计链（可带链外锚点）并比对业务数据与最后的审计记录（审计管理员）", Tag: "audit", Body: verifyRequest{}, Result: store.AuditReport{}},
}
