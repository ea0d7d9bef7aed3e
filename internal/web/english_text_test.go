package web

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"duban/internal/duban"
)

func TestEnglishTextOfDomainErrors(t *testing.T) {
	_, dateErr := duban.ParseDate("明年")
	_, yearErr := duban.ParseDate("1900-01-01")
	policy := duban.PasswordPolicy{MinLength: 12, Classes: 3}
	pwErr := policy.Check("abc", "kjt")
	p := duban.Problems{}
	p.Add("title", "请填写标题")
	p.Add("deadline", "必填")
	cases := []struct {
		name string
		zh   string
		want string
	}{
		{"date", duban.ErrorMessage(dateErr), "The date “明年” is not understood: write it as 2021-08-26 or 2021年8月26日."},
		{"year", duban.ErrorMessage(yearErr), "The year of the date “1900-01-01” must be from 1949 to 2100."},
		{"not found with a translated noun", duban.ErrorMessage(duban.Errorf(duban.NotFound, "%s（编号%d）不存在", "分办事项", 7)), "Assignment (ID 7) does not exist."},
		{"forbidden with a translated action", "您没有权限维护工作日历（由系统管理员负责）", "You are not allowed to maintain the working-day calendar (the system administrator does)."},
		{"status and action names", duban.ErrorMessage(duban.Errorf(duban.Conflict, "当前状态为“%s”，不能执行“%s”", "已销号", "交办")), "The status is “Closed”: “Assign” is not possible now."},
		{"problems", duban.ErrorMessage(p.Err()), "Some of what you sent is not right: correct it as shown."},
		{"row prefix", "第12行：请填写整改举措", "Row 12: Give the measure."},
		{"password", duban.ErrorMessage(pwErr), "The password breaks the rules: password: at least 12 characters; must use at least 3 of: capitals, small letters, digits, other signs (it uses 1)"},
		{"deadline tag", "长期坚持", "Long-term"},
		{"meeting type", "工委会", "Working committee"},
		{"data stays", "省科技厅", "省科技厅"},
		{"digest", "刘某同志：\n\n您好！今日需要您关注的督办事项共2项：红灯1项、黄灯1项。请按时限办理。\n\n【红灯】1项\n1. 落实支持政策\n   承办单位：省科技厅；办理时限：2026年12月7日\n   备注：剩余1个工作日\n\n本消息由督查督办系统自动发送。",
			"Dear 刘某,\n\n2 supervised items need your attention today: Red: 1, Yellow: 1. Please handle them on time.\n\n[Red] 1 items\n1. 落实支持政策\n   Unit: 省科技厅; Deadline: 7 Dec 2026\n   Note: 1 working days left\n\nSent automatically by the supervision system."},
		{"progress not imported", "“举措1”“举措2”“举措3”等4项举措的整改进展未导入（其中2项写明已完成）。文件未写明这些举措的责任单位，导入后待分配；进展由分配到的单位报送，完成的经核验销号",
			"The progress of 4 measures (“举措1”“举措2”“举措3” and others) is not imported (2 of them marked done). The file names no responsible unit for them, so they are imported to be assigned; the units they are assigned to report progress, and finished ones are closed after verification"},
		{"progress of one not imported", "举措“举措1”的整改进展未导入。文件未写明这些举措的责任单位，导入后待分配；进展由分配到的单位报送，完成的经核验销号",
			"The progress of measure(s) “举措1” is not imported. The file names no responsible unit for them, so they are imported to be assigned; the units they are assigned to report progress, and finished ones are closed after verification"},
		{"rest days", "3项举措的整改时限2026年10月4日是休息日（国庆节）：“甲”“乙”“丙”，按所填日期保留", "3 measures have their deadline on a rest day, 4 Oct 2026 (National Day): “甲”“乙”“丙”; kept as written"},
		{"unknown sentence stays", "这是一段用户写的整改进展。", "这是一段用户写的整改进展。"},
		{"old Word file", duban.ErrorMessage(duban.Errorf(duban.Invalid, "%s是旧版Word文档（.doc），请在Word或WPS中另存为 .docx 后再导入", "通报.doc")),
			"通报.doc is an old Word document (.doc): save it as .docx in Word or WPS, then import that."},
		{"PDF file", duban.ErrorMessage(duban.Errorf(duban.Invalid, "暂不支持PDF文件，请将%s的文字复制为文本，或另存为 .docx 后再导入", "通报.pdf")),
			"PDF files are not read: copy the text of 通报.pdf into a text file, or save it as .docx, then import that."},
		{"another kind of period", "“三季度”是季度，表头其余期间列是月份，该列未导入", "“三季度” is one of the quarters, while the header's other period columns are months: the column is not imported."},
		{"a span counted", "举措“举措3”的整改时限“10个工作日内”自2026年12月7日（导入之日）起算，定为2026年12月21日，请核对",
			"The deadline of measure “举措3”, “10个工作日内”, is counted from 7 Dec 2026 (the day of the import): set to 21 Dec 2026; check it."},
		{"large file", duban.ErrorMessage(duban.Errorf(duban.Invalid, "%s的正文超过%dMB，无法导入", "通报.docx", 32)), "The text of 通报.docx is over 32 MB and cannot be imported."},
	}
	for _, c := range cases {
		if got := englishText(c.zh); got != c.want {
			t.Errorf("%s: englishText(%q) = %q, want %q", c.name, c.zh, got, c.want)
		}
		if got := textIn("zh", c.zh); got != c.zh {
			t.Errorf("%s: Chinese changed to %q", c.name, got)
		}
	}
	fields := fieldsIn("en", duban.ErrorFields(p.Err()))
	if fields["title"] != "Give a title." || fields["deadline"] != "required" {
		t.Errorf("fields in English: %v", fields)
	}
	if got := errorMessageIn("en", os.ErrNotExist); strings.Contains(got, "exist") || hasCJK(got) {
		t.Errorf("an internal error in English must be generic, got %q", got)
	}
}

func TestProblemLanguage(t *testing.T) {
	err := duban.Problems{"work_date": "日期无效"}.Err()
	for _, c := range []struct {
		accept     string
		detail     string
		field      string
		titleIsCJK bool
	}{
		{"", "提交的内容有误，请按提示修改", "日期无效", true},
		{"zh-CN,zh;q=0.9,en;q=0.8", "提交的内容有误，请按提示修改", "日期无效", true},
		{"en-US,en;q=0.9", "Some of what you sent is not right: correct it as shown.", "not a valid date", false},
		{"en", "Some of what you sent is not right: correct it as shown.", "not a valid date", false},
	} {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/reports", nil)
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		w := httptest.NewRecorder()
		writeProblem(w, r, err)
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Detail != c.detail || p.Errors["work_date"] != c.field || hasCJK(p.Title) != c.titleIsCJK {
			t.Errorf("Accept-Language %q: got %+v", c.accept, p)
		}
	}
}

// TestEnglishMessagesAreWritten keeps the table true: every Chinese key is
// a string the code writes (so a reworded message is noticed), and its
// English form has the same number of arguments.
func TestEnglishMessagesAreWritten(t *testing.T) {
	literals := map[string]bool{}
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Base(path) == "english_messages.go" {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil {
					literals[s] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	written := func(piece string) bool {
		for l := range literals {
			if strings.Contains(l, piece) {
				return true
			}
		}
		return false
	}
	for zh, en := range englishMessages {
		if !literals[zh] {
			// A message the code joins with +: each Chinese piece between
			// the arguments is written somewhere.
			for _, piece := range textVerb.Split(zh, -1) {
				if piece = strings.Trim(piece, "“”。，："); hasCJK(piece) && !written(piece) {
					t.Errorf("%q is in englishMessages but no code writes %q", zh, piece)
				}
			}
		}
		if a, b := len(textVerb.FindAllString(zh, -1)), len(textVerb.FindAllString(en, -1)); a != b {
			t.Errorf("%q has %d arguments, its English %q has %d", zh, a, en, b)
		}
		if hasCJK(en) && !strings.Contains(en, "年") {
			t.Errorf("the English of %q is not English: %q", zh, en)
		}
	}
}

// A step's recipients read in English: the names kept, the note of a unit
// without accounts translated.
func TestEnglishRecipients(t *testing.T) {
	for in, want := range map[string]string{
		"王敏、李强": "王敏, 李强",
		"（省财政厅尚无系统账号，未能在线送达）":  "(省财政厅 has no accounts: not delivered online)",
		"王敏（渭南市尚无系统账号，未能在线送达）": "王敏 (渭南市 has no accounts: not delivered online)",
		"": "",
	} {
		if got := englishRecipients(in); got != want {
			t.Errorf("englishRecipients(%q) = %q, want %q", in, got, want)
		}
	}
}
