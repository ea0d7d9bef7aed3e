package web

import (
	"net/http"
	"strings"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// ticketResponse answers a right password of an account with a second
// factor: the ticket to send with the code to POST /api/v1/auth/totp.
type ticketResponse struct {
	TOTPRequired bool      `json:"totp_required"`
	Ticket       string    `json:"ticket"`
	ExpiresAt    time.Time `json:"expires_at"`
	Detail       string    `json:"detail"`
}

type secondFactorRequest struct {
	Ticket string `json:"ticket"`
	Code   string `json:"code"` // the authenticator's six digits, or a recovery code
}

// apiSecondFactor finishes a sign-in with the code (POST /api/v1/auth/totp).
func (s *Server) apiSecondFactor(w http.ResponseWriter, r *http.Request) error {
	var req secondFactorRequest
	if err := decodeLimit(w, r, &req, maxLoginBody); err != nil {
		return err
	}
	token, u, err := s.db.LoginSecondFactor(r.Context(), strings.TrimSpace(req.Ticket), req.Code, s.clientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	return s.writeLogin(w, r, token, u)
}

// writeLogin answers a sign-in with its token and what is pending.
func (s *Server) writeLogin(w http.ResponseWriter, r *http.Request, token string, u *duban.User) error {
	p, err := s.db.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, loginResponse{Token: token, TokenType: "Bearer", ExpiresAt: time.Now().Add(s.db.SessionPolicy().Lifetime).UTC(), User: u, Pending: p.Pending})
}

func (s *Server) apiMyTOTP(w http.ResponseWriter, r *http.Request) error {
	st, err := s.db.TOTP(r.Context(), principal(r))
	if err != nil {
		return err
	}
	st.Secret, st.Address = "", "" // shown only when an enrolment starts
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiStartTOTP(w http.ResponseWriter, r *http.Request) error {
	st, err := s.db.StartTOTP(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

type codeRequest struct {
	Code string `json:"code"`
}

type recoveryResponse struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

func (s *Server) apiConfirmTOTP(w http.ResponseWriter, r *http.Request) error {
	var req codeRequest
	if err := decodeLimit(w, r, &req, maxLoginBody); err != nil {
		return err
	}
	codes, err := s.db.ConfirmTOTP(r.Context(), principal(r), req.Code)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recoveryResponse{codes})
}

func (s *Server) apiDisableTOTP(w http.ResponseWriter, r *http.Request) error {
	var req codeRequest
	if err := decodeLimit(w, r, &req, maxLoginBody); err != nil {
		return err
	}
	if err := s.db.DisableTOTP(r.Context(), principal(r), req.Code); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiResetTOTP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.ResetTOTP(r.Context(), principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// totpOperations documents the second factor's API routes.
var totpOperations = map[string]operation{
	"POST /api/v1/auth/totp":             {Summary: "登录第二步：以登录时得到的 ticket 和动态验证码（或恢复码）取得令牌", Tag: "auth", Body: secondFactorRequest{}, Result: loginResponse{}},
	"GET /api/v1/me/totp":                {Summary: "自己的双因素认证：是否启用、剩余恢复码、角色是否必须", Tag: "auth", Result: store.TOTPState{}},
	"POST /api/v1/me/totp":               {Summary: "开始绑定身份验证器：返回密钥与 otpauth:// 地址", Tag: "auth", Result: store.TOTPState{}},
	"POST /api/v1/me/totp/confirm":       {Summary: "以当前动态验证码确认绑定，返回10个一次性恢复码（只显示这一次）", Tag: "auth", Body: codeRequest{}, Result: recoveryResponse{}},
	"POST /api/v1/me/totp/disable":       {Summary: "停用自己的双因素认证（须动态验证码或恢复码；角色必须使用时不可停用）", Tag: "auth", Body: codeRequest{}, Status: 204},
	"POST /api/v1/users/{id}/totp/reset": {Summary: "重置他人的双因素认证（如手机丢失；安全管理员），并结束其全部登录", Tag: "users", Status: 204},
}
