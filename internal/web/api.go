package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// apiHandler is an API handler: it returns an error instead of writing one.
type apiHandler func(w http.ResponseWriter, r *http.Request) error

// api adapts h: it requires a bearer token (unless public) and renders a
// returned error as application/problem+json.
func (s *Server) api(h apiHandler, public bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !public {
			p, err := s.authenticate(r)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			r = withPrincipal(r, p)
			if err := confine(p, r); err != nil {
				s.fail(w, r, err)
				return
			}
			if err := p.PendingError(); err != nil && !allowedWhilePending(r, pendingAPI) {
				s.fail(w, r, err)
				return
			}
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *Server) authenticate(r *http.Request) (*duban.Principal, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return nil, duban.Errorf(duban.Unauthorized, "请先登录：在 Authorization 头中提供 Bearer 令牌")
	}
	return s.db.Authenticate(r.Context(), strings.TrimSpace(token))
}

// fail renders err, logging it once if it is internal.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		s.log.Info("client went away", "method", r.Method, "path", r.URL.Path)
		return
	}
	if duban.ErrorCode(err) == duban.Internal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r), slog.Any("err", err))
	}
	s.recordDenied(r, err)
	writeProblem(w, r, err)
}

var problemStatus = map[duban.Code]int{
	duban.Invalid:      http.StatusUnprocessableEntity,
	duban.NotFound:     http.StatusNotFound,
	duban.Conflict:     http.StatusConflict,
	duban.Forbidden:    http.StatusForbidden,
	duban.Unauthorized: http.StatusUnauthorized,
	duban.Stale:        http.StatusPreconditionFailed,
	duban.Internal:     http.StatusInternalServerError,
	duban.TooMany:      http.StatusTooManyRequests,
	duban.Locked:       http.StatusLocked,

	duban.PasswordChangeRequired: http.StatusForbidden,
	duban.TOTPEnrolmentRequired:  http.StatusForbidden,
	duban.TOTPRequired:           http.StatusUnauthorized,
}

var problemTitle = map[duban.Code]string{
	duban.Invalid:      "提交的内容有误",
	duban.NotFound:     "记录不存在",
	duban.Conflict:     "操作与当前状态冲突",
	duban.Forbidden:    "没有权限",
	duban.Unauthorized: "未登录或登录已失效",
	duban.Stale:        "记录已被他人修改",
	duban.Internal:     "服务器内部错误",
	duban.TooMany:      "请求过多",
	duban.Locked:       "账号已锁定",
	badRequest:         "请求格式错误",
	unsupportedMedia:   "请求体类型不受支持",

	duban.PasswordChangeRequired: "须先修改密码",
	duban.TOTPEnrolmentRequired:  "须先启用双因素认证",
	duban.TOTPRequired:           "须输入动态验证码",
}

// badRequest marks malformed requests (not JSON, unknown fields): 400.
const badRequest duban.Code = "bad_request"

// unsupportedMedia marks a body of a type the route does not take: 415.
const unsupportedMedia duban.Code = "unsupported_media_type"

// Problem is an RFC 9457 problem document with duban's extensions.
type Problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail"`
	Code     duban.Code        `json:"code"`
	Instance string            `json:"instance,omitempty"`
	Errors   map[string]string `json:"errors,omitempty"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	code := duban.ErrorCode(err)
	status, ok := problemStatus[code]
	if code == badRequest {
		status, ok = http.StatusBadRequest, true
	}
	if code == unsupportedMedia {
		status, ok = http.StatusUnsupportedMediaType, true
	}
	if !ok {
		status = http.StatusInternalServerError
	}
	in := apiLang(r)
	p := Problem{
		Type:     "urn:duban:problem:" + string(code),
		Title:    textIn(in, problemTitle[code]),
		Status:   status,
		Detail:   errorMessageIn(in, err),
		Code:     code,
		Instance: r.URL.Path,
		Errors:   fieldsIn(in, duban.ErrorFields(err)),
	}
	if code == duban.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="duban"`)
	}
	retryAfter(w, err)
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// writeJSON writes v with a status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// writeRecord writes one versioned record with its ETag.
func writeRecord(w http.ResponseWriter, status, version int, v any) error {
	w.Header().Set("ETag", etag(version))
	return writeJSON(w, status, v)
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch reads the If-Match header: the version the client last saw, or 0
// when the header is absent or "*".
func ifMatch(r *http.Request) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	h = strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	v, err := strconv.Atoi(h)
	if err != nil || v <= 0 {
		return 0, duban.Errorf(duban.Stale, "If-Match 中的版本标识“%s”无效，请重新读取记录", h)
	}
	return v, nil
}

// maxBody caps the size of a JSON request body.
const maxBody = 1 << 20

// decode reads a JSON body into v, refusing unknown fields and text with NUL.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeLimit(w, r, v, maxBody)
}

// decodeLimit is decode with a body limit of its own.
func decodeLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); ct != "" && !strings.EqualFold(strings.TrimSpace(ct), "application/json") {
		return duban.Errorf(unsupportedMedia, "请求体应为 JSON（Content-Type: application/json），收到的是“%s”", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		return duban.Errorf(badRequest, "请求体在 JSON 对象之后还有多余内容")
	}
	if err == nil {
		var extra json.RawMessage
		if dec.Decode(&extra) != io.EOF {
			return duban.Errorf(badRequest, "请求体在 JSON 对象之后还有多余内容")
		}
	}
	if err == nil && hasNUL(reflect.ValueOf(v)) {
		return errNUL
	}
	var (
		syntax    *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		maxErr    *http.MaxBytesError
		domainErr *duban.Error
	)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF):
		return duban.Errorf(badRequest, "请求体为空，应为 JSON 对象")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return duban.Errorf(badRequest, "请求体不是有效的 JSON")
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return duban.Errorf(badRequest, "请求体应为 JSON 对象")
	case errors.As(err, &typeErr):
		return &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("字段“%s”的类型不对", typeErr.Field), Fields: map[string]string{typeErr.Field: "类型不对"}}
	case errors.As(err, &maxErr):
		return duban.Errorf(badRequest, "请求体过大（上限%s）", sizeName(limit))
	case errors.As(err, &domainErr):
		return err
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &duban.Error{Code: badRequest, Message: fmt.Sprintf("未知字段“%s”", f), Fields: map[string]string{f: "未知字段"}}
	}
	return duban.Errorf(badRequest, "无法解析请求体")
}

func sizeName(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMB", n>>20)
	}
	return fmt.Sprintf("%dKB", n>>10)
}

// pathID reads the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, duban.Errorf(duban.NotFound, "编号“%s”无效", r.PathValue("id"))
	}
	return id, nil
}

// query reads typed query parameters and collects the bad ones.
type query struct {
	r    *http.Request
	errs duban.Problems
}

func newQuery(r *http.Request) *query { return &query{r: r, errs: duban.Problems{}} }

func (q *query) str(name string) string { return strings.TrimSpace(q.r.URL.Query().Get(name)) }

func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		q.errs.Add(name, "应为正整数编号")
	}
	return v
}

func (q *query) int(name string) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		q.errs.Add(name, "应为非负整数")
	}
	return v
}

// intIn reads an integer that must lie within lo..hi (absent: 0).
func (q *query) intIn(name string, lo, hi int) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		q.errs.Add(name, fmt.Sprintf("应为 %d 至 %d 之间的整数", lo, hi))
	}
	return v
}

func (q *query) bool(name string) bool {
	switch strings.ToLower(q.str(name)) {
	case "", "0", "false", "no":
		return false
	case "1", "true", "yes":
		return true
	}
	q.errs.Add(name, "应为 true 或 false")
	return false
}

func (q *query) date(name string) duban.Date {
	d, err := duban.ParseDate(q.str(name))
	if err != nil {
		q.errs.Add(name, duban.ErrorMessage(err))
	}
	return d
}

func (q *query) page() duban.Page {
	return duban.Page{Cursor: q.str("cursor"), Limit: q.intIn("limit", 1, duban.MaxPageLimit)}
}

// err returns the collected problems as an Invalid error, or nil.
func (q *query) err() error {
	if len(q.errs) == 0 {
		return nil
	}
	return &duban.Error{Code: duban.Invalid, Message: "查询参数有误", Fields: q.errs}
}

// getOne makes a handler that reads the record {id} with find.
func getOne[T any](find func(r *http.Request, id int64) (*T, error), version func(*T) int) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		x, err := find(r, id)
		if err != nil {
			return err
		}
		return writeRecord(w, http.StatusOK, version(x), x)
	}
}

// updateOne makes a handler that applies a JSON body of type U to the record
// {id}, honouring If-Match.
func updateOne[T, U any](update func(r *http.Request, id int64, version int, up U) (*T, error), version func(*T) int) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		v, err := ifMatch(r)
		if err != nil {
			return err
		}
		var up U
		if err := decode(w, r, &up); err != nil {
			return err
		}
		x, err := update(r, id, v, up)
		if err != nil {
			return err
		}
		return writeRecord(w, http.StatusOK, version(x), x)
	}
}

// listOf makes a handler that writes what list returns.
func listOf[T any](list func(r *http.Request, q *query) (T, error)) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := newQuery(r)
		out, err := list(r, q)
		if err != nil {
			return err
		}
		if l, ok := any(out).(duban.List[duban.Assignment]); ok {
			return writeAssignments(w, l)
		}
		return writeJSON(w, http.StatusOK, out)
	}
}
